import type { IncomingMessage } from 'node:http';

/** Where Stripe delivers events (the global `api` prefix included). */
export const WEBHOOK_PATH = '/api/payments/webhook';

/** Stripe's events are small, but larger than the API's usual 16 KiB bodies (an intent with its charges). */
export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The requests whose body must stay raw: Stripe signs the exact bytes it sent, and re-serialized JSON would
 * not verify. The raw parser takes these before the JSON parser (which then skips a body already read).
 */
export function isWebhookRequest(request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?')[0];
  return request.method === 'POST' && path === WEBHOOK_PATH;
}
