import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FlashSale, Reservation } from '@flashline/contracts';
import { loadConfig } from '@api/config';
import { simulatedPaymentsEnabled } from '@api/payments/stripe.client';
import { expectErrorBody } from '../support/http/auth';
import { NO_RATE_LIMITS } from '../support/fixtures/basics';
import { baseUrl, bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import {
  deliver,
  intentEvent,
  intentOf,
  ordersOf,
  paymentIntentFor,
  reservationOf,
} from '../support/fixtures/payments';
import { SaleTestBed } from '../support/http/sale-test-bed';
import { createTestApp } from '../support/http/test-app';

const run = promisify(execFile);
const REPO = join(__dirname, '../../../..');

describe('payments: simulated payments, the CLI and Stripe outages', () => {
  const bed = new SaleTestBed({ shoppers: 4, payments: true });

  async function reserved(shopper: Shopper, sale?: FlashSale): Promise<Reservation> {
    const target = sale ?? (await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 3 }));
    const response = await bed.app.http
      .post(`/api/flash-sales/${target.id}/reservations`)
      .set(...bearer(shopper))
      .send({ quantity: 1 });
    return response.body as Reservation;
  }

  it('pays an intent for its owner and fails one for an admin, through the signed webhook', async () => {
    const [owner, stranger] = bed.shoppers;
    const paid = await reserved(owner);
    const paidIntent = await paymentIntentFor(bed.app, owner, paid.id);
    expectErrorBody(
      await bed.app.http
        .post(`/api/dev/payments/${paidIntent.paymentIntentId}/succeed`)
        .set(...bearer(stranger)),
      404,
      'NOT_FOUND',
    );
    const response = await bed.app.http
      .post(`/api/dev/payments/${paidIntent.paymentIntentId}/succeed`)
      .set(...bearer(owner));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      type: 'payment_intent.succeeded',
      paymentIntentId: paidIntent.paymentIntentId,
      reservationId: paid.id,
    });
    expect((response.body as { eventId: string }).eventId).toMatch(/^evt_/);
    expect((await reservationOf(bed.app, owner, paid.id)).status).toBe('completed');

    const failed = await reserved(owner);
    const failedIntent = await paymentIntentFor(bed.app, owner, failed.id);
    const asAdmin = await bed.app.http
      .post(`/api/dev/payments/${failedIntent.paymentIntentId}/fail`)
      .set('Authorization', `Bearer ${bed.admin}`);
    expect(asAdmin.body).toMatchObject({ type: 'payment_intent.payment_failed' });
    expect((await reservationOf(bed.app, owner, failed.id)).status).toBe('cancelled');

    expectErrorBody(
      await bed.app.http.post('/api/dev/payments/pi_unknown123/succeed').set(...bearer(owner)),
      404,
      'NOT_FOUND',
    );
    expectErrorBody(
      await bed.app.http.post('/api/dev/payments/not-an-intent/succeed').set(...bearer(owner)),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorBody(
      await bed.app.http.post(`/api/dev/payments/${paidIntent.paymentIntentId}/succeed`),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('simulates a reservation’s payment for an admin, creating its intent; no body means success', async () => {
    const owner = bed.shoppers[1];
    const reservation = await reserved(owner);
    const paid = await bed.app.http
      .post(`/api/dev/reservations/${reservation.id}/pay`)
      .set('Authorization', `Bearer ${bed.admin}`);
    expect(paid.body).toMatchObject({ type: 'payment_intent.succeeded', reservationId: reservation.id });
    expect((await reservationOf(bed.app, owner, reservation.id)).status).toBe('completed');
    const again = await bed.app.http
      .post(`/api/dev/reservations/${reservation.id}/pay`)
      .set(...bearer(owner))
      .send({ outcome: 'failed' });
    expectErrorBody(again, 409, 'CONFLICT');
    const bad = await bed.app.http
      .post(`/api/dev/reservations/${reservation.id}/pay`)
      .set(...bearer(owner))
      .send({ outcome: 'maybe' });
    expectErrorBody(bad, 400, 'VALIDATION_FAILED');
  });

  it('documents every payments and orders route in Swagger', async () => {
    const paths = Object.keys(((await bed.app.http.get('/docs-json')).body as { paths: object }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/reservations/{id}/payment-intent',
        '/api/payments/webhook',
        '/api/orders',
        '/api/orders/{id}',
        '/api/admin/orders',
        '/api/dev/payments/{paymentIntentId}/succeed',
        '/api/dev/payments/{paymentIntentId}/fail',
        '/api/dev/reservations/{id}/pay',
      ]),
    );
  });

  it('pays a reservation from the terminal: npm run pay -- <reservationId>', async () => {
    const shopper = bed.shoppers[2];
    const reservation = await reserved(shopper);
    const { stdout } = await run(
      process.execPath,
      [join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'scripts/pay.ts', reservation.id],
      {
        cwd: REPO,
        env: { ...process.env, API_URL: baseUrl(bed.app) },
      },
    );
    expect(stdout).toContain('payment_intent.succeeded');
    expect(stdout).toMatch(/Order [0-9a-f]{24}: 4900 usd \(paid\)/);
    expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(1);
  });

  it('does not mount the simulated-payment routes with a real Stripe key, nor in production', async () => {
    expect(simulatedPaymentsEnabled(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_real' }))).toBe(false);
    expect(simulatedPaymentsEnabled(loadConfig({}))).toBe(true);
    const withKey = await createTestApp({ ...NO_RATE_LIMITS, STRIPE_SECRET_KEY: 'sk_test_a_real_key' });
    try {
      const anonymous = await withKey.http.post('/api/dev/payments/pi_123/succeed');
      expectErrorBody(anonymous, 404, 'NOT_FOUND');
      const signedIn = await withKey.http
        .post('/api/dev/reservations/x.y/pay')
        .set(...bearer(bed.shoppers[0]));
      expectErrorBody(signedIn, 404, 'NOT_FOUND');
    } finally {
      await withKey.close();
    }
  });

  it('answers 503 while Stripe is unreachable, and the webhook asks for a redelivery', async () => {
    const shopper = bed.shoppers[3];
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 3, perUserLimit: 2 });
    const down = await createTestApp({
      ...NO_RATE_LIMITS,
      STRIPE_MOCK_URL: 'http://127.0.0.1:9',
      STRIPE_TIMEOUT_MS: '500',
    });
    try {
      const reservation = await reserved(shopper, sale);
      const refused = await down.http
        .post(`/api/reservations/${reservation.id}/payment-intent`)
        .set(...bearer(shopper));
      expectErrorBody(refused, 503, 'SERVICE_UNAVAILABLE');
      expect((await reservationOf(bed.app, shopper, reservation.id)).status).toBe('active');

      // A payment to refund (wrong amount) cannot be refunded while Stripe is down: 503, so Stripe retries.
      const other = await reserved(shopper, sale);
      const fields = intentOf(await paymentIntentFor(bed.app, shopper, other.id), other.id);
      const payload = intentEvent('payment_intent.succeeded', { ...fields, amountCents: 1 });
      expect((await deliver(baseUrl(down), payload)).status).toBe(503);
      expect((await deliver(baseUrl(bed.app), payload)).status).toBe(200);
      expect((await reservationOf(bed.app, shopper, other.id)).status).toBe('refunded');
    } finally {
      await down.close();
    }
  });
});
