import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CATALOG_STOCK_KEY, defineScripts, InjectRedis } from '@api/redis';
import { ReservationCode } from './reservation-result';
import { asReply, readStockCounts, type StockCounts } from './script-replies';

export type { StockCounts } from './script-replies';

export interface AllocateOutcome {
  code: ReservationCode.Ok | ReservationCode.Insufficient | ReservationCode.NotLoaded;
  /** Free units after the allocation, or found when refused. */
  free: number;
}

/** The catalogue's free stock in Redis (cart holds take from it, a new sale allocates from it). */
@Injectable()
export class CatalogStockStore {
  constructor(@InjectRedis() private readonly redis: Redis) {
    defineScripts(redis);
  }

  /** A product's free / held / sold units in the catalogue pool, or undefined when not loaded. */
  async productStock(productId: string): Promise<StockCounts | undefined> {
    return readStockCounts(this.redis, CATALOG_STOCK_KEY, productId);
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
}
