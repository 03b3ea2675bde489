import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Page, type Product } from '@flashline/contracts';
import { Subject, catchError, map, of, startWith, switchMap } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { ProductsApi } from '../../core/api/products.api';

export const CATALOGUE_PAGE_SIZE = 12;

export interface CatalogueQuery {
  readonly q: string;
  readonly page: number;
}

export type CatalogueState =
  | { readonly kind: 'loading'; readonly query: CatalogueQuery }
  | { readonly kind: 'ready'; readonly query: CatalogueQuery; readonly result: Page<Product> }
  | { readonly kind: 'error'; readonly query: CatalogueQuery; readonly error: ApiError };

/** One page of the catalogue for a search; a newer query cancels the one still loading. */
@Injectable()
export class CatalogueStore {
  private readonly api = inject(ProductsApi);
  private readonly queries = new Subject<CatalogueQuery>();
  private readonly current = signal<CatalogueState>({ kind: 'loading', query: { q: '', page: 1 } });

  readonly state = this.current.asReadonly();

  constructor() {
    this.queries
      .pipe(
        switchMap((query) =>
          this.api.list({ q: query.q || undefined, page: query.page, limit: CATALOGUE_PAGE_SIZE }).pipe(
            map((result): CatalogueState => ({ kind: 'ready', query, result })),
            catchError((error: unknown) =>
              of<CatalogueState>({ kind: 'error', query, error: toApiError(error) }),
            ),
            startWith<CatalogueState>({ kind: 'loading', query }),
          ),
        ),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((state) => this.current.set(state));
  }

  load(query: CatalogueQuery): void {
    this.queries.next(query);
  }
}
