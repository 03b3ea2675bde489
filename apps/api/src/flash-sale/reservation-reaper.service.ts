import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { AppConfig } from '@api/config';
import { Lifecycle } from '@api/lifecycle';
import { FlashSaleRepository, type SaleDefinition } from './flash-sale.repository';
import { CATALOG_POOL, HoldReaper, RedisClock, salePool } from '@api/holds';
import { SaleLoader } from './sale-loader.service';
import { SaleSettlement } from './sale-settlement.service';

/** How often the list of live sales is re-read from MongoDB (other processes create sales too). */
const LIVE_SALES_REFRESH_MS = 5000;
const JITTER = 0.2;

/**
 * Gives unpaid holds' stock back on time. Every API process runs it on a jittered interval over every live
 * sale and the cart holds; release-expired.lua is atomic, so however many processes run at once, each hold
 * is released exactly once. It also settles ended sales (their unsold units go back to the product).
 * Key TTLs are only a safety net: this is the mechanism.
 */
@Injectable()
export class ReservationReaper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReservationReaper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private stopped = false;
  private liveSales: SaleDefinition[] = [];
  private liveSalesReadAt = 0;
  private watching?: Subscription;
  private draining?: Subscription;

  constructor(
    private readonly reaper: HoldReaper,
    private readonly sales: FlashSaleRepository,
    private readonly settlement: SaleSettlement,
    private readonly loader: SaleLoader,
    private readonly clock: RedisClock,
    private readonly config: AppConfig,
    private readonly lifecycle: Lifecycle,
  ) {}

  onApplicationBootstrap(): void {
    // A sale this process creates or loads is watched at once, not at the next refresh from MongoDB.
    this.watching = this.loader.loaded$.subscribe((sale) => this.watch(sale));
    // A draining process starts no new batch; the other processes' reapers carry on.
    this.draining = this.lifecycle.drain$.subscribe(() => this.stop());
    this.schedule();
  }

  /** Waits for the batch in progress, so nothing runs against closed connections. */
  async onApplicationShutdown(): Promise<void> {
    this.stop();
    await this.sweeping;
  }

  private readonly isStopped = (): boolean => this.stopped;

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.watching?.unsubscribe();
    this.draining?.unsubscribe();
  }

  /** One pass: lapsed holds of every live sale and of the cart, then ended sales' settlement. */
  async sweep(): Promise<void> {
    const sales = await this.currentLiveSales();
    await Promise.all([
      ...sales.map((sale) => this.sweepSale(sale)),
      this.reaper.drain(CATALOG_POOL, this.isStopped),
    ]);
  }

  private schedule(): void {
    if (this.stopped) return;
    const interval = this.config.flashSale.reaperIntervalMs;
    const delay = interval * (1 - JITTER + Math.random() * 2 * JITTER);
    this.timer = setTimeout(() => this.tick(), delay);
    // The reaper never keeps a process alive on its own.
    this.timer.unref();
  }

  private tick(): void {
    this.sweeping = this.sweep()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Reaper pass failed (retrying next tick)'))
      .finally(() => {
        this.sweeping = undefined;
        this.schedule();
      });
  }

  private async sweepSale(sale: SaleDefinition): Promise<void> {
    await this.reaper.drain(salePool(sale.id), this.isStopped);
    if (this.clock.now() < sale.endsAt.getTime()) return;
    if (await this.settlement.settle(sale)) {
      this.liveSales = this.liveSales.filter((live) => live.id !== sale.id);
    }
  }

  private watch(sale: SaleDefinition): void {
    if (!this.liveSales.some((live) => live.id === sale.id)) this.liveSales = [...this.liveSales, sale];
  }

  private async currentLiveSales(): Promise<SaleDefinition[]> {
    if (Date.now() - this.liveSalesReadAt >= LIVE_SALES_REFRESH_MS) {
      // Merged, not replaced: a sale watched while this read was running stays. Settling removes sales.
      for (const sale of await this.sales.unsettled()) this.watch(sale);
      this.liveSalesReadAt = Date.now();
    }
    return this.liveSales;
  }
}
