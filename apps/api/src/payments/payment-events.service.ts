import { Injectable, Logger } from '@nestjs/common';
import { ReservationCode, PaymentHoldsStore, type SucceededPayment } from '@api/holds';
import { webhookEvents } from './payment-metrics';
import { ProcessedEvents } from './processed-events.repository';
import { PurchaseFinalizer } from './purchase-finalizer.service';
import { INTENT_EVENT_TYPES, type UnprocessableEvent, type WebhookEvent } from './webhook-event';

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

  async handle(event: WebhookEvent): Promise<void> {
    if (!event.intent) {
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

  /**
   * A verified delivery that can never be processed (webhook-event.ts says why): acknowledged, so Stripe
   * does not redeliver it for days, and logged with its id for a person to look at.
   */
  unprocessable(event: UnprocessableEvent): void {
    const type = event.type && INTENT_EVENT_TYPES.has(event.type) ? event.type : 'other';
    webhookEvents.inc({ type, result: 'unprocessable' });
    this.logger.warn(
      { eventId: event.id, eventType: event.type, problem: event.problem },
      'signed Stripe event cannot be processed: acknowledged without effect',
    );
  }

  private async apply(event: WebhookEvent): Promise<void> {
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
function paymentOf(event: WebhookEvent): SucceededPayment | undefined {
  const intent = event.intent;
  if (!intent?.reservationId) return undefined;
  return {
    reservationId: intent.reservationId,
    paymentIntentId: intent.id,
    amountCents: intent.amountCents,
    currency: intent.currency,
  };
}
