import { Injectable } from '@nestjs/common';
import type { FlashSaleEvent } from '@flashline/contracts';
import {
  concat,
  defer,
  distinctUntilChanged,
  EMPTY,
  map,
  merge,
  type Observable,
  switchMap,
  takeUntil,
  timer,
} from 'rxjs';
import type { SaleDefinition } from './flash-sale.repository';
import { FlashSaleService } from './flash-sale.service';
import { LiveSales, saleEvent } from './live-sales';
import { SaleEvents } from './sale-events';

/**
 * `GET /api/flash-sales/:id/events`: the sale's `{remaining, status}`, first as it is now, then on every
 * change: stock changes from any process (pub/sub, coalesced to ~10 per second per sale) and the status
 * changing by the clock at startsAt and endsAt. Unchanged states are not repeated.
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
    // Subscribed before the first read, so no change between the two is missed.
    const changes = merge(
      this.events.remaining(saleId).pipe(map((free) => saleEvent(sale, free, this.live.now()))),
      this.boundaries(sale).pipe(switchMap(() => this.live.event(sale))),
    );
    return merge(
      changes,
      defer(() => this.live.event(sale)),
    ).pipe(
      distinctUntilChanged((a, b) => a.remaining === b.remaining && a.status === b.status),
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
