/**
 * Pays (or fails) a reservation from a terminal, through the API's simulated payments (development only:
 * the API must run without a real STRIPE_SECRET_KEY).
 *
 *   npm run pay -- <reservationId>           payment_intent.succeeded
 *   npm run pay -- <reservationId> --fail    payment_intent.payment_failed
 *
 * Environment: API_URL (default http://127.0.0.1:3000), ADMIN_EMAIL / ADMIN_PASSWORD (the API's development
 * defaults). It signs in as the admin and calls `POST /api/dev/reservations/:id/pay`, which creates the
 * reservation's intent if it has none, signs the Stripe event with the webhook secret and delivers it to the
 * API's own webhook: the same path a real Stripe event takes.
 */
import type { AuthSession, ErrorBody, Order, Page } from '@flashline/contracts';
import { DEVELOPMENT_SECRETS } from '../apps/api/src/config/app-config';

interface SimulatedPayment {
  eventId: string;
  type: string;
  paymentIntentId: string;
  reservationId: string;
}

const USAGE = 'Usage: npm run pay -- <reservationId> [--fail]';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const reservationId = args.find((arg) => !arg.startsWith('--'));
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--fail');
  if (!reservationId || unknown.length > 0) throw new Error(USAGE);
  const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const token = await signInAsAdmin(apiUrl);
  const outcome = args.includes('--fail') ? 'failed' : 'succeeded';
  const payment = await call<SimulatedPayment>(
    apiUrl,
    `/api/dev/reservations/${encodeURIComponent(reservationId)}/pay`,
    {
      token,
      body: { outcome },
    },
  );
  console.log(`Delivered ${payment.type} (${payment.eventId}) for intent ${payment.paymentIntentId}.`);
  if (outcome === 'succeeded') await reportOrder(apiUrl, token, reservationId);
}

async function signInAsAdmin(apiUrl: string): Promise<string> {
  const session = await call<AuthSession>(apiUrl, '/api/auth/login', {
    body: {
      email: process.env.ADMIN_EMAIL ?? 'admin@flashline.test',
      password: process.env.ADMIN_PASSWORD ?? DEVELOPMENT_SECRETS.ADMIN_PASSWORD,
    },
  });
  return session.accessToken;
}

/** The order the payment produced, if it did (a refused payment is refunded instead). */
async function reportOrder(apiUrl: string, token: string, reservationId: string): Promise<void> {
  const page = await call<Page<Order>>(apiUrl, '/api/admin/orders?limit=100', { token });
  const order = page.items.find((item) => item.reservationId === reservationId);
  console.log(
    order
      ? `Order ${order.id}: ${order.amountCents} ${order.currency} (${order.status}).`
      : 'No order: the payment was refused (no stock or a mismatch) and refunded, see the API log.',
  );
}

async function call<T>(
  apiUrl: string,
  path: string,
  options: { token?: string; body?: unknown },
): Promise<T> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body = (await response.json().catch(() => undefined)) as T | ErrorBody | undefined;
  if (!response.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    throw new Error(
      `${path} answered ${response.status}: ${error ? `${error.code} ${error.message}` : 'no body'}`,
    );
  }
  return body as T;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
