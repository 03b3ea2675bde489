import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { filter, mergeMap, type Subscription } from 'rxjs';
import { type MovementReason, ProductsService, type RecordedMovement } from '@api/products';
import { type AllocateOutcome, CatalogStockStore } from './catalog-stock.store';
import { ReservationCode } from './reservation-result';

/**
 * Movements that change on-hand stock without going through Redis first. Everything else this module
 * already applied in Redis itself (sale_allocation, sale_return) or is the settlement of a hold that
 * already left free stock (order).
 */
const OUTSIDE_REASONS: ReadonlySet<MovementReason> = new Set(['initial', 'restock', 'adjustment']);

/**
 * Products' free stock in Redis (the catalogue pool): what sale allocations and cart checkouts take from.
 * A product's counter is loaded from the ledger when missing (on-hand minus active cart holds) and then
 * kept current: by the scripts for what this module does, and from `ProductsService.movements$` for admin
 * restocks and adjustments.
 */
@Injectable()
export class CatalogStock implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CatalogStock.name);
  private subscription?: Subscription;

  constructor(
    private readonly products: ProductsService,
    private readonly catalogStock: CatalogStockStore,
  ) {}

  onModuleInit(): void {
    this.subscription = this.products.movements$
      .pipe(
        filter((movement) => OUTSIDE_REASONS.has(movement.reason)),
        mergeMap((movement) => this.applyOutside(movement)),
      )
      .subscribe();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Loads the products' counters that are missing; returns each one's free units. */
  async ensureLoaded(productIds: readonly string[]): Promise<Map<string, number>> {
    // Fresh: the ledger sum must not be an older cached one, or the counter would start wrong.
    const onHand = await this.products.onHandStocks(productIds, { fresh: true });
    return this.catalogStock.loadStock(new Map(productIds.map((id) => [id, onHand.get(id) ?? 0])));
  }

  /** Takes a new sale's units from the product's free stock, atomically. */
  async allocate(productId: string, quantity: number): Promise<AllocateOutcome> {
    const first = await this.catalogStock.allocate(productId, quantity);
    if (first.code !== ReservationCode.NotLoaded) return first;
    await this.ensureLoaded([productId]);
    return this.catalogStock.allocate(productId, quantity);
  }

  /** Puts units back (a sale's unsold units, an allocation undone). A counter not loaded reloads later. */
  async giveBack(productId: string, quantity: number): Promise<void> {
    await this.catalogStock.adjustStock(productId, quantity);
  }

  private async applyOutside(movement: RecordedMovement): Promise<void> {
    try {
      await this.catalogStock.adjustStock(movement.productId, movement.delta);
    } catch (error) {
      // The counter now lags the ledger by this movement until it is reloaded; say so loudly.
      this.logger.error(
        { err: error },
        `Could not apply ${movement.reason} ${movement.operationId} (${movement.delta}) to Redis`,
      );
    }
  }
}
