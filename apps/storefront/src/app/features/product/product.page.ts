import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { CART_LINE_MAX_QUANTITY, type FlashSale } from '@flashline/contracts';
import { catchError, of } from 'rxjs';

import { FlashSalesApi } from '../../core/api/flash-sales.api';

import { AuthStore } from '../../core/auth/auth.store';
import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';
import { ProductStore } from './product.store';

/** A product's page: picture, description, price, stock, "Add to cart", and its live flash sale if any. */
@Component({
  selector: 'fl-product-page',
  imports: [RouterLink, MoneyPipe, ProductImage],
  templateUrl: './product.page.html',
  styleUrl: './product.page.css',
  providers: [ProductStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductPage {
  private readonly store = inject(ProductStore);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  /** Route parameter. */
  readonly id = input.required<string>();

  protected readonly state = this.store.state;
  protected readonly addState = this.store.addToCartState;
  protected readonly productName = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? state.product.name : 'Product';
  });
  /** Sales open now (best effort: without them the page is just the product). */
  private readonly liveSales = toSignal(
    inject(FlashSalesApi)
      .list('active')
      .pipe(catchError(() => of([]))),
    { initialValue: [] },
  );
  /** This product's open flash sale with units left: the page points to it. */
  protected readonly flashSale = computed<FlashSale | undefined>(() => {
    const state = this.state();
    if (state.kind !== 'ready') return undefined;
    return this.liveSales().find(
      (sale) => sale.product.id === state.product.id && sale.status === 'active' && sale.remaining > 0,
    );
  });
  protected readonly quantity = signal(1);
  protected readonly maxQuantity = computed(() => {
    const state = this.state();
    return state.kind === 'ready' ? Math.min(CART_LINE_MAX_QUANTITY, state.product.stock) : 1;
  });
  protected readonly quantityOptions = computed(() =>
    Array.from({ length: Math.min(10, this.maxQuantity()) }, (_, index) => index + 1),
  );

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => {
        this.quantity.set(1);
        this.store.load(id);
      });
    });
  }

  protected chooseQuantity(value: string): void {
    this.quantity.set(Math.max(1, Number(value) || 1));
  }

  protected addToCart(): void {
    if (!this.auth.isSignedIn()) {
      void this.router.navigate(['/sign-in'], { queryParams: { returnUrl: this.router.url } });
      return;
    }
    this.store.addToCart(this.quantity());
  }
}
