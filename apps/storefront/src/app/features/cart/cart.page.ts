import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { CART_LINE_MAX_QUANTITY, type CartLine } from '@flashline/contracts';

import { catchError, map, of } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { ProductsApi } from '../../core/api/products.api';
import { MoneyPipe } from '../../core/money/money.pipe';
import { ProductImage } from '../../shared/ui/product-image';
import { CartStore } from './cart.store';

/** The cart: lines, quantities, problems, totals, and checkout (which holds every line at once). */
@Component({
  selector: 'fl-cart-page',
  imports: [RouterLink, MoneyPipe, ProductImage],
  templateUrl: './cart.page.html',
  styleUrl: './cart.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CartPage {
  private readonly store = inject(CartStore);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly productsApi = inject(ProductsApi);
  /** Product pictures for the lines (cart lines carry none): read once per product, absent if unreadable. */
  private readonly pictures = signal<ReadonlyMap<string, string | undefined>>(new Map());
  private readonly requested = new Set<string>();

  protected readonly cart = this.store.cart;
  protected readonly count = this.store.count;
  protected readonly isLoading = this.store.isLoading;
  protected readonly error = this.store.error;
  protected readonly hasProblems = this.store.hasProblems;
  protected readonly maxQuantity = CART_LINE_MAX_QUANTITY;
  protected readonly checkingOut = signal(false);
  protected readonly checkoutError = signal<ApiError | null>(null);

  constructor() {
    this.store.load();
    effect(() => {
      const productIds = this.cart()?.items.map((line) => line.productId) ?? [];
      untracked(() => productIds.forEach((productId) => this.loadPicture(productId)));
    });
  }

  protected picture(line: CartLine): string | undefined {
    return this.pictures().get(line.productId);
  }

  private loadPicture(productId: string): void {
    if (this.requested.has(productId)) return;
    this.requested.add(productId);
    this.productsApi
      .get(productId)
      .pipe(
        map((product) => product.imageUrl),
        catchError(() => of(undefined)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((imageUrl) => this.pictures.update((known) => new Map(known).set(productId, imageUrl)));
  }

  protected isPending(line: CartLine): boolean {
    return this.store.isPending(line.productId);
  }

  protected changeQuantity(line: CartLine, quantity: number): void {
    if (quantity < 1 || quantity > CART_LINE_MAX_QUANTITY || quantity === line.quantity) return;
    this.store.setQuantity(line.productId, quantity);
  }

  protected removeLine(line: CartLine): void {
    this.store.remove(line.productId);
  }

  protected checkout(): void {
    if (this.checkingOut()) return;
    this.checkingOut.set(true);
    this.checkoutError.set(null);
    this.store
      .checkout()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (reservation) => void this.router.navigate(['/checkout', reservation.id]),
        error: (error: unknown) => {
          this.checkingOut.set(false);
          this.checkoutError.set(toApiError(error));
        },
      });
  }
}
