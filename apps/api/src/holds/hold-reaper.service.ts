import { Injectable } from '@nestjs/common';
import type { HoldPool } from './hold-pool';
import { HoldsStore, REAPER_RELEASE_BATCH } from './holds.store';
import { poolLabels, reservationsExpired } from './reservation-metrics';

/** Most batches one pool drains per call: a huge backlog cannot starve the other pools. */
const MAX_BATCHES_PER_DRAIN = 10;

/**
 * Gives a pool's unpaid holds' stock back on time, batch after batch (release-expired.lua is atomic, so
 * however many processes drain one pool at once, each hold is released exactly once). Which pools to drain
 * and when is the caller's (flash-sale's sweep over live sales and the cart).
 */
@Injectable()
export class HoldReaper {
  constructor(private readonly holds: HoldsStore) {}

  async drain(pool: HoldPool, stopped: () => boolean): Promise<void> {
    for (let batch = 0; batch < MAX_BATCHES_PER_DRAIN && !stopped(); batch++) {
      const released = await this.holds.releaseExpired(pool, REAPER_RELEASE_BATCH);
      if (released > 0) reservationsExpired.inc(poolLabels(pool.kind, pool.saleId), released);
      if (released < REAPER_RELEASE_BATCH) return;
    }
  }
}
