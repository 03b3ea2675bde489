import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Order } from '@flashline/contracts';
import { Subject, catchError, map, of, startWith, switchMap } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { OrdersApi } from '../../core/api/orders.api';

export type OrderState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly order: Order }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'error'; readonly error: ApiError };

/** One of the shopper's orders. */
@Injectable()
export class OrderStore {
  private readonly api = inject(OrdersApi);
  private readonly ids = new Subject<string>();
  private readonly current = signal<OrderState>({ kind: 'loading' });

  readonly state = this.current.asReadonly();

  constructor() {
    this.ids
      .pipe(
        switchMap((id) =>
          this.api.get(id).pipe(
            map((order): OrderState => ({ kind: 'ready', order })),
            catchError((error: unknown) => {
              const apiError = toApiError(error);
              return of<OrderState>(
                apiError.code === 'NOT_FOUND' ? { kind: 'not_found' } : { kind: 'error', error: apiError },
              );
            }),
            startWith<OrderState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((state) => this.current.set(state));
  }

  load(id: string): void {
    this.ids.next(id);
  }
}
