import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ReservationLine, ReserveRejectionReason } from '@flashline/contracts';
import type { ScriptLimit } from '@api/common/rate-limit/route-rate-limits';
import { InjectRedis } from '@api/redis/redis.module';
import {
  CATALOG_STOCK_KEY,
  SALE_EVENTS_CHANNEL,
  saleDefinitionKey,
  saleIdempotencyKey,
  saleRateLimitKey,
  saleStatsKey,
  saleStockKey,
} from '@api/redis/redis-keys';
import { type Hold, type HoldStatus, parseHold } from './hold-record';
import { CATALOG_POOL, type HoldPool, newReservationId, poolOfReservation, salePool } from './hold-pool';
import { defineReservationScripts } from './redis-scripts';
import { ReservationCode } from './reservation-result';
import type { SoldUnits } from './sold-units';

/** Lapsed holds a reserve or checkout releases before taking stock: bounded, so a reserve stays quick. */
export const INLINE_RELEASE_BATCH = 20;
/** Lapsed holds one reaper call releases (it calls again while batches come back full). */
export const REAPER_RELEASE_BATCH = 200;
/** How long a hold that ended (paid, cancelled, expired) stays readable in Redis. */
export const ENDED_HOLD_RETENTION_MS = 24 * 3600_000;
/** How long a sale's keys outlive its last possible hold: a safety net against leaks, never the mechanism. */
export const SALE_KEYS_RETENTION_MS = 7 * 24 * 3600_000;
/** Settling holds one reconciler call looks at. */
export const SETTLING_BATCH = 100;

export interface ReserveRequest {
  saleId: string;
  userId: string;
  quantity: number;
  idempotencyKey?: string;
  /** Rate limits the script counts first (per sale), in order; none by default. */
  limits?: readonly ScriptLimit[];
}

export type ReserveOutcome =
  | { code: ReservationCode.Ok | ReservationCode.Replayed; hold: Hold }
  /** `paused`: an admin paused the sale; otherwise it is outside its window. */
  | { code: ReservationCode.NotActive; paused: boolean }
  /** Over `limit` (one of the request's limits) for another `retryAfterMs`. */
  | { code: ReservationCode.RateLimited; limit: ScriptLimit; retryAfterMs: number }
  | { code: ReservationCode.NotLoaded | ReservationCode.LimitReached | ReservationCode.SoldOut };

export interface CheckoutRequest {
  userId: string;
  currency: string;
  ttlSeconds: number;
  /** Each product at most once. */
  lines: readonly ReservationLine[];
}

export type CheckoutOutcome =
  | { code: ReservationCode.Ok; hold: Hold }
  | { code: ReservationCode.NotLoaded; productIds: string[] }
  | { code: ReservationCode.SoldOut; productId: string };

export interface CancelOutcome {
  code: ReservationCode.Cancelled | ReservationCode.Ended | ReservationCode.Paid | ReservationCode.NotFound;
  /** The hold's status afterwards (absent when not found). */
  status?: HoldStatus;
}

/** A successful payment as Stripe reported it (a verified webhook). */
export interface SucceededPayment {
  reservationId: string;
  paymentIntentId: string;
  amountCents: number;
  currency: string;
}

export type ConfirmOutcome =
  | {
      code:
        | ReservationCode.Paid
        | ReservationCode.PaidLate
        | ReservationCode.AlreadyPaid
        | ReservationCode.Completed
        | ReservationCode.Refunded
        | ReservationCode.NoStock
        | ReservationCode.Mismatch
        | ReservationCode.OtherIntent
        | ReservationCode.ForeignIntent;
      hold: Hold;
    }
  | { code: ReservationCode.NotFound };

export interface PaymentIntentRef {
  id: string;
  clientSecret: string;
}

export type AttachOutcome =
  | {
      code:
        | ReservationCode.Attached
        | ReservationCode.Existing
        | ReservationCode.Expired
        | ReservationCode.Ended;
      hold: Hold;
    }
  | { code: ReservationCode.NotFound };

export type CompleteOutcome =
  | {
      code: ReservationCode.Completed | ReservationCode.AlreadyCompleted | ReservationCode.NotPaid;
      hold: Hold;
    }
  | { code: ReservationCode.NotFound };

export interface ReleaseUnpaidOutcome {
  code:
    | ReservationCode.Released
    | ReservationCode.Unchanged
    | ReservationCode.Ignored
    | ReservationCode.NotFound;
  /** The hold's status afterwards (absent when not found). */
  status?: HoldStatus;
}

