import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { Order, PaymentIntentResponse, Reservation } from '@flashline/contracts';
import { type Hold, holdAmountCents } from '@api/flash-sale/hold-record';
import { ReservationCode } from '@api/flash-sale/reservation-result';
import type { ReservationStore, SucceededPayment } from '@api/flash-sale/reservation.store';
import { type Fixtures, bearer, type Shopper } from './flash-sale';
import type { TestApp } from './test-app';

/** The webhook secret every test API uses (the development default, from the test environment). */
export const WEBHOOK_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_flashline_development';

export interface IntentFields {
  id: string;
  reservationId: string;
  amountCents: number;
  currency: string;
}

export type IntentEventType =
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'payment_intent.canceled';

export const newEventId = (): string => `evt_test_${randomBytes(10).toString('hex')}`;

/** A Stripe event about an intent, shaped as Stripe sends it. */
export function intentEvent(type: IntentEventType, intent: IntentFields, eventId = newEventId()): string {
  const succeeded = type === 'payment_intent.succeeded';
  return JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2026-02-25.clover',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    data: {
      object: {
        id: intent.id,
        object: 'payment_intent',
        amount: intent.amountCents,
        amount_received: succeeded ? intent.amountCents : 0,
        currency: intent.currency,
        metadata: { reservationId: intent.reservationId },
        status: succeeded
          ? 'succeeded'
          : type === 'payment_intent.canceled'
            ? 'canceled'
            : 'requires_payment_method',
      },
    },
  });
}

/** A `Stripe-Signature` header made exactly as Stripe makes it. */
export function signature(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
}

export interface Delivery {
  status: number;
  body: unknown;
}

/** POSTs an event to a webhook over real HTTP, signed unless a header is given. */
export async function deliver(
  baseUrl: string,
  payload: string,
  signatureHeader = signature(payload),
): Promise<Delivery> {
  const response = await fetch(`${baseUrl}/api/payments/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader },
    body: payload,
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

/** The reservation's intent, through the real route. */
export async function paymentIntentFor(
  app: TestApp,
  shopper: Shopper,
  reservationId: string,
): Promise<PaymentIntentResponse> {
  const response = await app.http
    .post(`/api/reservations/${reservationId}/payment-intent`)
    .set(...bearer(shopper));
  if (response.status !== 200)
    throw new Error(`payment-intent: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as PaymentIntentResponse;
}

export function intentOf(intent: PaymentIntentResponse, reservationId: string): IntentFields {
  return {
    id: intent.paymentIntentId,
    reservationId,
    amountCents: intent.amountCents,
    currency: intent.currency,
  };
}

export async function reservationOf(app: TestApp, shopper: Shopper, id: string): Promise<Reservation> {
  const response = await app.http.get(`/api/reservations/${id}`).set(...bearer(shopper));
  if (response.status !== 200)
    throw new Error(`reservation: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Reservation;
}

/** Orders in MongoDB, read directly (what a test asserts on whatever the API says). */
export async function ordersOf(
  app: TestApp,
  filter: Record<string, unknown>,
): Promise<Array<Order & { saleId?: string }>> {
  await app.mongo.asPromise();
  const records = await app.mongo.collection('orders').find(filter).toArray();
  return records.map(({ _id, ...fields }) => ({ ...(fields as Omit<Order, 'id'>), id: String(_id) }));
}

/**
 * Removes the orders, processed-event markers and intent index entries a spec made, besides what its
 * Fixtures remove (the worker's databases are its own, so every marker and intent key is this run's).
 */
export async function cleanUpPayments(app: TestApp, fx: Fixtures): Promise<void> {
  await app.mongo.asPromise();
  const intentKeys = await app.redis.keys('{pi:*');
  await Promise.all([
    app.mongo.collection('orders').deleteMany({ userId: { $in: fx.userIds } }),
    app.mongo.collection('processed_events').deleteMany({}),
    intentKeys.length > 0 ? app.redis.del(...intentKeys) : undefined,
  ]);
}

/** A successful payment of exactly what the hold costs (store-level tests confirm holds with it). */
export function paymentFor(hold: Hold, paymentIntentId = 'pi_test_store'): SucceededPayment {
  return {
    reservationId: hold.id,
    paymentIntentId,
    amountCents: holdAmountCents(hold),
    currency: hold.currency,
  };
}

/**
 * Attaches an intent to an active hold, as the payment-intent route does, and returns the payment of exactly
 * what the hold costs through it: only the intent attached to a hold may pay it (confirm.lua).
 */
export async function payable(
  store: ReservationStore,
  hold: Hold,
  paymentIntentId = 'pi_test_store',
): Promise<SucceededPayment> {
  const intent = { id: paymentIntentId, clientSecret: `${paymentIntentId}_secret` };
  const attached = await store.attachIntent(hold.id, hold.userId, intent, 0);
  if (attached.code !== ReservationCode.Attached && attached.code !== ReservationCode.Existing)
    throw new Error(`attach-intent ${hold.id}: ${attached.code}`);
  return paymentFor(hold, paymentIntentId);
}
