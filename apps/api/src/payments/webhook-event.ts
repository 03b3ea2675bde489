/**
 * The webhook's door: a verified Stripe delivery becomes a typed event here, once, or is set aside as one
 * that can never be processed. Stripe signs what it sends, but a signed body is not a well-formed one (a
 * test tool, a replayed fixture, an API version change, someone holding the secret): before this check a
 * `null` body, a missing `data`, an `id` that is an object (`{"$gt": ""}` reached a MongoDB filter) or a
 * reservation id that is not a string ended in a 500, which Stripe redelivers for three days. Everything
 * past this point reads only these checked fields.
 */

/** The intent events this API acts on; every other well-formed event is acknowledged and ignored. */
export const INTENT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
]);

/** The intent an intent event is about, as far as this API reads it. */
export interface EventIntent {
  id: string;
  /** Absent: not one of ours (it names no reservation). */
  reservationId?: string;
  amountCents: number;
  currency: string;
}

export interface WebhookEvent {
  id: string;
  type: string;
  /** Present for the intent event types (INTENT_EVENT_TYPES), absent for every other type. */
  intent?: EventIntent;
}

/** A verified delivery that can never be processed: acknowledged (a redelivery would be the same), logged. */
export interface UnprocessableEvent {
  problem: string;
  /** The event's id or type when they at least are strings, for the log. */
  id?: string;
  type?: string;
}

export type WebhookRead = { event: WebhookEvent } | { unprocessable: UnprocessableEvent };

/** Stripe's ids: `evt_…`, `pi_…` (letters, digits, underscores). */
const STRIPE_ID = /^[A-Za-z0-9_]{1,255}$/;
const EVENT_TYPE = /^[a-z0-9_.]{1,100}$/;
const CURRENCY = /^[A-Za-z]{3}$/;
/** Far longer than any reservation id (`<24 hex>.<16>` or `cart.<…>`), short enough to log. */
const MAX_RESERVATION_ID_LENGTH = 200;

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const matching = (pattern: RegExp, value: unknown): value is string =>
  typeof value === 'string' && pattern.test(value);
const amountOrZero = (value: unknown): number | undefined =>
  value === undefined || value === null
    ? 0
    : Number.isSafeInteger(value) && (value as number) >= 0
      ? (value as number)
      : undefined;

/** Reads a verified body (the exact text Stripe signed). */
export function readWebhookEvent(text: string): WebhookRead {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return unprocessable('the body is not JSON');
  }
  if (!isObject(body)) return unprocessable('the body is not a JSON object');
  const id = matching(STRIPE_ID, body.id) ? body.id : undefined;
  const type = matching(EVENT_TYPE, body.type) ? body.type : undefined;
  if (!id) return unprocessable('the event has no string id', undefined, type);
  if (!type) return unprocessable('the event has no string type', id);
  if (!INTENT_EVENT_TYPES.has(type)) return { event: { id, type } };
  const intent = readIntent(body.data);
  return typeof intent === 'string' ? unprocessable(intent, id, type) : { event: { id, type, intent } };
}

/** `data.object` of an intent event, or what is wrong with it. */
function readIntent(data: unknown): EventIntent | string {
  if (!isObject(data) || !isObject(data.object)) return 'data.object is not an object';
  const object = data.object;
  if (object.object !== 'payment_intent') return 'data.object is not a payment_intent';
  if (!matching(STRIPE_ID, object.id)) return 'data.object.id is not an intent id';
  const metadata = object.metadata ?? {};
  if (!isObject(metadata)) return 'data.object.metadata is not an object';
  const reservationId = metadata.reservationId;
  if (
    reservationId !== undefined &&
    (typeof reservationId !== 'string' || reservationId.length > MAX_RESERVATION_ID_LENGTH)
  )
    return 'metadata.reservationId is not a reservation id';
  const received = amountOrZero(object.amount_received);
  const amount = amountOrZero(object.amount);
  if (received === undefined || amount === undefined)
    return 'the amount is not a whole number of minor units';
  if (!matching(CURRENCY, object.currency)) return 'data.object.currency is not a currency';
  return {
    id: object.id,
    ...(reservationId ? { reservationId } : {}),
    amountCents: received || amount,
    currency: object.currency,
  };
}

function unprocessable(problem: string, id?: string, type?: string): WebhookRead {
  return { unprocessable: { problem, ...(id ? { id } : {}), ...(type ? { type } : {}) } };
}