/** One pool at one instant, for the payments audit. */
export interface PoolAudit {
  stock: Map<string, StockCounts>;
  /** Units in active holds, per product. */
  active: Map<string, number>;
  /** Units in paid holds whose order is not written yet, per product. */
  settlingUnits: Map<string, number>;
  /** Holds paid or refused whose settling is not over. */
  settlingIds: string[];
}

/** What MongoDB knows about a sale: its definition and what its orders sold. */
export interface SaleSnapshot {
  saleId: string;
  productId: string;
  quantity: number;
  priceCents: number;
  currency: string;
  startsAt: Date;
  endsAt: Date;
  perUserLimit: number;
  reservationTtlSeconds: number;
  /** An admin paused it (MongoDB's `paused`); false when absent. */
  paused?: boolean;
  sold: SoldUnits;
}

/** A loaded sale's live state in Redis. */
export interface SaleLiveState {
  free: number;
  paused: boolean;
}

export type SettleOutcome =
  | { state: 'not_loaded' | 'open' }
  | { state: 'holds_active'; held: number }
  | { state: 'settled'; free: number; sold: number };

/** A product's units in one pool. */
export interface StockCounts {
  free: number;
  held: number;
  sold: number;
}

export interface AllocateOutcome {
  code: ReservationCode.Ok | ReservationCode.Insufficient | ReservationCode.NotLoaded;
  /** Free units after the allocation, or found when refused. */
  free: number;
}

/**
 * A pool's funnel as the hold scripts counted it (the stats hash), totals across every API process since the
 * sale loaded. Counts are of holds, except `sold` (units).
 */
export interface PoolStats {
  taken: number;
  paid: number;
  expired: number;
  cancelled: number;
  refunded: number;
  sold: number;
  rejected: Record<ReserveRejectionReason, number>;
}

export const REJECTION_REASONS: readonly ReserveRejectionReason[] = [
  'sold_out',
  'limit_reached',
  'not_active',
  'rate_limited',
];

type Reply = Array<string | number | null>;

/**
 * The reservation engine's Redis side: one typed method per Lua script (see `lua/`), plus plain reads.
 * Every contended decision (stock, per-user limits, idempotency, expiry) happens inside one script, by the
 * Redis clock, so any number of API processes can call these at once. Services never see a KEYS array.
 */
@Injectable()
export class ReservationStore implements OnModuleInit {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  onModuleInit(): void {
    defineReservationScripts(this.redis);
  }

