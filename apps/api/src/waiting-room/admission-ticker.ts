import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FlashSaleRepository, SaleLoader } from '@api/flash-sale';
import { RedisClock } from '@api/holds';
import { removeSaleGauges, type SaleGauges, saleGauges } from './waiting-room-metrics';
import { RATE_WINDOW_MS, WaitingRoomStore } from './waiting-room.store';

/** One admission step per waiting-room sale this often, in every process (so ~3x as often with three). */
export const ADMIT_EVERY_MS = 100;
/** How often the list of waiting-room sales is read from MongoDB (a sale joined here is added at once). */
const REFRESH_EVERY_MS = 1000;
/** A line is still stepped this long after its sale ended (its tickets read `ended` by then anyway). */
const AFTER_END_MS = 10_000;

/**
 * Runs the admission step (admit.lua) of every live waiting-room sale on a timer, in every API process. The
 * script is safe to run from any number of processes at once: the draw happens once (its flag is set in the
 * same step), the admission pace is a token bucket on the Redis clock, and every decision is atomic. So a
 * process dying changes nothing but the pace of steps. Sets the waiting-room gauges from each step.
 */
@Injectable()
export class AdmissionTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AdmissionTicker.name);
  private readonly sales = new Map<string, SaleGauges>();
  private timer?: NodeJS.Timeout;
  private stepping = false;
  private refreshedAt = 0;

  constructor(
    private readonly store: WaitingRoomStore,
    private readonly repository: FlashSaleRepository,
    private readonly loader: SaleLoader,
    private readonly clock: RedisClock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), ADMIT_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Steps this sale's line from now on (a shopper joined it through this process). */
  watch(saleId: string): void {
    if (!this.sales.has(saleId)) this.sales.set(saleId, saleGauges(saleId));
  }

  private async tick(): Promise<void> {
    if (this.stepping) return; // the previous tick is still running: skip, never pile up
    this.stepping = true;
    try {
      await this.refresh();
      for (const [saleId, gauges] of this.sales) await this.step(saleId, gauges);
    } catch (error) {
      this.logger.warn({ err: error }, 'Admission step failed (retried on the next tick)');
    } finally {
      this.stepping = false;
    }
  }

  private async refresh(): Promise<void> {
    const now = this.clock.now();
    if (now - this.refreshedAt < REFRESH_EVERY_MS) return;
    this.refreshedAt = now;
    const live = new Set(await this.repository.waitingRoomSaleIds(new Date(now - AFTER_END_MS)));
    for (const saleId of live) this.watch(saleId);
    for (const saleId of this.sales.keys()) {
      if (live.has(saleId)) continue;
      this.sales.delete(saleId);
      removeSaleGauges(saleId);
    }
  }

  private async step(saleId: string, gauges: SaleGauges): Promise<void> {
    const outcome = await this.store.admit(saleId);
    if (outcome.code === 'NOT_LOADED') {
      await this.loader.ensureLoaded(saleId); // Redis lost the sale: rebuilt from MongoDB, stepped next tick
      return;
    }
    if (outcome.code === 'NO_LINE') {
      this.sales.delete(saleId);
      return;
    }
    const { line } = outcome;
    gauges.waiting.set(line.waiting);
    gauges.admitted.set(line.admitted);
    gauges.used.set(line.used);
    gauges.expired.set(line.expired);
    gauges.admissionRate.set(line.recentAdmissions / (RATE_WINDOW_MS / 1000));
  }
}
