import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ReservationLine } from '@flashline/contracts';
import { InjectRedis } from '@api/redis/redis.module';
import {
  CATALOG_STOCK_KEY,
  saleDefinitionKey,
  saleIdempotencyKey,
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

export interface ReserveRequest {
  saleId: string;
  userId: string;
  quantity: number;
  idempotencyKey?: string;
}

export type ReserveOutcome =
  | { code: ReservationCode.Ok | ReservationCode.Replayed; hold: Hold }
  | {
      code:
        | ReservationCode.NotLoaded
        | ReservationCode.NotActive
        | ReservationCode.LimitReached
        | ReservationCode.SoldOut;
    };

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

export type ConfirmOutcome =
  | { code: ReservationCode.Paid | ReservationCode.AlreadyPaid | ReservationCode.NotPayable; hold: Hold }
  | { code: ReservationCode.NotFound };

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
  sold: SoldUnits;
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

  /** reserve.lua: one round trip decides a shopper's reserve. */
  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const pool = salePool(request.saleId);
    const id = newReservationId(pool);
    const reply = asReply(
      await this.redis.flashSaleReserve(
        saleDefinitionKey(request.saleId),
        saleIdempotencyKey(request.saleId),
        ...pool.keys,
        request.userId,
        request.quantity,
        id,
        request.idempotencyKey ? `${request.userId}:${request.idempotencyKey}` : '',
        INLINE_RELEASE_BATCH,
        pool.channel,
        pool.tag,
      ),
    );
    const code = reply[0] as ReserveOutcome['code'];
    if (code === ReservationCode.Ok || code === ReservationCode.Replayed) {
      return { code, hold: parseHold(text(reply[1]), text(reply[2])) };
    }
    return { code };
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

  /** confirm.lua: a hold is paid (the payments flow calls this). */
  async confirm(reservationId: string): Promise<ConfirmOutcome> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return { code: ReservationCode.NotFound };
    const reply = asReply(
      await this.redis.flashSaleConfirm(...pool.keys, reservationId, pool.channel, pool.tag),
    );
    const code = reply[0] as ConfirmOutcome['code'];
    if (code === ReservationCode.NotFound) return { code };
    return { code, hold: parseHold(reservationId, text(reply[1])) };
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
        ...[...sale.sold.byUser].flat(),
      ),
    );
    return { loaded: reply[0] === 'LOADED', free: Number(reply[1]) };
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

function text(value: string | number | null | undefined): string {
  if (value === null || value === undefined) throw new Error('Missing value in a script reply');
  return String(value);
}
