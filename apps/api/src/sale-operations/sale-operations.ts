import type { SaleOperations } from '@flashline/contracts';
import type { SaleFunnelReading, SaleStats } from '@api/flash-sale/sale-funnel';

/** Every reserve request the sale counted: holds taken plus every rejection, whatever its reason. */
export function reserveAttempts(stats: SaleStats): number {
  return stats.taken + Object.values(stats.rejections).reduce((sum, count) => sum + count, 0);
}

/** The contract's view of one reading; `reserveRate` is measured by the caller across readings. */
export function toSaleOperations(reading: SaleFunnelReading, reserveRate: number): SaleOperations {
  const { sale, stock, stats } = reading;
  return {
    saleId: sale.id,
    at: new Date(reading.at).toISOString(),
    status: sale.status,
    paused: false,
    quantity: sale.quantity,
    remaining: sale.remaining,
    heldUnits: stock.held,
    soldUnits: stock.sold,
    taken: stats.taken,
    paid: stats.paid,
    expired: stats.expired,
    cancelled: stats.cancelled,
    refunded: stats.refunded,
    conversion: stats.taken > 0 ? Math.round((stats.paid / stats.taken) * 10_000) / 10_000 : 0,
    reserveRate,
    rejections: { ...stats.rejections },
  };
}
