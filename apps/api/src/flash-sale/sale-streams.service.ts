import { Injectable } from '@nestjs/common';
import type { FlashSaleEvent } from '@flashline/contracts';
import {
  concat,
  defer,
  distinctUntilChanged,
  EMPTY,
  filter,
  finalize,
  map,
  merge,
  type MonoTypeOperatorFunction,
  Observable,
  ReplaySubject,
  scan,
  share,
  switchMap,
  takeUntil,
  timer,
} from 'rxjs';
import { SseFrame } from '@api/common/http';
import type { SaleDefinition } from './flash-sale.repository';
import { FlashSaleService } from './flash-sale.service';
import { LiveSales, saleEvent } from './live-sales.service';
import { type SaleLiveState } from '@api/holds';
import { type SaleChange, SaleEvents } from './sale-events.service';

/**
 * `GET /api/flash-sales/:id/events`: the sale's `{remaining, held, status, paused}` (and `queue`), first as
 * it is now, then on every change: free and held units and pauses from any process (pub/sub, coalesced to
 * ~10 per second per sale) and the status changing by the clock at startsAt and endsAt. Unchanged states
 * are not repeated, and minor changes go at most once a second (see paceMinorChanges).
 *
 * Every client of one sale in this process shares one feed: each change is turned into its event and
 * serialised once, however many pages are open (20,000 on a waiting room's sale), and the clock's reads at
 * startsAt and endsAt are one per process, not one per page. A page that connects while the feed runs gets
 * its last message at once, from memory: opening a stream reads nothing from Redis or MongoDB (the state it
 * gets is the one every open page has, behind Redis by at most the coalescing window).
 */
/** Least time between two messages of a sale that change nothing a page must act on (paceMinorChanges). */
export const MINOR_CHANGE_EVERY_MS = 1000;

@Injectable()
export class SaleStreams {
  /** Per sale, the frames its clients share, while at least one is connected. */
  private readonly feeds = new Map<string, Observable<SseFrame>>();

  constructor(
    private readonly flashSales: FlashSaleService,
    private readonly live: LiveSales,
    private readonly events: SaleEvents,
  ) {}

  /** NOT_FOUND for an unknown sale, before anything is streamed. */
  async open(saleId: string): Promise<Observable<SseFrame>> {
    const sale = await this.flashSales.find(saleId);
    return this.feed(sale).pipe(takeUntil(this.events.shutdown));
  }

  /**
   * The sale's shared frames: its state read once when the first client connects and at the clock's
   * boundaries, then carried forward over its pub/sub changes; a state equal to the last is not sent again.
   * The last frame is kept for the next client to connect, until the last one leaves.
   */
  private feed(sale: SaleDefinition): Observable<SseFrame> {
    let feed = this.feeds.get(sale.id);
    if (!feed) {
      // A stock message does not say whether the sale is paused: the last state known (a read, or a pause
      // message) does.
      const reads = merge(
        defer(() => this.live.state(sale)),
        this.boundaries(sale).pipe(switchMap(() => this.live.state(sale))),
      );
      feed = merge(reads, this.events.changes(sale.id)).pipe(
        scan(carryForward, undefined),
        filter((state): state is SaleLiveState => state !== undefined),
        map((state) => saleEvent(sale, state, this.live.now())),
        distinctUntilChanged(sameEvent),
        paceMinorChanges(sale.waitingRoom ? lineUnchanged : onlyHeldDiffers, MINOR_CHANGE_EVERY_MS),
        map((event) => new SseFrame(event)),
        finalize(() => this.feeds.delete(sale.id)),
        share({ connector: () => new ReplaySubject<SseFrame>(1) }),
      );
      this.feeds.set(sale.id, feed);
    }
    return feed;
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

function sameEvent(a: FlashSaleEvent, b: FlashSaleEvent): boolean {
  return onlyHeldDiffers(a, b) && a.held === b.held;
}

function onlyHeldDiffers(a: FlashSaleEvent, b: FlashSaleEvent): boolean {
  return (
    a.remaining === b.remaining &&
    a.status === b.status &&
    a.paused === b.paused &&
    a.queue?.waiting === b.queue?.waiting &&
    a.queue?.admittedUpTo === b.queue?.admittedUpTo
  );
}

/**
 * On a waiting-room sale, what pages must hear at once is the line opening, pausing, selling out or closing
 * (its status, its pause, nobody left waiting); the units left and in carts, and admissions (published once a
 * second anyway), can wait a second: the line sells slowly, at `admitPerSecond`, to 20,000 open pages.
 */
export function lineUnchanged(a: FlashSaleEvent, b: FlashSaleEvent): boolean {
  const closing = b.queue?.waiting === 0 && a.queue?.waiting !== 0;
  return a.status === b.status && a.paused === b.paused && !closing;
}

/**
 * Sends a minor change (`isMinor(last sent, next)`) at most once per `everyMs`, the latest one last; any other
 * change goes at once and carries the latest state with it. Each message goes to every page open on the sale:
 * without this, a drop's payments moved `held` ten times a second for 20,000 pages (bench --only
 * waiting-room: the scramble's drop 36.0 → 13.5 s of API CPU).
 */
export function paceMinorChanges(
  isMinor: (last: FlashSaleEvent, next: FlashSaleEvent) => boolean,
  everyMs: number,
): MonoTypeOperatorFunction<FlashSaleEvent> {
  return (source) =>
    new Observable<FlashSaleEvent>((subscriber) => {
      let last: FlashSaleEvent | undefined;
      let lastAt = 0;
      let waiting: FlashSaleEvent | undefined;
      let timer: NodeJS.Timeout | undefined;
      const send = (event: FlashSaleEvent): void => {
        clearTimeout(timer);
        timer = undefined;
        waiting = undefined;
        last = event;
        lastAt = Date.now();
        subscriber.next(event);
      };
      const subscription = source.subscribe({
        next: (event) => {
          const dueIn = lastAt + everyMs - Date.now();
          if (last === undefined || !isMinor(last, event) || dueIn <= 0) return send(event);
          waiting = event;
          timer ??= setTimeout(() => waiting && send(waiting), dueIn);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          if (waiting) send(waiting);
          subscriber.complete();
        },
      });
      return () => {
        clearTimeout(timer);
        subscription.unsubscribe();
      };
    });
}

/** The sale's state after a read or a change; undefined until both the pause and the held units are known. */
function carryForward(
  last: SaleLiveState | undefined,
  next: SaleChange | SaleLiveState,
): SaleLiveState | undefined {
  const paused = next.paused ?? last?.paused;
  const held = next.held ?? last?.held;
  const queue = next.queue ?? last?.queue;
  if (paused === undefined || held === undefined) return last;
  const free = 'free' in next ? next.free : next.remaining;
  return { free, held, paused, ...(queue ? { queue } : {}) };
}
