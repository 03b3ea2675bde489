import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { AppConfig } from '@api/config';
import {
  type Hold,
  holdAmountCents,
  type HoldPool,
  RedisClock,
  ReservationCode,
  HoldsStore,
  PaymentHoldsStore,
  type SucceededPayment,
} from '@api/holds';
import { Lifecycle } from '@api/lifecycle';
import { IntentVoider } from './intent-voider.service';
import { paymentsReconciled, reconcilerDifferences } from './payment-metrics';
import { PaymentPools } from './payment-pools.service';
import { PaymentsAudit } from './payments-audit.service';
import { ProcessedEvents } from './processed-events.repository';
import { PurchaseFinalizer } from './purchase-finalizer.service';

const JITTER = 0.2;
/** Old processed-event markers are pruned about this often. */
const PRUNE_EVERY_MS = 3600_000;

/**
 * Runs in every API process on a jittered interval, and is safe to run in all of them at once (every step it
 * takes is idempotent). Each pass:
 * 1. finishes payments left half-way: a hold paid (or refused) longer ago than `RECONCILE_AFTER_MS` is
 *    still in its pool's settling index only if the process handling its webhook died before the order was
 *    written or the refund issued. It runs the same steps the webhook would have (PurchaseFinalizer);
 * 2. cancels at Stripe the intents of holds that ended unpaid (IntentVoider);
 * 3. audits that Redis counters, holds and MongoDB orders agree (PaymentsAudit), exposing the count as the
 *    `reconciler_differences` gauge, which must stay 0.
 */
@Injectable()
export class PaymentsReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaymentsReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private prunedAt = 0;
  private draining?: Subscription;

  constructor(
    private readonly holds: HoldsStore,
    private readonly paymentHolds: PaymentHoldsStore,
    private readonly pools: PaymentPools,
    private readonly finalizer: PurchaseFinalizer,
    private readonly voider: IntentVoider,
    private readonly audit: PaymentsAudit,
    private readonly processed: ProcessedEvents,
    private readonly clock: RedisClock,
    private readonly config: AppConfig,
    private readonly lifecycle: Lifecycle,
  ) {}

  onApplicationBootstrap(): void {
    // A draining process starts no new batch; the other processes' reconcilers carry on.
    this.draining = this.lifecycle.drain$.subscribe(() => this.stop());
    this.schedule();
  }

  /** Waits for the batch in progress, so nothing runs against closed connections. */
  async onApplicationShutdown(): Promise<void> {
    this.stop();
    await this.running;
  }

  /** One full pass; returns the audit's differences. */
  async reconcile(): Promise<number> {
    const pools = await this.pools.current(this.clock.now());
    for (const { pool } of pools) {
      await this.settle(pool);
      await this.voider.sweep(pool);
    }
    const differences = await this.audit.run(pools);
    reconcilerDifferences.set(differences);
    await this.pruneEvents();
    return differences;
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.draining?.unsubscribe();
  }

  private schedule(): void {
    if (this.stopped) return;
    const interval = this.config.payments.reconcilerIntervalMs;
    this.timer = setTimeout(() => this.tick(), interval * (1 - JITTER + Math.random() * 2 * JITTER));
    // The reconciler never keeps a process alive on its own.
    this.timer.unref();
  }

  private tick(): void {
    this.running = this.reconcile()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'Reconciler pass failed (retrying next tick)'),
      )
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
  }

  private async settle(pool: HoldPool): Promise<void> {
    const before = this.clock.now() - this.config.payments.reconcileAfterMs;
    for (const reservationId of await this.paymentHolds.settling(pool, before)) {
      try {
        await this.settleOne(reservationId);
      } catch (error) {
        this.logger.warn({ err: error }, `Could not settle ${reservationId} yet`);
      }
    }
  }

  private async settleOne(reservationId: string): Promise<void> {
    const hold = await this.holds.findHold(reservationId);
    if (hold?.status === 'paid') {
      await this.finalizer.finish(hold);
      paymentsReconciled.inc();
      this.logger.warn(`Reconciled ${reservationId}: its payment was confirmed but not finished`);
    } else if (hold?.status === 'refunded' && hold.paidBy) {
      await this.finalizer.refund(paymentOf(hold, hold.paidBy), ReservationCode.Refunded);
    } else {
      // Completed (the webhook finished after all), or gone: nothing is left to do.
      await this.paymentHolds.settled(reservationId);
    }
  }

  private async pruneEvents(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    const pruned = await this.processed.prune(new Date());
    if (pruned > 0) this.logger.log(`Pruned ${pruned} old processed-event markers`);
  }
}

function paymentOf(hold: Hold, paymentIntentId: string): SucceededPayment {
  return {
    reservationId: hold.id,
    paymentIntentId,
    amountCents: holdAmountCents(hold),
    currency: hold.currency,
  };
}
