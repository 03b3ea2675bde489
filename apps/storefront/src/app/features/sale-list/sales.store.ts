import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type FlashSale } from '@flashline/contracts';
import { catchError, exhaustMap, forkJoin, map, of, startWith, timer } from 'rxjs';

import { type ApiError, toApiError } from '../../core/api/api-error';
import { FlashSalesApi } from '../../core/api/flash-sales.api';
import { ServerClock } from '../../core/clock/server-clock';
import { salePhase } from '../sale-page/sale-phase';

/**
 * How often the list is read again. The list shows many sales at once, so it polls instead of opening one
 * event stream per sale (browsers allow only 6 connections per origin over HTTP/1.1); the sale page
 * itself is live through its stream.
 */
export const SALES_POLL_MS = 4_000;
/** Ended sales shown: the most recent ones. */
export const ENDED_SHOWN = 6;

type SalesResult =
  | { readonly kind: 'ready'; readonly sales: readonly FlashSale[] }
  | { readonly kind: 'error'; readonly error: ApiError };

export interface SaleSections {
  readonly active: readonly FlashSale[];
  readonly upcoming: readonly FlashSale[];
  readonly soldOut: readonly FlashSale[];
  readonly ended: readonly FlashSale[];
}

/** Every flash sale, sorted into what a shopper cares about, kept fresh by polling. */
@Injectable()
export class SalesStore {
  private readonly api = inject(FlashSalesApi);
  private readonly clock = inject(ServerClock);
  private readonly result = signal<SalesResult | null>(null);

  readonly isLoading = computed(() => this.result() === null);
  readonly error = computed(() => {
    const result = this.result();
    return result?.kind === 'error' ? result.error : null;
  });
  /** Sections by phase at server time, so an upcoming sale moves to "live" the second it opens. */
  readonly sections = computed<SaleSections>(() => {
    const result = this.result();
    const sales = result?.kind === 'ready' ? result.sales : [];
    const now = this.clock.now();
    const by = (phase: string): FlashSale[] => sales.filter((sale) => salePhase(sale, null, now) === phase);
    return {
      // A paused sale stays among the live ones (with its own label): it resumes where it stood.
      active: sales.filter((sale) => ['active', 'paused'].includes(salePhase(sale, null, now))),
      upcoming: by('upcoming').sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
      soldOut: by('sold_out'),
      ended: by('ended')
        .sort((a, b) => Date.parse(b.endsAt) - Date.parse(a.endsAt))
        .slice(0, ENDED_SHOWN),
    };
  });
  readonly isEmpty = computed(() => {
    const { active, upcoming, soldOut, ended } = this.sections();
    return (
      this.result()?.kind === 'ready' && active.length + upcoming.length + soldOut.length + ended.length === 0
    );
  });

  constructor() {
    timer(0, SALES_POLL_MS)
      .pipe(
        exhaustMap(() =>
          forkJoin([this.api.list('active'), this.api.list('upcoming'), this.api.list('ended')]).pipe(
            map(
              ([active, upcoming, ended]): SalesResult => ({
                kind: 'ready',
                sales: [...active, ...upcoming, ...ended],
              }),
            ),
            catchError((error: unknown) => of<SalesResult>({ kind: 'error', error: toApiError(error) })),
          ),
        ),
        startWith(null),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((result) => {
        // A failed poll keeps what is shown; only the first load shows the error.
        if (result === null || result.kind === 'ready' || this.result()?.kind !== 'ready')
          this.result.set(result);
      });
  }
}
