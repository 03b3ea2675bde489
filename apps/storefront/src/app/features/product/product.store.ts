import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Product } from '@flashline/contracts';
import { Subject, catchError, finalize, map, of, startWith, switchMap } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { ProductsApi } from '../../core/api/products.api';
import { CartStore } from '../cart/cart.store';

export type ProductState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly product: Product }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'error'; readonly error: ApiError };

export type AddToCartState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'adding' }
  | { readonly kind: 'added'; readonly quantity: number }
  | { readonly kind: 'failed'; readonly error: ApiError };

/** One product and adding it to the cart. */
@Injectable()
export class ProductStore {
  private readonly api = inject(ProductsApi);
  private readonly cart = inject(CartStore);
  private readonly destroyRef = inject(DestroyRef);
  private readonly ids = new Subject<string>();
  private readonly productState = signal<ProductState>({ kind: 'loading' });
  private readonly addState = signal<AddToCartState>({ kind: 'idle' });

  readonly state = this.productState.asReadonly();
  readonly addToCartState = this.addState.asReadonly();

  constructor() {
    this.ids
      .pipe(
        switchMap((id) =>
          this.api.get(id).pipe(
            map((product): ProductState => ({ kind: 'ready', product })),
            catchError((error: unknown) => {
              const apiError = toApiError(error);
              return of<ProductState>(
                apiError.status === 404 || apiError.code === 'VALIDATION_FAILED'
                  ? { kind: 'not_found' }
                  : { kind: 'error', error: apiError },
              );
            }),
            startWith<ProductState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((state) => {
        this.productState.set(state);
        this.addState.set({ kind: 'idle' });
      });
  }

  load(id: string): void {
    this.ids.next(id);
  }

  addToCart(quantity: number): void {
    const state = this.productState();
    if (state.kind !== 'ready' || this.addState().kind === 'adding') return;
    this.addState.set({ kind: 'adding' });
    this.cart
      .addItem(state.product.id, quantity)
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => {
          if (this.addState().kind === 'adding') this.addState.set({ kind: 'idle' });
        }),
      )
      .subscribe({
        next: () => this.addState.set({ kind: 'added', quantity }),
        error: (error: unknown) => this.addState.set({ kind: 'failed', error: toApiError(error) }),
      });
  }
}
