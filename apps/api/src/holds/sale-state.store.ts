import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ReserveRejectionReason, SaleQueueState, WaitingRoomSettings } from '@flashline/contracts';
import {
  defineScripts,
  InjectRedis,
  SALE_EVENTS_CHANNEL,
  saleDefinitionKey,
  saleStatsKey,
  saleStockKey,
} from '@api/redis';
import { salePool } from './hold-pool';
import { SALE_KEYS_RETENTION_MS } from './holds.store';
import { readQueueState } from './queue-state';
import { ReservationCode } from './reservation-result';
import { asReply, readStockCounts, type StockCounts } from './script-replies';
import type { SoldUnits } from './sold-units';

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
  /** The sale's waiting room; absent or null for a sale without one. */
  waitingRoom?: WaitingRoomSettings | null;
  sold: SoldUnits;
}

/** A loaded sale's live state in Redis. */
export interface SaleLiveState {
  free: number;
  /** Units in active holds (the stock hash's `held:<productId>`). */
  held: number;
  paused: boolean;
  /** A waiting-room sale's line, when asked for. */
  queue?: SaleQueueState;
}

export type SettleOutcome =
  | { state: 'not_loaded' | 'open' }
  | { state: 'holds_active'; held: number }
  | { state: 'settled'; free: number; sold: number };

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

/**
 * A sale's live state in Redis: loading it, pausing it, settling it, its stock and its funnel (stats and the
 * refusals counted in-process).
 */
@Injectable()
export class SaleStateStore {
  constructor(@InjectRedis() private readonly redis: Redis) {
    defineScripts(redis);
  }

  /** load-sale.lua: loads a sale's counters unless present; true when this call loaded them. */
  async loadSale(sale: SaleSnapshot): Promise<{ loaded: boolean; free: number }> {
    const pool = salePool(sale.saleId);
    const purgeAt = sale.endsAt.getTime() + sale.reservationTtlSeconds * 1000 + SALE_KEYS_RETENTION_MS;
    const reply = asReply(
      await this.redis.flashSaleLoadSale(
        saleDefinitionKey(sale.saleId),
        saleStockKey(sale.saleId),
        pool.keys.users,
        pool.keys.stats,
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
        sale.waitingRoom
          ? `${sale.waitingRoom.admitPerSecond}:${sale.waitingRoom.admissionSeconds * 1000}`
          : '',
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

  /** A loaded sale's free and held units and whether it is paused (one round trip); undefined when not loaded. */
  async saleLiveState(
    saleId: string,
    productId: string,
    withQueue = false,
  ): Promise<SaleLiveState | undefined> {
    const [stock, paused, queue] = await Promise.all([
      this.saleStock(saleId, productId),
      this.redis.hget(saleDefinitionKey(saleId), 'paused'),
      withQueue ? readQueueState(this.redis, saleId) : undefined,
    ]);
    if (stock === undefined) return undefined;
    return { free: stock.free, held: stock.held, paused: paused === '1', ...(queue ? { queue } : {}) };
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
    return readStockCounts(this.redis, saleStockKey(saleId), productId);
  }
}
