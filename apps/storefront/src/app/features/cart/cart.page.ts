import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { CART_LINE_MAX_QUANTITY, type CartLine } from '@flashline/contracts';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { MoneyPipe } from '../../core/money/money.pipe';
import { CartStore } from './cart.store';

/** The cart: lines, quantities, problems, totals, and checkout (which holds every line at once). */
@Component({
  selector: 'fl-cart-page',
  imports: [RouterLink, MoneyPipe],
  templateUrl: './cart.page.html',
  styleUrl: './cart.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CartPage {
  private readonly store = inject(CartStore);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

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
