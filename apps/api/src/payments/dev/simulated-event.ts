import { randomBytes } from 'node:crypto';

export type SimulatedOutcome = 'succeeded' | 'failed';

export interface SimulatedIntent {
  id: string;
  amountCents: number;
  currency: string;
  reservationId: string;
}

/** The API version the simulated events claim (the one `stripe` 20 pins). */
const API_VERSION = '2026-02-25.clover';

/**
 * A `payment_intent.succeeded` or `.payment_failed` event as Stripe would send it for the intent: the
 * fields the webhook reads, in Stripe's shape, with a fresh `evt_` id.
 */
export function simulatedEvent(intent: SimulatedIntent, outcome: SimulatedOutcome): Record<string, unknown> {
  const created = Math.floor(Date.now() / 1000);
  const succeeded = outcome === 'succeeded';
  return {
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: succeeded ? 'payment_intent.succeeded' : 'payment_intent.payment_failed',
    data: {
      object: {
        id: intent.id,
        object: 'payment_intent',
        amount: intent.amountCents,
        amount_received: succeeded ? intent.amountCents : 0,
        currency: intent.currency,
        created,
        livemode: false,
        metadata: { reservationId: intent.reservationId },
        status: succeeded ? 'succeeded' : 'requires_payment_method',
        last_payment_error: succeeded
          ? null
          : { type: 'card_error', code: 'card_declined', message: 'Your card was declined (simulated).' },
      },
    },
  };
}
