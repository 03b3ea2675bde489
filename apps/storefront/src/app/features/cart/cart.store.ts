import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { CART_LINE_MAX_QUANTITY, type Cart, type Reservation } from '@flashline/contracts';
import { type Observable, finalize, switchMap, tap, of } from 'rxjs';

import { CartApi } from '../../core/api/cart.api';
import { type ApiError, toApiError } from '../../core/api/api-error';
import { AuthStore } from '../../core/auth/auth.store';

/**
 * The signed-in shopper's cart, shared by the header (count) and the cart and product pages. Loaded when
 * a shopper signs in, forgotten when they sign out. Every change answers with the whole cart, which
 * replaces the state.
 */
@Injectable({ providedIn: 'root' })
export class CartStore {
  private readonly api = inject(CartApi);
  private readonly auth = inject(AuthStore);
  private readonly state = signal<Cart | null>(null);
  private readonly loading = signal(false);
  private readonly failure = signal<ApiError | null>(null);
  private readonly pending = signal<ReadonlySet<string>>(new Set());

  readonly cart = this.state.asReadonly();
  readonly isLoading = this.loading.asReadonly();
  readonly error = this.failure.asReadonly();
  /** Units across all lines: the header badge. */
  readonly count = computed(() => this.state()?.items.reduce((sum, line) => sum + line.quantity, 0) ?? 0);
  readonly isEmpty = computed(() => (this.state()?.items.length ?? 0) === 0);
  /** A line that cannot be bought as it stands (archived, not enough stock) blocks checkout. */
  readonly hasProblems = computed(
    () => this.state()?.items.some((line) => line.problem !== undefined) ?? false,
  );

  constructor() {
    effect(() => {
      const userId = this.auth.user()?.id;
      untracked(() => (userId === undefined ? this.reset() : this.load()));
    });
  }

  isPending(productId: string): boolean {
    return this.pending().has(productId);
  }

  load(): void {
    this.loading.set(true);
    this.api
      .get()
      .pipe(finalize(() => this.loading.set(false)))
      .subscribe({
        next: (cart) => {
          this.state.set(cart);
          this.failure.set(null);
        },
        error: (error: unknown) => this.failure.set(toApiError(error)),
      });
  }

  /** Adds `quantity` units to whatever the cart already has of the product (capped at the line maximum). */
  addItem(productId: string, quantity: number): Observable<Cart> {
    const current$ = this.state() === null ? this.api.get() : of(this.state() as Cart);
    return current$.pipe(
      switchMap((cart) => {
        const existing = cart.items.find((line) => line.productId === productId)?.quantity ?? 0;
        return this.api.setQuantity(productId, Math.min(CART_LINE_MAX_QUANTITY, existing + quantity));
      }),
      tap((cart) => this.state.set(cart)),
    );
  }

  setQuantity(productId: string, quantity: number): void {
    this.change(productId, this.api.setQuantity(productId, quantity));
  }

  remove(productId: string): void {
    this.change(productId, this.api.remove(productId));
  }

  /** Holds every line (all or nothing); the held lines leave the cart, so it is read again afterwards. */
  checkout(): Observable<Reservation> {
    return this.api.checkout().pipe(tap({ next: () => this.load(), error: () => this.load() }));
  }

  private change(productId: string, request: Observable<Cart>): void {
    this.pending.update((ids) => new Set(ids).add(productId));
    this.failure.set(null);
    request
      .pipe(
        finalize(() =>
          this.pending.update((ids) => {
            const next = new Set(ids);
            next.delete(productId);
            return next;
          }),
        ),
      )
      .subscribe({
        next: (cart) => this.state.set(cart),
        error: (error: unknown) => this.failure.set(toApiError(error)),
      });
  }

  private reset(): void {
    this.state.set(null);
    this.failure.set(null);
  }
}
