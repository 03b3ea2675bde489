import { Injectable, Logger } from '@nestjs/common';
import { type HoldPool, PaymentHoldsStore } from '@api/holds';
import { PaymentGateway } from './payment-gateway.service';

/** Intents claimed per pool and pass. */
const BATCH = 50;
/** A claimed intent not cancelled within this (Stripe down, the process died) is handed out again. */
const LEASE_MS = 60_000;

/**
 * Cancels at Stripe the intents of holds that ended unpaid (expired, cancelled, payment failed), so nobody
 * pays for units that went back to stock. The scripts queue such an intent in its pool's voided index in the
 * same atomic step that ends the hold; this claims a few at a time (claim-voided.lua: one process per lease)
 * and removes each once Stripe answered. Best effort with retries: an intent paid anyway is a late payment,
 * which confirm.lua either honours or refunds.
 */
@Injectable()
export class IntentVoider {
  private readonly logger = new Logger(IntentVoider.name);

  constructor(
    private readonly paymentHolds: PaymentHoldsStore,
    private readonly gateway: PaymentGateway,
  ) {}

  async sweep(pool: HoldPool): Promise<void> {
    const intents = await this.paymentHolds.claimVoided(pool, BATCH, LEASE_MS);
    for (const paymentIntentId of intents) await this.cancel(pool, paymentIntentId);
  }

  private async cancel(pool: HoldPool, paymentIntentId: string): Promise<void> {
    try {
      const cancelled = await this.gateway.cancelIntent(paymentIntentId);
      await this.paymentHolds.voidDone(pool, paymentIntentId);
      this.logger.log(
        `Intent ${paymentIntentId} ${cancelled ? 'cancelled' : 'was not cancelable'} at Stripe`,
      );
    } catch (error) {
      this.logger.warn(
        { err: error },
        `Intent ${paymentIntentId} not cancelled yet (retried after the lease)`,
      );
    }
  }
}
