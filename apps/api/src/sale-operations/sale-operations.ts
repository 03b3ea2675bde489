import type { FlashSale, SaleOperations } from '@flashline/contracts';
import { type PoolStats, type StockCounts } from '@api/holds';

/** One sale read for operators: the sale with its live state, its units, and its funnel. */
export interface SaleReading {
  sale: FlashSale;
  /** Units free, held and sold; undefined when Redis has no counters for the sale (long ended). */
  stock: StockCounts | undefined;
  /** The funnel (holds, refusals); undefined when Redis has none for the sale. */
  stats: PoolStats | undefined;
  /** When it was read, by the Redis clock (ms). */
  at: number;
}

/** Every reserve request the sale counted: holds taken plus every refusal, whatever its reason. */
export function reserveAttempts(stats: PoolStats | undefined): number {
  if (stats === undefined) return 0;
  return stats.taken + Object.values(stats.rejected).reduce((sum, count) => sum + count, 0);
}

/** The contract's view of one reading; `reserveRate` is measured by the caller across readings. */
export function toSaleOperations(
  { sale, stock, stats, at }: SaleReading,
  reserveRate: number,
): SaleOperations {
  const taken = stats?.taken ?? 0;
  const paid = stats?.paid ?? 0;
  return {
    saleId: sale.id,
    at: new Date(at).toISOString(),
    status: sale.status,
    paused: sale.paused,
    quantity: sale.quantity,
    remaining: sale.remaining,
    heldUnits: stock?.held ?? 0,
    soldUnits: stock?.sold ?? 0,
    taken,
    paid,
    expired: stats?.expired ?? 0,
    cancelled: stats?.cancelled ?? 0,
    refunded: stats?.refunded ?? 0,
    conversion: taken > 0 ? Math.round((paid / taken) * 10_000) / 10_000 : 0,
    reserveRate,
    rejections: {
      sold_out: stats?.rejected.sold_out ?? 0,
      limit_reached: stats?.rejected.limit_reached ?? 0,
      not_active: stats?.rejected.not_active ?? 0,
      rate_limited: stats?.rejected.rate_limited ?? 0,
    },
  };
}
