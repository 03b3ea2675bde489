import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ReservationLine } from '@flashline/contracts';
import type { ScriptLimit } from '@api/common/rate-limit';
import {
  defineScripts,
  InjectRedis,
  saleDefinitionKey,
  saleIdempotencyKey,
  saleLineAdmittedKey,
  saleLineKey,
  saleLineTicketsKey,
  saleRateLimitKey,
} from '@api/redis';
import { type Hold, type HoldStatus, parseHold } from './hold-record';
import { CATALOG_POOL, type HoldPool, newReservationId, poolOfReservation, salePool } from './hold-pool';
import { ReservationCode } from './reservation-result';
import { asReply, text } from './script-replies';

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

export interface SaleHoldRequest {
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
  | {
      code:
        | ReservationCode.NotLoaded
        | ReservationCode.LimitReached
        | ReservationCode.SoldOut
        | ReservationCode.NotAdmitted;
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

/**
 * Holds: one typed method per hold script (see `lua/`), plus the one read of a hold. Every contended decision
 * (stock, per-user limits, idempotency, expiry) happens inside one script, by the Redis clock, so any number
 * of API processes can call these at once. Services never see a KEYS array.
 */
@Injectable()
export class HoldsStore {
  constructor(@InjectRedis() private readonly redis: Redis) {
    defineScripts(redis);
  }

  /** reserve.lua: one round trip decides a shopper's reserve, its rate limits included. */
  async reserve(request: SaleHoldRequest): Promise<ReserveOutcome> {
    const pool = salePool(request.saleId);
    const id = newReservationId(pool);
    const limits = request.limits ?? [];
    const keys = [
      saleDefinitionKey(request.saleId),
      saleIdempotencyKey(request.saleId),
      ...pool.scriptKeys,
      saleLineKey(request.saleId),
      saleLineTicketsKey(request.saleId),
      saleLineAdmittedKey(request.saleId),
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
        ...CATALOG_POOL.scriptKeys,
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
      ...pool.scriptKeys,
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
      await this.redis.flashSaleCancel(...pool.scriptKeys, reservationId, userId, pool.channel, pool.tag),
    );
    const code = reply[0] as CancelOutcome['code'];
    return code === ReservationCode.NotFound ? { code } : { code, status: text(reply[1]) as HoldStatus };
  }

  /** A hold as stored (one HGET: the id names its pool). */
  async findHold(reservationId: string): Promise<Hold | undefined> {
    const pool = poolOfReservation(reservationId);
    if (!pool) return undefined;
    const json = await this.redis.hget(pool.keys.holds, reservationId);
    return json === null ? undefined : parseHold(reservationId, json);
  }
}
