import { Injectable } from '@nestjs/common';
import type { FlashSaleEvent } from '@flashline/contracts';
import {
  concat,
  defer,
  distinctUntilChanged,
  EMPTY,
  filter,
  map,
  merge,
  type Observable,
  scan,
  switchMap,
  takeUntil,
  timer,
} from 'rxjs';
import type { SaleDefinition } from './flash-sale.repository';
import { FlashSaleService } from './flash-sale.service';
import { LiveSales, saleEvent } from './live-sales.service';
import { type SaleLiveState } from '@api/holds';
import { type SaleChange, SaleEvents } from './sale-events.service';

/**
 * `GET /api/flash-sales/:id/events`: the sale's `{remaining, held, status, paused}` (and `queue`), first as
 * it is now, then on every change: free and held units and pauses from any process (pub/sub, coalesced to
 * ~10 per second per sale) and the status changing by the clock at startsAt and endsAt. Unchanged states
 * are not repeated.
 */
@Injectable()
export class SaleStreams {
  constructor(
    private readonly flashSales: FlashSaleService,
    private readonly live: LiveSales,
    private readonly events: SaleEvents,
  ) {}

  /** NOT_FOUND for an unknown sale, before anything is streamed. */
  async open(saleId: string): Promise<Observable<FlashSaleEvent>> {
    const sale = await this.flashSales.find(saleId);
    // Subscribed before the first read, so no change between the two is missed. A stock message does not
    // say whether the sale is paused: the last state known (first read, or a pause message) does.
    const reads = merge(
      defer(() => this.live.state(sale)),
      this.boundaries(sale).pipe(switchMap(() => this.live.state(sale))),
    );
    return merge(reads, this.events.changes(saleId)).pipe(
      scan((last: SaleLiveState | undefined, next: SaleChange | SaleLiveState) => {
        const paused = next.paused ?? last?.paused;
        const held = next.held ?? last?.held;
        const queue = next.queue ?? last?.queue;
        if (paused === undefined || held === undefined) return last;
        const free = 'free' in next ? next.free : next.remaining;
        return { free, held, paused, ...(queue ? { queue } : {}) };
      }, undefined),
      filter((state): state is SaleLiveState => state !== undefined),
      map((state) => saleEvent(sale, state, this.live.now())),
      distinctUntilChanged(
        (a, b) =>
          a.remaining === b.remaining &&
          a.held === b.held &&
          a.status === b.status &&
          a.paused === b.paused &&
          a.queue?.waiting === b.queue?.waiting &&
          a.queue?.admittedUpTo === b.queue?.admittedUpTo,
      ),
      takeUntil(this.events.shutdown),
    );
  }

  /** Ticks when the sale opens and when it ends (the ones still ahead). */
  private boundaries(sale: SaleDefinition): Observable<unknown> {
    const now = this.live.now();
    const ahead = [sale.startsAt, sale.endsAt].map((at) => at.getTime() - now).filter((delay) => delay > 0);
    // Timers fire a few ms late rather than early, so the status has changed when the state is read.
    return ahead.length === 0
      ? EMPTY
      : concat(...ahead.map((delay, i) => timer(delay - (ahead[i - 1] ?? 0) + 5)));
  }
}
