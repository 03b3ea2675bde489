import { Injectable, Logger } from '@nestjs/common';
import { type HoldPool, PaymentHoldsStore, type PoolAudit, type PoolSale } from '@api/holds';
import { OrdersService } from '@api/orders';
import type { PaymentPool } from './payment-pools.service';

/** A pool with more active holds than this is skipped (summing them would hold Redis up too long). */
const MAX_AUDITED_HOLDS = 20_000;

/**
 * Checks that Redis counters, Redis holds and MongoDB orders agree, without stopping anything.
 *
 * Within Redis (one atomic snapshot per pool, audit-pool.lua): no counter is negative, a product's `held`
 * units are exactly its active holds' units, and a sale's free + held + sold is its quantity.
 *
 * Across Redis and MongoDB, per sale: sold = units of paid holds still settling + units of the sale's paid
 * orders for every other reservation; and no buyer's orders exceed the per-user limit. Orders are read
 * between two Redis snapshots, and the comparison only counts when both snapshots agree (nothing was paid or
 * completed meanwhile), so a purchase in flight never shows as a difference.
 */
@Injectable()
export class PaymentsAudit {
  private readonly logger = new Logger(PaymentsAudit.name);

  constructor(
    private readonly paymentHolds: PaymentHoldsStore,
    private readonly orders: OrdersService,
  ) {}

  /** The number of differences found in these pools (each one logged). */
  async run(pools: readonly PaymentPool[]): Promise<number> {
    let differences = 0;
    for (const { pool, sale } of pools) {
      const snapshot = await this.paymentHolds.auditPool(pool, MAX_AUDITED_HOLDS);
      if (!snapshot) continue;
      const found = [
        ...this.inRedis(snapshot, sale),
        ...(sale ? await this.againstOrders(pool, snapshot, sale) : []),
      ];
      for (const difference of found)
        this.logger.error(`Audit ${sale ? `sale ${sale.id}` : 'cart'}: ${difference}`);
      differences += found.length;
    }
    return differences;
  }

  private inRedis(snapshot: PoolAudit, sale?: PoolSale): string[] {
    const found: string[] = [];
    for (const [productId, counts] of snapshot.stock) {
      if (counts.free < 0 || counts.held < 0 || counts.sold < 0) {
        found.push(`negative counter for ${productId}: ${JSON.stringify(counts)}`);
      }
      const active = snapshot.active.get(productId) ?? 0;
      if (counts.held !== active)
        found.push(`${productId} held ${counts.held} but active holds hold ${active}`);
    }
    const counts = sale && snapshot.stock.get(sale.productId);
    if (sale && counts && counts.free + counts.held + counts.sold !== sale.quantity) {
      found.push(
        `free + held + sold = ${counts.free + counts.held + counts.sold}, quantity ${sale.quantity}`,
      );
    }
    return found;
  }

  private async againstOrders(pool: HoldPool, first: PoolAudit, sale: PoolSale): Promise<string[]> {
    const sold = first.stock.get(sale.productId)?.sold;
    if (sold === undefined) return [];
    const orders = await this.orders.saleUnits(sale.id, first.settlingIds);
    const found = [...orders.byUser]
      .filter(([, units]) => units > sale.perUserLimit)
      .map(([userId, units]) => `user ${userId} bought ${units} units, limit ${sale.perUserLimit}`);
    const second = await this.paymentHolds.auditPool(pool, MAX_AUDITED_HOLDS);
    if (!second || !sameSettling(first, second, sale.productId)) return found;
    const settling = first.settlingUnits.get(sale.productId) ?? 0;
    if (sold !== settling + orders.total) {
      found.push(`sold ${sold} but settling ${settling} + ordered ${orders.total}`);
    }
    return found;
  }
}

/** Nothing was sold, paid or completed between two snapshots. */
function sameSettling(first: PoolAudit, second: PoolAudit, productId: string): boolean {
  return (
    first.stock.get(productId)?.sold === second.stock.get(productId)?.sold &&
    first.settlingIds.length === second.settlingIds.length &&
    first.settlingIds.every((id, index) => second.settlingIds[index] === id)
  );
}
