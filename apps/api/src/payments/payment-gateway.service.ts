import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import { DomainError } from '@api/common/errors';
import { AppConfig } from '@api/config';
import { InjectStripe } from './stripe.client';

/** Seconds a signed webhook stays acceptable (Stripe's own default): older deliveries are replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
/**
 * Seconds a signature may be dated ahead of this clock (skew between Stripe's clocks and ours). Stripe's
 * library checks only the age, so a signature dated days ahead stayed replayable for days.
 */
export const WEBHOOK_FUTURE_TOLERANCE_SECONDS = 60;

export interface IntentRequest {
  reservationId: string;
  amountCents: number;
  currency: string;
}

export interface CreatedIntent {
  id: string;
  clientSecret: string;
}

export interface RefundRequest {
  reservationId: string;
  paymentIntentId: string;
  reason: string;
}

/**
 * Every call the API makes to Stripe, each with an idempotency key derived from what it acts on, so a retry
 * (by the client library, by a redelivered event, by another process) never acts twice at Stripe.
 */
@Injectable()
export class PaymentGateway {
  constructor(
    @InjectStripe() private readonly stripe: Stripe,
    private readonly config: AppConfig,
  ) {}

  /** One intent per reservation: the reservation id is the idempotency key and is kept in its metadata. */
  async createIntent(request: IntentRequest): Promise<CreatedIntent> {
    const intent = await this.stripe.paymentIntents.create(
      {
        amount: request.amountCents,
        currency: request.currency,
        metadata: { reservationId: request.reservationId },
        automatic_payment_methods: { enabled: true },
      },
      { idempotencyKey: request.reservationId },
    );
    if (!intent.client_secret) throw new Error(`Stripe returned intent ${intent.id} without a client secret`);
    return { id: intent.id, clientSecret: intent.client_secret };
  }

  /**
   * Cancels an intent nobody may pay any more. True when it is cancelled now or can no longer be (already
   * cancelled, succeeded, unknown): either way there is nothing left to do. Throws when Stripe is unreachable.
   */
  async cancelIntent(paymentIntentId: string): Promise<boolean> {
    try {
      await this.stripe.paymentIntents.cancel(
        paymentIntentId,
        { cancellation_reason: 'abandoned' },
        { idempotencyKey: `cancel:${paymentIntentId}` },
      );
      return true;
    } catch (error) {
      if (isInvalidRequest(error)) return false;
      throw error;
    }
  }

  /** Refunds a payment in full; the key makes a repeated refund of the same payment return the first one. */
  async refund(request: RefundRequest): Promise<string> {
    const refund = await this.stripe.refunds.create(
      {
        payment_intent: request.paymentIntentId,
        metadata: { reservationId: request.reservationId, reason: request.reason },
      },
      { idempotencyKey: `refund:${request.reservationId}:${request.paymentIntentId}` },
    );
    return refund.id;
  }

  /**
   * The exact text Stripe signed, or 400 VALIDATION_FAILED for anything that does not verify: no body, a
   * signature that does not match, older than the tolerance or dated ahead of it. Reading the event is
   * the webhook's door's job (webhook-event.ts), not the signature's.
   */
  verifyPayload(payload: unknown, signature: string | undefined, now = Date.now()): string {
    if (!Buffer.isBuffer(payload) || payload.length === 0 || !signature) {
      throw invalidWebhook('A signed Stripe event body is required.');
    }
    const text = payload.toString('utf8');
    const verifier = this.stripe.webhooks.signature;
    try {
      verifier.verifyHeader(text, signature, this.config.stripe.webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
    } catch {
      throw invalidWebhook('The Stripe-Signature does not verify.');
    }
    if (signedAt(signature) * 1000 > now + WEBHOOK_FUTURE_TOLERANCE_SECONDS * 1000) {
      throw invalidWebhook('The Stripe-Signature is dated in the future.');
    }
    return text;
  }

  /** A `Stripe-Signature` header for a payload, made exactly as Stripe makes it (simulated payments). */
  signPayload(payload: string): string {
    return this.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: this.config.stripe.webhookSecret,
    });
  }
}

/** The `t=` of a verified header, read as Stripe's own parser reads it (the last `t=` wins). */
function signedAt(header: string): number {
  return header.split(',').reduce((at, item) => {
    const [key, value = ''] = item.split('=');
    return key === 't' ? parseInt(value, 10) : at;
  }, Number.NaN);
}

function invalidWebhook(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message);
}

/** Stripe refused the request itself (a state or a parameter), as opposed to being unreachable. */
function isInvalidRequest(error: unknown): boolean {
  return (error as { type?: unknown } | null)?.type === 'StripeInvalidRequestError';
}
