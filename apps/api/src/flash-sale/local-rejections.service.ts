import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ReserveRejectionReason } from '@flashline/contracts';
import { SaleStateStore } from '@api/holds';

/** How often this process adds the refusals it answered itself to the sales' stats. */
export const LOCAL_REJECTIONS_FLUSH_MS = 1000;

/**
 * Reserves this process refused without asking Redis (its local sold-out flag answers a flood after a
 * sell-out), tallied in memory and added to each sale's stats hash about once a second: one add-stats.lua
 * call per sale, sent together (one round trip). The totals lag by up to a second and may lose the last
 * second of a process that dies; they are never counted twice.
 */
@Injectable()
export class LocalRejections implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LocalRejections.name);
  private pending = new Map<string, Map<ReserveRejectionReason, number>>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly saleState: SaleStateStore) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), LOCAL_REJECTIONS_FLUSH_MS);
    // Never keeps a process alive on its own.
    this.timer.unref();
  }

  /** The last tally goes out before the connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  add(saleId: string, reason: ReserveRejectionReason): void {
    let counts = this.pending.get(saleId);
    if (!counts) {
      counts = new Map();
      this.pending.set(saleId, counts);
    }
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }

  /** Sends what was tallied since the last call. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    await Promise.all(
      [...batch].map(([saleId, counts]) =>
        this.saleState.addRejections(saleId, counts).catch((error: unknown) => {
          // Redis is away: these counts are dropped rather than kept growing; /api/health shows why.
          this.logger.warn({ err: error }, `Sale ${saleId}: local refusals not counted`);
        }),
      ),
    );
  }
}