  /** reserve.lua: one round trip decides a shopper's reserve, its rate limits included. */
  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const pool = salePool(request.saleId);
    const id = newReservationId(pool);
    const limits = request.limits ?? [];
    const keys = [
      saleDefinitionKey(request.saleId),
      saleIdempotencyKey(request.saleId),
      ...pool.keys,
      ...limits.map((limit) => saleRateLimitKey(request.saleId, limit.key)),
    ];
    const reply = asReply(
      await this.redis.flashSaleReserve(
        keys.length,
        ...keys,
        request.userId,
        request.quantity,
        id,
        request.idempotencyKey ? `${request.userId}:${request.idempotencyKey}` : '',
        INLINE_RELEASE_BATCH,
        pool.channel,
        pool.tag,
        ...limits.flatMap((limit) => [limit.limit, limit.windowMs]),
      ),
    );
    const code = reply[0] as ReserveOutcome['code'];
    switch (code) {
      case ReservationCode.Ok:
      case ReservationCode.Replayed:
        return { code, hold: parseHold(text(reply[1]), text(reply[2])) };
      case ReservationCode.NotActive:
        return { code, paused: reply[1] === 'paused' };
      case ReservationCode.RateLimited:
        return { code, limit: limits[Number(reply[1]) - 1], retryAfterMs: Number(reply[2]) };
      default:
        return { code };
    }
  }

  /** checkout.lua: holds every cart line at once, or none. */
  async checkout(request: CheckoutRequest): Promise<CheckoutOutcome> {
    const id = newReservationId(CATALOG_POOL);
    const reply = asReply(
      await this.redis.flashSaleCheckout(
        ...CATALOG_POOL.keys,
        request.userId,
        id,
        request.ttlSeconds * 1000,
        request.currency,
        INLINE_RELEASE_BATCH,
        ...request.lines.flatMap((line) => [line.productId, line.quantity, line.unitPriceCents]),
      ),
    );
    switch (reply[0]) {
      case ReservationCode.Ok:
        return { code: ReservationCode.Ok, hold: parseHold(text(reply[1]), text(reply[2])) };
      case ReservationCode.NotLoaded:
        return { code: ReservationCode.NotLoaded, productIds: reply.slice(1).map(text) };
      default:
        return { code: ReservationCode.SoldOut, productId: text(reply[1]) };
    }
  }

  /** release-expired.lua: releases up to `batch` lapsed holds of a pool; returns how many. */
  async releaseExpired(pool: HoldPool, batch = REAPER_RELEASE_BATCH): Promise<number> {
    const released = await this.redis.flashSaleReleaseExpired(
      ...pool.keys,
      batch,
      ENDED_HOLD_RETENTION_MS,
      pool.channel,
      pool.tag,
    );
    return Number(released);
  }

  /** cancel.lua: the owner gives a hold up. Someone else's (or a malformed id) is NOT_FOUND. */
  async cancel(reservationId: string, userId: string): Promise<CancelOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleCancel(...pool.keys, reservationId, userId, pool.channel, pool.tag),
    );
    const code = reply[0] as CancelOutcome['code'];
    return code === ReservationCode.NotFound ? { code } : { code, status: text(reply[1]) as HoldStatus };
  }

  /** A hold as stored (one HGET: the id names its pool). */
  async findHold(reservationId: string): Promise<Hold | undefined> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return undefined;
    const json = await this.redis.hget(pool.keys[1], reservationId);
    return json === null ? undefined : parseHold(reservationId, json);
  }

  /** load-sale.lua: loads a sale's counters unless present; true when this call loaded them. */
  async loadSale(sale: SaleSnapshot): Promise<{ loaded: boolean; free: number }> {
    const pool = salePool(sale.saleId);
    const purgeAt = sale.endsAt.getTime() + sale.reservationTtlSeconds * 1000 + SALE_KEYS_RETENTION_MS;
    const reply = asReply(
      await this.redis.flashSaleLoadSale(
        saleDefinitionKey(sale.saleId),
        saleStockKey(sale.saleId),
        pool.keys[3],
        pool.keys[7],
        sale.productId,
        sale.quantity,
        sale.sold.total,
        sale.startsAt.getTime(),
        sale.endsAt.getTime(),
        sale.perUserLimit,
        sale.reservationTtlSeconds * 1000,
        sale.priceCents,
        sale.currency,
        purgeAt,
        pool.channel,
        pool.tag,
        sale.paused ? '1' : '0',
        ...[...sale.sold.byUser].flat(),
      ),
    );
    return { loaded: reply[0] === 'LOADED', free: Number(reply[1]) };
  }

  /** set-paused.lua: mirrors an admin's pause or resume into a loaded sale and publishes it. */
  async setPaused(
    saleId: string,
    paused: boolean,
  ): Promise<{ code: ReservationCode.Ok | ReservationCode.NotLoaded }> {
    const reply = asReply(
      await this.redis.flashSaleSetPaused(
        saleDefinitionKey(saleId),
        saleStockKey(saleId),
        paused ? '1' : '0',
        SALE_EVENTS_CHANNEL,
        saleId,
      ),
    );
    return { code: reply[0] === 'OK' ? ReservationCode.Ok : ReservationCode.NotLoaded };
  }

  /** A loaded sale's free units and whether it is paused (one round trip); undefined when not loaded. */
  async saleLiveState(saleId: string, productId: string): Promise<SaleLiveState | undefined> {
    const [stock, paused] = await Promise.all([
      this.saleStock(saleId, productId),
      this.redis.hget(saleDefinitionKey(saleId), 'paused'),
    ]);
    return stock === undefined ? undefined : { free: stock.free, paused: paused === '1' };
  }

  /** settle-sale.lua: whether an ended sale's unsold units are final, by the Redis clock. */
  async settleSale(saleId: string): Promise<SettleOutcome> {
    const reply = asReply(
      await this.redis.flashSaleSettleSale(saleDefinitionKey(saleId), saleStockKey(saleId)),
    );
    switch (reply[0]) {
      case 'SETTLED':
        return { state: 'settled', free: Number(reply[1]), sold: Number(reply[2]) };
      case 'HOLDS_ACTIVE':
        return { state: 'holds_active', held: Number(reply[1]) };
      default:
        return { state: reply[0] === 'OPEN' ? 'open' : 'not_loaded' };
    }
  }

  /** The sale's funnel (see {@link PoolStats}); undefined when the sale is not loaded. */
  async saleStats(saleId: string): Promise<PoolStats | undefined> {
    const fields = await this.redis.hgetall(saleStatsKey(saleId));
    if (Object.keys(fields).length === 0) return undefined;
    const read = (field: string): number => Number(fields[field] ?? 0);
    return {
      taken: read('taken'),
      paid: read('paid'),
      expired: read('expired'),
      cancelled: read('cancelled'),
      refunded: read('refunded'),
      sold: read('sold'),
      rejected: Object.fromEntries(
        REJECTION_REASONS.map((reason) => [reason, read(`rejected:${reason}`)]),
      ) as Record<ReserveRejectionReason, number>,
    };
  }

  /** add-stats.lua: adds refusals counted in-process to a loaded sale's stats; false when not loaded. */
  async addRejections(saleId: string, counts: ReadonlyMap<ReserveRejectionReason, number>): Promise<boolean> {
    const fields = [...counts].flatMap(([reason, n]) => [`rejected:${reason}`, n]);
    return (
      Number(
        await this.redis.flashSaleAddStats(saleDefinitionKey(saleId), saleStatsKey(saleId), ...fields),
      ) === 1
    );
  }

  /** A sale's units, or undefined when the sale is not loaded. */
  async saleStock(saleId: string, productId: string): Promise<StockCounts | undefined> {
    return this.stockCounts(saleStockKey(saleId), productId);
  }

  /** A product's free / held / sold units in the catalogue pool, or undefined when not loaded. */
  async productStock(productId: string): Promise<StockCounts | undefined> {
    return this.stockCounts(CATALOG_STOCK_KEY, productId);
  }

  /** load-stock.lua: loads absent product counters from ledger on-hand; returns each one's free units. */
  async loadStock(onHand: ReadonlyMap<string, number>): Promise<Map<string, number>> {
    if (onHand.size === 0) return new Map();
    const ids = [...onHand.keys()];
    const reply = asReply(await this.redis.flashSaleLoadStock(CATALOG_STOCK_KEY, ...[...onHand].flat()));
    return new Map(ids.map((id, index) => [id, Number(reply[index])]));
  }

  /** allocate.lua: takes a new sale's units from a product's free stock, atomically. */
  async allocate(productId: string, quantity: number): Promise<AllocateOutcome> {
    const reply = asReply(await this.redis.flashSaleAllocate(CATALOG_STOCK_KEY, productId, quantity));
    return { code: reply[0] as AllocateOutcome['code'], free: Number(reply[1]) };
  }

  /** adjust-stock.lua: applies an outside change of on-hand stock; false when the counter is not loaded. */
  async adjustStock(productId: string, delta: number): Promise<boolean> {
    const reply = asReply(await this.redis.flashSaleAdjustStock(CATALOG_STOCK_KEY, productId, delta));
    return reply[0] === 'APPLIED';
  }

  // ---- Payments (the payments module calls these; see PAYMENTS.md) -------------------------------------

  /** attach-intent.lua: stores a payment intent on an active hold (first writer wins), extending it once. */
  async attachIntent(
    reservationId: string,
    ownerId: string,
    intent: PaymentIntentRef,
    graceMs: number,
  ): Promise<AttachOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleAttachIntent(
        ...pool.keys,
        reservationId,
        ownerId,
        intent.id,
        intent.clientSecret,
        graceMs,
        pool.channel,
        pool.tag,
      ),
    );
    const code = reply[0] as AttachOutcome['code'];
    if (code === ReservationCode.NotFound) return { code };
    return { code, hold: parseHold(reservationId, text(reply[1])) };
  }

  /** confirm.lua: a payment for the hold succeeded; decides (once) whether it buys the units or is refunded. */
  async confirm(payment: SucceededPayment): Promise<ConfirmOutcome> {
    const pool = poolOfReservation(payment.reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleConfirm(
        pool.definition,
        ...pool.keys,
        payment.reservationId,
        payment.paymentIntentId,
        payment.amountCents,
        payment.currency,
        pool.channel,
        pool.tag,
      ),
    );
    const code = reply[0] as ConfirmOutcome['code'];
    if (code === ReservationCode.NotFound) return { code };
    return { code, hold: parseHold(payment.reservationId, text(reply[1])) };
  }

  /** complete.lua: the paid hold's order is written; the hold names it and stops settling. */
  async complete(reservationId: string, orderId: string): Promise<CompleteOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(await this.redis.flashSaleComplete(...pool.keys, reservationId, orderId));
    const code = reply[0] as CompleteOutcome['code'];
    if (code === ReservationCode.NotFound) return { code };
    return { code, hold: parseHold(reservationId, text(reply[1])) };
  }

  /** release-unpaid.lua: the hold's intent failed or was cancelled: an active hold is released at once. */
  async releaseUnpaid(
    reservationId: string,
    paymentIntentId: string,
    cancelIntent: boolean,
  ): Promise<ReleaseUnpaidOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleReleaseUnpaid(
        ...pool.keys,
        reservationId,
        paymentIntentId,
        cancelIntent ? '1' : '0',
        pool.channel,
        pool.tag,
      ),
    );
    const code = reply[0] as ReleaseUnpaidOutcome['code'];
    return code === ReservationCode.NotFound ? { code } : { code, status: text(reply[1]) as HoldStatus };
  }

  /** Holds of the pool paid or refused before `before` (ms, Redis clock) whose settling is not over. */
  async settling(pool: HoldPool, before: number, limit = SETTLING_BATCH): Promise<string[]> {
    return this.redis.zrangebyscore(pool.keys[5], '-inf', before, 'LIMIT', 0, limit);
  }

  /** The hold's payment is settled (its refund issued): it leaves the settling index. Idempotent. */
  async settled(reservationId: string): Promise<void> {
    const pool = poolOfReservation(reservationId);
    if (pool) await this.redis.zrem(pool.keys[5], reservationId);
  }

  /** claim-voided.lua: intents of holds that ended unpaid, each leased to one caller for `leaseMs`. */
  async claimVoided(pool: HoldPool, batch: number, leaseMs: number): Promise<string[]> {
    return asReply(await this.redis.flashSaleClaimVoided(pool.keys[6], batch, leaseMs)).map(text);
  }

  /** The intent is cancelled at Stripe (or cannot be): it leaves the voided index. Idempotent. */
  async voidDone(pool: HoldPool, paymentIntentId: string): Promise<void> {
    await this.redis.zrem(pool.keys[6], paymentIntentId);
  }

  /** audit-pool.lua: one consistent snapshot of a pool; undefined when it has too many active holds. */
  async auditPool(pool: HoldPool, maxActiveHolds: number): Promise<PoolAudit | undefined> {
    const reply = asReply(await this.redis.flashSaleAuditPool(...pool.keys, maxActiveHolds));
    if (reply[0] !== 'OK') return undefined;
    const [, stock, active, settlingUnits, settlingIds] = reply as unknown as [
      string,
      string[],
      unknown[],
      unknown[],
      string[],
    ];
    return {
      stock: stockByProduct(stock),
      active: unitsByProduct(active),
      settlingUnits: unitsByProduct(settlingUnits),
      settlingIds,
    };
  }

  private async stockCounts(key: string, productId: string): Promise<StockCounts | undefined> {
    const [free, held, sold] = await this.redis.hmget(
      key,
      `free:${productId}`,
      `held:${productId}`,
      `sold:${productId}`,
    );
    if (free === null) return undefined;
    return { free: Number(free), held: Number(held ?? 0), sold: Number(sold ?? 0) };
  }
}

function asReply(reply: unknown): Reply {
  if (!Array.isArray(reply)) throw new Error(`Unexpected script reply: ${String(reply)}`);
  return reply as Reply;
}

/** A flat field/value list of a stock hash (`free:<p>`, `held:<p>`, `sold:<p>`) -> counts per product. */
function stockByProduct(flat: readonly string[]): Map<string, StockCounts> {
  const stock = new Map<string, StockCounts>();
  for (let i = 0; i < flat.length; i += 2) {
    const [counter, productId] = [flat[i].slice(0, 4), flat[i].slice(5)];
    const counts = stock.get(productId) ?? { free: 0, held: 0, sold: 0 };
    if (counter === 'free' || counter === 'held' || counter === 'sold') counts[counter] = Number(flat[i + 1]);
    stock.set(productId, counts);
  }
  return stock;
}

function unitsByProduct(flat: readonly unknown[]): Map<string, number> {
  const units = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) units.set(String(flat[i]), Number(flat[i + 1]));
  return units;
}

function text(value: string | number | null | undefined): string {
  if (value === null || value === undefined) throw new Error('Missing value in a script reply');
  return String(value);
}
