import { Injectable, Logger } from '@nestjs/common';
import type Stripe from 'stripe';
import { ReservationCode, PaymentHoldsStore, type SucceededPayment } from '@api/holds';
import { webhookEvents } from './payment-metrics';
import { ProcessedEvents } from './processed-events.repository';
import { PurchaseFinalizer } from './purchase-finalizer.service';

/** The intent events this API acts on; every other verified event is acknowledged and ignored. */
const HANDLED = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
]);

/**
 * Applies verified Stripe events, each exactly once in effect.
 *
 * Exactly once without transactions: every effect of an event is idempotent on its own (the Redis scripts
 * are sticky state machines, the order insert is unique per reservation, ledger movements per operationId,
 * refunds per idempotency key), so applying an event twice changes nothing the first time did not. The
 * `processed_events` marker is written only AFTER all effects are durable: a crash in between leaves no
 * marker, Stripe redelivers (it got no 2xx), and the redelivery re-applies harmlessly. The marker only
 * short-circuits redeliveries of events that completed. Concurrent deliveries of one event (Stripe retries,
 * several processes) both run; the scripts and unique indexes make them agree.
 *
 * Order between events of one reservation does not matter: a failure after a success finds the hold paid
 * and changes nothing; a success after a failure released the hold is a late payment (confirm.lua).
 */
@Injectable()
export class PaymentEventsService {
  private readonly logger = new Logger(PaymentEventsService.name);

  constructor(
    private readonly processed: ProcessedEvents,
    private readonly finalizer: PurchaseFinalizer,
    private readonly paymentHolds: PaymentHoldsStore,
  ) {}

  async handle(event: Stripe.Event): Promise<void> {
    if (!HANDLED.has(event.type)) {
      webhookEvents.inc({ type: event.type, result: 'ignored' });
      return;
    }
    if (await this.processed.seen(event.id)) {
      webhookEvents.inc({ type: event.type, result: 'duplicate' });
      return;
    }
    await this.apply(event);
    await this.processed.mark(event.id, event.type);
    webhookEvents.inc({ type: event.type, result: 'applied' });
  }

  private async apply(event: Stripe.Event): Promise<void> {
    const payment = paymentOf(event);
    if (!payment) {
      this.logger.warn(`Event ${event.id} (${event.type}) names no reservation: ignored`);
      return;
    }
    if (event.type === 'payment_intent.succeeded') {
      await this.finalizer.onSucceeded(payment);
      return;
    }
    // A failed intent may still be paid later: cancel it at Stripe. A cancelled one already is.
    const cancelIntent = event.type === 'payment_intent.payment_failed';
    const outcome = await this.paymentHolds.releaseUnpaid(
      payment.reservationId,
      payment.paymentIntentId,
      cancelIntent,
    );
    if (outcome.code === ReservationCode.Released) {
      this.logger.log(`Hold ${payment.reservationId} released: ${event.type} (${payment.paymentIntentId})`);
    }
  }
}

/** The payment an intent event is about, if the intent is one of ours (it names its reservation). */
function paymentOf(event: Stripe.Event): SucceededPayment | undefined {
  const intent = event.data.object as Partial<Stripe.PaymentIntent>;
  const reservationId = intent.metadata?.reservationId;
  if (intent.object !== 'payment_intent' || typeof intent.id !== 'string' || !reservationId) return undefined;
  return {
    reservationId,
    paymentIntentId: intent.id,
    amountCents: intent.amount_received || intent.amount || 0,
    currency: intent.currency ?? '',
  };
}
