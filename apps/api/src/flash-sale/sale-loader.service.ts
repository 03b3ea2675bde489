import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Observable, Subject } from 'rxjs';
import { DomainError, notFound } from '@api/common/errors';
import { FlashSaleRepository, type SaleDefinition } from './flash-sale.repository';
import { ReservationCode, SaleStateStore, SoldUnitsSource } from '@api/holds';

const MAX_LOAD_ROUNDS = 3;

/** Redis kept losing the sale's keys while it was being loaded. */
export const saleReloading = (): DomainError =>
  new DomainError('SERVICE_UNAVAILABLE', 'The flash sale is being reloaded: try again shortly.');

/**
 * Rebuilds a sale's live Redis counters from MongoDB (definition + sold units) whenever they are missing:
 * at creation, at start-up, and whenever a script answers NOT_LOADED (Redis lost its data). Loading is
 * idempotent in Redis (load-sale.lua changes nothing when the sale is there), so every process may do it;
 * within one process concurrent requests share one load, so a flood after a flush costs one MongoDB read.
 */
@Injectable()
export class SaleLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(SaleLoader.name);
  private readonly inFlight = new Map<string, Promise<SaleDefinition>>();
  private readonly loadedSales = new Subject<SaleDefinition>();
  /** Every sale this process made sure is in Redis (the reaper watches them from then on). */
  readonly loaded$: Observable<SaleDefinition> = this.loadedSales.asObservable();

  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly saleState: SaleStateStore,
    private readonly soldUnits: SoldUnitsSource,
  ) {}

  /** Loads every sale still live, in the background: start-up must not wait on MongoDB or Redis. */
  onApplicationBootstrap(): void {
    void this.loadLiveSales().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'Could not load live sales at start-up (they load on first use)'),
    );
  }

  /** Makes sure the sale's counters are in Redis; NOT_FOUND for an unknown sale. */
  ensureLoaded(saleId: string): Promise<SaleDefinition> {
    let loading = this.inFlight.get(saleId);
    if (!loading) {
      loading = this.load(saleId).finally(() => this.inFlight.delete(saleId));
      this.inFlight.set(saleId, loading);
    }
    return loading;
  }

  /**
   * Runs a script; if the sale's keys are missing, loads the sale and runs it again. A load joins one
   * already running, which may have finished just before Redis lost its data again: hence a few rounds.
   */
  async withLoaded<T extends { code: string }>(saleId: string, attempt: () => Promise<T>): Promise<T> {
    for (let round = 0; round < MAX_LOAD_ROUNDS; round++) {
      const outcome = await attempt();
      if (outcome.code !== ReservationCode.NotLoaded) return outcome;
      await this.ensureLoaded(saleId);
    }
    throw saleReloading();
  }

  private async load(saleId: string): Promise<SaleDefinition> {
    // Afresh, not from the cache: `paused` may have changed since this process last read the sale.
    const sale = await this.sales.findFresh(saleId);
    if (!sale) throw notFound('Flash sale');
    const sold = await this.soldUnits.soldUnits(saleId);
    const { loaded } = await this.saleState.loadSale({
      ...sale,
      saleId,
      priceCents: sale.salePriceCents,
      sold,
    });
    if (loaded) this.logger.log(`Loaded flash sale ${saleId} into Redis (${sold.total} sold)`);
    this.loadedSales.next(sale);
    return sale;
  }

  private async loadLiveSales(): Promise<void> {
    const sales = await this.sales.unsettled();
    await Promise.all(sales.map((sale) => this.ensureLoaded(sale.id)));
  }
}
