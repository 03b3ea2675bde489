import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { asyncScheduler, finalize, type Observable, share, Subject, takeUntil, throttleTime } from 'rxjs';
import type { SaleQueueState } from '@flashline/contracts';
import { InjectRedis, SALE_EVENTS_CHANNEL } from '@api/redis';

/** At most one update per sale per this many ms leaves this process (~10 per second). */
export const COALESCE_MS = 100;
/**
 * How long a SOLD_OUT answer is trusted without asking Redis. Pub/sub clears it as soon as stock comes back;
 * the limit covers a missed message (pub/sub is at-most-once) or one that overtook the SOLD_OUT reply.
 */
export const SOLD_OUT_FLAG_MS = 1000;

/**
 * A sale's state as its messages tell it: every message has the free units and the held ones; only pause
 * and resume messages (set-paused.lua) say `paused`, and it is carried forward from them, so coalescing
 * (which keeps only the last message of a burst) never loses a pause.
 */
export interface SaleChange {
  remaining: number;
  /**
   * Units in active holds: every script's message says it (holds/lua/includes/holds.lua), so it is
   * unknown only after messages of a process still running older scripts (a rolling update), and then
   * carried forward too.
   */
  held?: number;
  /** Unknown until this channel hears a pause or resume: the stream's first read has it. */
  paused?: boolean;
  /** A waiting-room sale's line (admit.lua's messages), carried forward like `paused`. */
  queue?: SaleQueueState;
}

interface SaleChannel {
  updates: Subject<SaleChange>;
  coalesced: Observable<SaleChange>;
  held?: number;
  paused?: boolean;
  queue?: SaleQueueState;
}

/**
 * Every API process hears every sale's stock changes: the scripts PUBLISH `{saleId, remaining, held}` (and
 * `paused` on a pause or resume, `queue` on a move of the line) in the same atomic step as the change, and
 * each process SUBSCRIBEs on a dedicated connection (a subscribed connection can run nothing else). From
 * that it keeps, per sale, a coalesced stream for SSE clients and a local "sold out" flag that answers a
 * flood of reserves after a sell-out without a Redis round trip.
 */
@Injectable()
export class SaleEvents implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(SaleEvents.name);
  private readonly channels = new Map<string, SaleChannel>();
  private readonly soldOutUntil = new Map<string, number>();
  private readonly closing = new Subject<void>();
  private subscriber?: Redis;

  constructor(@InjectRedis() private readonly redis: Redis) {}

  onModuleInit(): void {
    const subscriber = this.redis.duplicate();
    // Errors surface on /api/health; ioredis reconnects by itself.
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    // Subscribe on every (re)connection, not once: ioredis re-subscribes only channels whose SUBSCRIBE once
    // succeeded, so a process started while Redis was down would otherwise never hear a sale again.
    subscriber.on('ready', () => {
      subscriber.subscribe(SALE_EVENTS_CHANNEL).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'Not subscribed to sale events (retried on the next connection)');
      });
    });
    this.subscriber = subscriber;
  }

  /** Ends every open stream before the HTTP server closes (it would wait for them otherwise). */
  beforeApplicationShutdown(): void {
    this.closing.next();
    this.closing.complete();
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  /** The sale's changes (stock, pause), coalesced; completes when the application shuts down. */
  changes(saleId: string): Observable<SaleChange> {
    let channel = this.channels.get(saleId);
    if (!channel) {
      const updates = new Subject<SaleChange>();
      const coalesced = updates.pipe(
        throttleTime(COALESCE_MS, asyncScheduler, { leading: true, trailing: true }),
        takeUntil(this.closing),
        finalize(() => this.channels.delete(saleId)),
        share(),
      );
      channel = { updates, coalesced };
      this.channels.set(saleId, channel);
    }
    return channel.coalesced;
  }

  /** Completes when the application shuts down. */
  get shutdown(): Observable<void> {
    return this.closing.asObservable();
  }

  isSoldOut(saleId: string): boolean {
    const until = this.soldOutUntil.get(saleId);
    if (until === undefined) return false;
    if (Date.now() < until) return true;
    this.soldOutUntil.delete(saleId);
    return false;
  }

  markSoldOut(saleId: string): void {
    this.soldOutUntil.set(saleId, Date.now() + SOLD_OUT_FLAG_MS);
  }

  private receive(message: string): void {
    const event = parseEvent(message);
    if (!event) return;
    if (event.remaining > 0) this.soldOutUntil.delete(event.saleId);
    else this.markSoldOut(event.saleId);
    const channel = this.channels.get(event.saleId);
    if (!channel) return;
    if (event.held !== undefined) channel.held = event.held;
    if (event.paused !== undefined) channel.paused = event.paused;
    if (event.queue !== undefined) channel.queue = event.queue;
    channel.updates.next({
      remaining: event.remaining,
      ...(channel.held === undefined ? {} : { held: channel.held }),
      ...(channel.paused === undefined ? {} : { paused: channel.paused }),
      ...(channel.queue === undefined ? {} : { queue: channel.queue }),
    });
  }
}

interface SaleMessage {
  saleId: string;
  remaining: number;
  held?: number;
  paused?: boolean;
  queue?: SaleQueueState;
}

function parseEvent(message: string): SaleMessage | undefined {
  try {
    const event = JSON.parse(message) as {
      saleId?: unknown;
      remaining?: unknown;
      held?: unknown;
      paused?: unknown;
      queue?: { waiting?: unknown; admittedUpTo?: unknown };
    };
    if (typeof event.saleId === 'string' && typeof event.remaining === 'number') {
      const held = typeof event.held === 'number' ? { held: event.held } : {};
      const paused = typeof event.paused === 'boolean' ? { paused: event.paused } : {};
      const { waiting, admittedUpTo } = event.queue ?? {};
      const queue =
        typeof waiting === 'number' && typeof admittedUpTo === 'number'
          ? { queue: { waiting, admittedUpTo } }
          : {};
      return { saleId: event.saleId, remaining: event.remaining, ...held, ...paused, ...queue };
    }
  } catch {
    // Not ours: ignore.
  }
  return undefined;
}
