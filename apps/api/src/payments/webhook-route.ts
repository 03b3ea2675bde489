import type { FastifyRequest } from 'fastify';

/** Where Stripe delivers events (the global `api` prefix included): Fastify's name of the route. */
export const WEBHOOK_PATH = '/api/payments/webhook';

/** Stripe's events are small, but larger than the API's usual 16 KiB bodies (an intent with its charges). */
export const WEBHOOK_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The requests whose body must stay raw: Stripe signs the exact bytes it sent, and re-serialized JSON would
 * not verify. The JSON body parser hands these the Buffer it read instead of parsing it.
 */
export function isWebhookRequest(request: FastifyRequest): boolean {
  return request.routeOptions.url === WEBHOOK_PATH;
}
