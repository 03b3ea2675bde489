import { Injectable, Logger } from '@nestjs/common';
import { ProductsService } from '@api/products';
import { CatalogStock } from '@api/holds';
import { FlashSaleRepository, type SaleDefinition } from './flash-sale.repository';
import { returnOperationId } from './flash-sale.service';
import { SaleStateStore, type SettleOutcome } from '@api/holds';
import { SaleLoader } from './sale-loader.service';

/**
 * Gives an ended sale's unsold units back to its product, exactly once, whichever process notices first.
 *
 * Once the sale has ended (Redis clock) and no hold is active, its free units are final: every process
 * that asks computes the same number. Each may then record the `sale_return` movement; the ledger's unique
 * operationId lets exactly one insert through, and only that process puts the units back into the
 * product's Redis counter. Marking the sale settled is a blind write of that same number.
 */
@Injectable()
export class SaleSettlement {
  private readonly logger = new Logger(SaleSettlement.name);

  constructor(
    private readonly saleState: SaleStateStore,
    private readonly loader: SaleLoader,
    private readonly products: ProductsService,
    private readonly stock: CatalogStock,
    private readonly sales: FlashSaleRepository,
  ) {}

  /** True when the sale is settled (now or by another process before); false while it cannot be yet. */
  async settle(sale: SaleDefinition): Promise<boolean> {
    const outcome = await this.finalCounts(sale.id);
    if (outcome.state !== 'settled') return false;
    if (outcome.free > 0) await this.returnUnits(sale, outcome.free);
    await this.sales.markSettled(sale.id, outcome.free, new Date());
    return true;
  }

  private async finalCounts(saleId: string): Promise<SettleOutcome> {
    const outcome = await this.saleState.settleSale(saleId);
    if (outcome.state !== 'not_loaded') return outcome;
    await this.loader.ensureLoaded(saleId);
    return this.saleState.settleSale(saleId);
  }

  private async returnUnits(sale: SaleDefinition, units: number): Promise<void> {
    const recorded = await this.products.recordMovement({
      productId: sale.productId,
      delta: units,
      reason: 'sale_return',
      operationId: returnOperationId(sale.id),
    });
    if (!recorded) return; // another process returned them
    await this.stock.giveBack(sale.productId, units);
    this.logger.log(
      `Flash sale ${sale.id} ended: ${units} unsold units went back to product ${sale.productId}`,
    );
  }
}
