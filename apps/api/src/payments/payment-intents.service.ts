import { Injectable, Logger } from '@nestjs/common';
import type { PaymentIntentResponse } from '@flashline/contracts';
import type { AuthUser } from '@api/common/auth';
import { AppConfig } from '@api/config';
import {
  type Hold,
  holdAmountCents,
  intentRefusal,
  RedisClock,
  ReservationCode,
  reservationError,
  HoldsStore,
  PaymentHoldsStore,
  statusAt,
} from '@api/holds';
import { IntentIndex } from './intent-index.store';
import { PaymentGateway } from './payment-gateway.service';

/**
 * `POST /api/reservations/:id/payment-intent`: one Stripe PaymentIntent per reservation. The first call
 * creates it (the reservation id is Stripe's idempotency key) and stores it on the hold in Redis, where the
 * first writer wins and the hold is extended once by the payment grace; every later call returns the stored
 * intent (stripe-mock is stateless, so its client secret is stored too).
 */
@Injectable()
export class PaymentIntentsService {
  private readonly logger = new Logger(PaymentIntentsService.name);

  constructor(
    private readonly holds: HoldsStore,
    private readonly paymentHolds: PaymentHoldsStore,
    private readonly gateway: PaymentGateway,
    private readonly index: IntentIndex,
    private readonly clock: RedisClock,
    private readonly config: AppConfig,
  ) {}

  /** The owner's reservation's intent; anyone else's reservation is NOT_FOUND (existence never revealed). */
  forOwner(reservationId: string, userId: string): Promise<PaymentIntentResponse> {
    return this.forReservation(reservationId, (hold) => hold.userId === userId);
  }

  /** As the owner would get it, or an admin (simulated payments act for a shopper). */
  forOwnerOrAdmin(reservationId: string, caller: AuthUser): Promise<PaymentIntentResponse> {
    return this.forReservation(reservationId, (hold) => caller.role === 'admin' || hold.userId === caller.id);
  }

  private async forReservation(
    reservationId: string,
    mayPay: (hold: Hold) => boolean,
  ): Promise<PaymentIntentResponse> {
    const hold = await this.holds.findHold(reservationId);
    if (!hold || !mayPay(hold)) throw reservationError(ReservationCode.NotFound);
    const status = statusAt(hold, this.clock.now());
    if (status !== 'active') throw intentRefusal(status);
    return hold.paymentIntent ? this.handOut(hold) : this.create(hold);
  }

  private async create(hold: Hold): Promise<PaymentIntentResponse> {
    const created = await this.gateway.createIntent({
      reservationId: hold.id,
      amountCents: holdAmountCents(hold),
      currency: hold.currency,
    });
    const outcome = await this.paymentHolds.attachIntent(hold.id, hold.userId, created, this.graceMs());
    const stored = outcome.code === ReservationCode.NotFound ? undefined : outcome.hold;
    // An intent that did not get stored is never shown to anyone: a hold that lapsed meanwhile, or a losing
    // concurrent call (stripe-mock does not honour idempotency keys; Stripe would return the same intent).
    if (stored?.paymentIntent?.id !== created.id) this.voidInBackground(created.id, hold.id);
    if (!stored) throw reservationError(ReservationCode.NotFound);
    if (outcome.code === ReservationCode.Attached || outcome.code === ReservationCode.Existing) {
      return this.handOut(stored);
    }
    throw intentRefusal(outcome.code === ReservationCode.Expired ? 'expired' : stored.status);
  }

  private async handOut(hold: Hold): Promise<PaymentIntentResponse> {
    const intent = hold.paymentIntent;
    if (!intent) throw new Error(`Hold ${hold.id} has no payment intent to hand out`);
    await this.index.remember(intent.id, hold.id);
    return {
      paymentIntentId: intent.id,
      clientSecret: intent.clientSecret,
      amountCents: holdAmountCents(hold),
      currency: hold.currency,
    };
  }

  private graceMs(): number {
    return this.config.flashSale.paymentGraceSeconds * 1000;
  }

  /** Best effort: an intent nobody will be shown can only be paid by mistake; the webhook refunds that. */
  private voidInBackground(paymentIntentId: string, reservationId: string): void {
    this.gateway.cancelIntent(paymentIntentId).catch((error: unknown) => {
      this.logger.warn({ err: error }, `Unused intent ${paymentIntentId} of ${reservationId} not cancelled`);
    });
  }
}
