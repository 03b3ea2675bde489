import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Order, type Page } from '@flashline/contracts';
import { Subject, catchError, map, of, startWith, switchMap } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { OrdersApi } from '../../core/api/orders.api';

export const ORDERS_PAGE_SIZE = 10;

export type OrdersState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly result: Page<Order> }
  | { readonly kind: 'error'; readonly error: ApiError };

/** The shopper's own orders, a page at a time. */
@Injectable()
export class OrdersStore {
  private readonly api = inject(OrdersApi);
  private readonly pages = new Subject<number>();
  private readonly current = signal<OrdersState>({ kind: 'loading' });

  readonly state = this.current.asReadonly();

  constructor() {
    this.pages
      .pipe(
        switchMap((page) =>
          this.api.list({ page, limit: ORDERS_PAGE_SIZE }).pipe(
            map((result): OrdersState => ({ kind: 'ready', result })),
            catchError((error: unknown) => of<OrdersState>({ kind: 'error', error: toApiError(error) })),
            startWith<OrdersState>({ kind: 'loading' }),
          ),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((state) => this.current.set(state));
  }

  load(page: number): void {
    this.pages.next(page);
  }
}
