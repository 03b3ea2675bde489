import { Injectable, Logger } from '@nestjs/common';
import type { CreateFlashSaleRequest, FlashSale, Product } from '@flashline/contracts';
import { DomainError, notFound } from '@api/common/errors';
import { AppConfig } from '@api/config';
import { type NewMovement, ProductsService } from '@api/products';
import { CatalogStock } from '@api/holds';
import { FlashSaleRepository, type SaleDefinition, type WindowFilter } from './flash-sale.repository';
import { LiveSales } from './live-sales.service';
import { ReservationCode, reservationError, SaleStateStore } from '@api/holds';
import { defineSale } from './sale-rules';
import { SaleLoader } from './sale-loader.service';

export const allocationOperationId = (saleId: string): string => `sale:${saleId}:allocation`;
export const returnOperationId = (saleId: string): string => `sale:${saleId}:return`;

/**
 * Flash sales: creating, pausing and resuming them (admin), and reading them with live remaining units.
 *
 * Creating a sale moves units from the product to the sale in three steps, ordered so that every failure
 * leaves stock under-counted, never over-counted: (1) take them from the product's free stock in Redis,
 * atomically (two admins cannot both take the last units); (2) record the `sale_allocation` ledger
 * movement; (3) insert the sale. A failure after (1) gives the units back only when it is certain nothing
 * further was written.
 */
/** Copies of an admin's pause into Redis before giving up on agreeing with MongoDB (see mirrorPaused). */
const MAX_PAUSE_COPIES = 5;

@Injectable()
export class FlashSaleService {
  private readonly logger = new Logger(FlashSaleService.name);

  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly products: ProductsService,
    private readonly stock: CatalogStock,
    private readonly loader: SaleLoader,
    private readonly live: LiveSales,
    private readonly saleState: SaleStateStore,
    private readonly config: AppConfig,
  ) {}

  async create(request: CreateFlashSaleRequest): Promise<FlashSale> {
    const product = await this.productFor(request.productId);
    const sale = defineSale(FlashSaleRepository.newId(), request, product, {
      now: this.live.now(),
      reservationTtlMinSeconds: this.config.flashSale.reservationTtlMinSeconds,
    });
    await this.allocate(sale);
    await this.recordAllocation(sale);
    await this.insert(sale);
    await this.loader.ensureLoaded(sale.id).catch(() => undefined); // else loaded on first use
    return this.live.toFlashSale(sale);
  }

  /** `status=active` includes sold-out sales: their window is open (see LiveSales). */
  async list(status: WindowFilter | undefined): Promise<FlashSale[]> {
    const sales = await this.sales.list(status, new Date(this.live.now()));
    return Promise.all(sales.map((sale) => this.live.toFlashSale(sale)));
  }

  async get(id: string): Promise<FlashSale> {
    return this.live.toFlashSale(await this.find(id));
  }

  /**
   * An admin pauses (or resumes) a sale: reserves are refused with SALE_NOT_ACTIVE meanwhile. MongoDB first
   * (a blind `$set`: the fact a rebuilt Redis copies), then the live copy in Redis, which reserve.lua reads
   * and which tells every process's event streams. Idempotent. An ended sale takes no reserves, so only
   * MongoDB is written. Answers the sale as it is once both agree (another admin may have had the last word).
   */
  async setPaused(id: string, paused: boolean): Promise<FlashSale> {
    const sale = await this.find(id);
    if (!(await this.sales.setPaused(id, paused))) throw notFound('Flash sale');
    const settled = this.live.now() < sale.endsAt.getTime() ? await this.mirrorPaused(id, paused) : paused;
    return this.live.toFlashSale({ ...sale, paused: settled });
  }

  /**
   * Copies `paused` into Redis until MongoDB, read after the copy, says the same. Two admins pausing and
   * resuming at once could otherwise leave in Redis the value whose MongoDB write came first. Every copy is
   * followed by such a read, so the last copy anyone makes is MongoDB's last word. A sale not in Redis yet
   * is loaded first (copying the value), then set: a load racing this one cannot leave the old value.
   */
  private async mirrorPaused(id: string, paused: boolean): Promise<boolean> {
    let value = paused;
    for (let copy = 0; copy < MAX_PAUSE_COPIES; copy++) {
      await this.loader.withLoaded(id, () => this.saleState.setPaused(id, value));
      const stored = await this.sales.storedPaused(id);
      if (stored === undefined || stored === value) return value;
      value = stored;
    }
    return value;
  }

  async find(id: string): Promise<SaleDefinition> {
    const sale = await this.sales.find(id);
    if (!sale) throw new DomainError('NOT_FOUND', 'Flash sale not found.');
    return sale;
  }

  /** The sale's product, refused as a validation failure of `productId` when unknown. */
  private async productFor(productId: string): Promise<Product> {
    try {
      return await this.products.findById(productId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
      throw new DomainError('VALIDATION_FAILED', 'The request is not valid.', [
        { field: 'productId', message: 'productId names no product' },
      ]);
    }
  }

  private async allocate(sale: SaleDefinition): Promise<void> {
    const outcome = await this.stock.allocate(sale.productId, sale.quantity);
    if (outcome.code !== ReservationCode.Ok) {
      throw reservationError(ReservationCode.Insufficient, { free: outcome.free });
    }
  }

  /**
   * Retried once: the operationId makes a retry record it at most once. If both attempts fail, the first
   * may still have been written, so the units stay taken in Redis (under-counted until the counter is
   * reloaded) rather than risk counting them twice.
   */
  private async recordAllocation(sale: SaleDefinition): Promise<void> {
    const movement: NewMovement = {
      productId: sale.productId,
      delta: -sale.quantity,
      reason: 'sale_allocation',
      operationId: allocationOperationId(sale.id),
    };
    try {
      await this.products.recordMovement(movement);
    } catch {
      await this.products.recordMovement(movement).catch((error: unknown) => {
        this.logger.error(`Allocation ${movement.operationId} not recorded; its units stay taken in Redis`);
        throw error;
      });
    }
  }

  /** If the insert fails and the sale is surely absent, the allocation is undone in the ledger and Redis. */
  private async insert(sale: SaleDefinition): Promise<void> {
    try {
      await this.sales.insert(sale);
    } catch (error) {
      const stored = await this.sales.find(sale.id).catch(() => 'unknown' as const);
      if (stored !== undefined) {
        if (stored === 'unknown') throw error;
        return; // it was written after all
      }
      await this.undoAllocation(sale);
      throw error;
    }
  }

  private async undoAllocation(sale: SaleDefinition): Promise<void> {
    const returned = await this.products
      .recordMovement({
        productId: sale.productId,
        delta: sale.quantity,
        reason: 'sale_return',
        operationId: returnOperationId(sale.id),
      })
      .catch(() => false);
    if (returned) await this.stock.giveBack(sale.productId, sale.quantity).catch(() => undefined);
    else this.logger.error(`Sale ${sale.id} not created; its ${sale.quantity} units stay allocated`);
  }
}
