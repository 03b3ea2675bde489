import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { SaleOperations } from '@flashline/contracts';
import {
  catchError,
  concat,
  EMPTY,
  exhaustMap,
  finalize,
  from,
  type Observable,
  of,
  share,
  Subject,
  takeUntil,
  timer,
} from 'rxjs';
import { FlashSaleService } from '@api/flash-sale';
import { RedisClock, SaleStateStore } from '@api/holds';
import { ReserveRateMeter } from './reserve-rate';
import { WaitingRoomService } from '@api/waiting-room';
import { reserveAttempts, type SaleReading, toSaleOperations } from './sale-operations';

/** How often the admin stream sends a snapshot: the reserve rate's sampling interval too. */
export const OPERATIONS_INTERVAL_MS = 1000;

/**
 * How long one admin stream lasts before the server ends it and the page reconnects at once. The stream
 * is authorised when it opens; ending it every few minutes makes the page present a fresh access token
 * (a revoked admin stops watching within this time) and bounds what the page buffers of one response.
 */
export const OPERATIONS_STREAM_MAX_MS = 5 * 60_000;

/**
 * One sale as an operator watches it: counters, funnel and reserve rate (see `SaleOperations`), read
 * through the flash-sale module's exported services. Streams for the same sale in this process share one
 * reader, so any number of open admin pages cost one read per second per sale.
 */
@Injectable()
export class SaleOperationsService implements BeforeApplicationShutdown {
  private readonly rates = new ReserveRateMeter();
  private readonly feeds = new Map<string, Observable<SaleOperations>>();
  private readonly closing = new Subject<void>();

  constructor(
    private readonly flashSales: FlashSaleService,
    private readonly saleState: SaleStateStore,
    private readonly clock: RedisClock,
    private readonly waitingRoom: WaitingRoomService,
  ) {}

  /** The sale now; NOT_FOUND for an unknown sale. */
  async snapshot(saleId: string): Promise<SaleOperations> {
    const reading = await this.read(saleId);
    return toSaleOperations(reading, this.rates.sample(saleId, reserveAttempts(reading.stats), reading.at));
  }

  /**
   * The sale now, then about every second until {@link OPERATIONS_STREAM_MAX_MS} or shutdown. NOT_FOUND
   * (thrown, before anything is streamed) for an unknown sale. A read that fails (Redis away) is skipped:
   * the stream stays open and the snapshots' `at` shows how fresh they are.
   */
  async watch(saleId: string): Promise<Observable<SaleOperations>> {
    const first = await this.snapshot(saleId);
    return concat(of(first), this.feed(saleId)).pipe(
      takeUntil(timer(OPERATIONS_STREAM_MAX_MS)),
      takeUntil(this.closing),
    );
  }

  /** Ends every open stream before the HTTP server closes (it would wait for them otherwise). */
  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }

  /**
   * The sale (live remaining, status and pause; loaded into Redis first if it was missing), then its units
   * and funnel, both in the sale's slot and sent together (ioredis pipelines them into one round trip).
   */
  private async read(saleId: string): Promise<SaleReading> {
    const sale = await this.flashSales.get(saleId);
    const [stock, stats, line] = await Promise.all([
      this.saleState.saleStock(saleId, sale.product.id),
      this.saleState.saleStats(saleId),
      sale.waitingRoom ? this.waitingRoom.operations(saleId) : null,
    ]);
    return { sale, stock, stats, line, at: this.clock.now() };
  }

  private feed(saleId: string): Observable<SaleOperations> {
    let feed = this.feeds.get(saleId);
    if (!feed) {
      feed = timer(OPERATIONS_INTERVAL_MS, OPERATIONS_INTERVAL_MS).pipe(
        // A slow read is not overlapped by the next tick: that tick is skipped.
        exhaustMap(() => from(this.snapshot(saleId)).pipe(catchError(() => EMPTY))),
        finalize(() => this.feeds.delete(saleId)),
        share(),
      );
      this.feeds.set(saleId, feed);
    }
    return feed;
  }
}
