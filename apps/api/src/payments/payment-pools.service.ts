import { Injectable } from '@nestjs/common';
import {
  CATALOG_POOL,
  ENDED_HOLD_RETENTION_MS,
  type HoldPool,
  type PoolSale,
  SaleDirectory,
  salePool,
} from '@api/holds';

/** Other processes create sales too: the list is re-read this often. */
const REFRESH_MS = 10_000;

export interface PaymentPool {
  pool: HoldPool;
  /** The sale, for a flash-sale pool. */
  sale?: PoolSale;
}

/**
 * The hold pools where payments may still be settling or intents waiting to be cancelled: the catalogue's
 * (cart holds) and every sale that is not settled or ended within the retention of its ended holds (a paid
 * hold may be left unfinished by a crash at any time until then).
 */
@Injectable()
export class PaymentPools {
  private sales: PoolSale[] = [];
  private readAt = 0;

  constructor(private readonly directory: SaleDirectory) {}

  async current(now: number): Promise<PaymentPool[]> {
    if (Date.now() - this.readAt >= REFRESH_MS) {
      this.sales = await this.directory.recent(new Date(now - ENDED_HOLD_RETENTION_MS));
      this.readAt = Date.now();
    }
    return [{ pool: CATALOG_POOL }, ...this.sales.map((sale) => ({ pool: salePool(sale.id), sale }))];
  }

  /** Forgets the cached list (a test that just created a sale wants it seen at once). */
  refresh(): void {
    this.readAt = 0;
  }
}
