import type { FlashSale } from '@flashline/contracts';
import { PaymentGateway } from '@api/payments/payment-gateway.service';
import { eventually, NO_RATE_LIMITS } from '../support/fixtures/basics';
import { baseUrl } from '../support/fixtures/sale-fixtures';
import { metricValue } from '../support/http/metrics';
import {
  deliver,
  intentEvent,
  intentOf,
  newEventId,
  ordersOf,
  paymentIntentFor,
  reservationOf,
  signature,
} from '../support/fixtures/payments';
import { SaleTestBed } from '../support/http/sale-test-bed';

/** Few enough that a test reaches it; the cap counts per client IP, and every request here is 127.0.0.1. */
const REJECT_LIMIT = 5;

/**
 * Issue #18, the webhook: signed but malformed events (4), an intent the hold never had (13), and the
 * smaller ones of (14): a cap per client on deliveries that do not verify, and signatures dated ahead.
 * Real HTTP, real Redis, FerretDB and stripe-mock; every event signed as Stripe signs it.
 */
describe('the webhook, hardened', () => {
  const bed = new SaleTestBed({
    shoppers: 4,
    env: { ...NO_RATE_LIMITS, RATE_LIMIT_WEBHOOK_REJECT_LIMIT: String(REJECT_LIMIT) },
    payments: true,
  });
  let url: string;

  beforeAll(() => {
    url = baseUrl(bed.app);
  });

  async function saleOf(overrides: Parameters<typeof bed.fx.sale>[2] = {}): Promise<FlashSale> {
    const product = await bed.fx.product({ stock: 20 });
    return bed.fx.sale(bed.admin, product.id, { salePriceCents: 2500, quantity: 5, ...overrides });
  }

  /** The cap's counters (and block) for 127.0.0.1: other specs in this worker share the client address. */
  async function forgetRejects(): Promise<void> {
    const keys = await bed.app.redis.keys('*webhook-reject*');
    if (keys.length > 0) await bed.app.redis.del(...keys);
  }

  const markers = () => bed.app.mongo.collection('processed_events').countDocuments({});

  it('acknowledges signed events that can never be processed (200, logged), never 5xx, and changes nothing', async () => {
    const sale = await saleOf();
    const shopper = bed.shoppers[0]!;
    const reservation = await bed.reserve(sale, shopper);
    const fields = intentOf(await paymentIntentFor(bed.app, shopper, reservation.id), reservation.id);
    // A marker exists, so an id that were read as an operator would match it and look like a redelivery.
    const earlier = newEventId();
    const other = await bed.reserve(sale, bed.shoppers[1]!);
    await deliver(
      url,
      intentEvent(
        'payment_intent.payment_failed',
        intentOf(await paymentIntentFor(bed.app, bed.shoppers[1]!, other.id), other.id),
        earlier,
      ),
    );
    const markersBefore = await markers();
    const event = JSON.parse(intentEvent('payment_intent.succeeded', fields)) as Record<string, unknown>;
    const intent = (event.data as { object: Record<string, unknown> }).object;
    const malformed = [
      'null',
      JSON.stringify({ ...event, data: null }),
      JSON.stringify({ ...event, data: undefined }),
      JSON.stringify({ ...event, id: undefined }),
      JSON.stringify({ ...event, id: { $gt: '' } }),
      JSON.stringify({ ...event, data: { object: { ...intent, metadata: { reservationId: 42 } } } }),
      JSON.stringify({
        ...event,
        data: { object: { ...intent, metadata: { reservationId: { $ne: null } } } },
      }),
      JSON.stringify({ ...event, data: { object: { ...intent, amount_received: '2500' } } }),
    ];
    for (const body of malformed) {
      const delivery = await deliver(url, body);
      expect({ body, status: delivery.status, answer: delivery.body }).toEqual({
        body,
        status: 200,
        answer: { received: true },
      });
    }
    expect(await markers()).toBe(markersBefore);
    expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(0);
    expect((await reservationOf(bed.app, shopper, reservation.id)).status).toBe('active');
    // The well-formed event still pays the hold.
    expect((await deliver(url, JSON.stringify(event))).status).toBe(200);
    expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(1);
  });

  // Issue #18 (13): a signed success for an intent never attached to the hold paid a lapsed hold.
  it('refunds through Stripe an intent the hold never had, active or lapsed; the hold is unchanged', async () => {
    const sale = await saleOf({ reservationTtlSeconds: 1 });
    const [owner, bare] = [bed.shoppers[2]!, bed.shoppers[3]!];
    const attached = await bed.reserve(sale, owner);
    const own = intentOf(await paymentIntentFor(bed.app, owner, attached.id), attached.id);
    const lapsing = await bed.reserve(sale, bare);
    // A real intent at stripe-mock, created for something else, whose metadata is then made to name our holds.
    const foreign = await bed.app.app
      .get(PaymentGateway)
      .createIntent({ reservationId: `elsewhere-${newEventId()}`, amountCents: 2500, currency: 'usd' });
    const refundsBefore =
      (await metricValue(bed.app, 'flashline_payments_refunded_total{reason="foreign_intent"}')) ?? 0;

    const paysAttached = { ...own, id: foreign.id };
    expect((await deliver(url, intentEvent('payment_intent.succeeded', paysAttached))).status).toBe(200);
    expect((await reservationOf(bed.app, owner, attached.id)).status).toBe('active');

    expect(
      await eventually(
        async () => (await reservationOf(bed.app, bare, lapsing.id)).status === 'expired',
        8000,
      ),
    ).toBe(true);
    const paysLapsed = { id: foreign.id, reservationId: lapsing.id, amountCents: 2500, currency: 'usd' };
    expect((await deliver(url, intentEvent('payment_intent.succeeded', paysLapsed))).status).toBe(200);
    expect((await reservationOf(bed.app, bare, lapsing.id)).status).toBe('expired');
    expect(await ordersOf(bed.app, { reservationId: { $in: [attached.id, lapsing.id] } })).toHaveLength(0);
    expect(
      (await metricValue(bed.app, 'flashline_payments_refunded_total{reason="foreign_intent"}')) ?? 0,
    ).toBe(refundsBefore + 2);

    // The hold's own intent still pays it (late: it lapsed meanwhile, its unit is still free).
    expect((await deliver(url, intentEvent('payment_intent.succeeded', own))).status).toBe(200);
    expect(await ordersOf(bed.app, { reservationId: attached.id })).toHaveLength(1);
  });

  // Issue #18 (14): Stripe's library checks only a signature's age, so one dated ahead stayed valid.
  it('refuses a signature dated 10 minutes ahead (400) and takes one a few seconds ahead (clock skew)', async () => {
    const payload = JSON.stringify({
      id: newEventId(),
      object: 'event',
      type: 'charge.succeeded',
      data: { object: {} },
    });
    const now = Math.floor(Date.now() / 1000);
    const ahead = await deliver(url, payload, signature(payload, { timestamp: now + 600 }));
    expect(ahead).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect((await deliver(url, payload, signature(payload, { timestamp: now + 5 }))).status).toBe(200);
  });

  it('caps deliveries that do not verify per client (429 with Retry-After); signed ones are never limited', async () => {
    await forgetRejects();
    try {
      const payload = JSON.stringify({
        id: newEventId(),
        object: 'event',
        type: 'charge.succeeded',
        data: { object: {} },
      });
      const statuses: number[] = [];
      for (let i = 0; i < REJECT_LIMIT + 2; i++) {
        statuses.push(
          (await deliver(url, payload, `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`)).status,
        );
      }
      expect(statuses).toEqual([...Array<number>(REJECT_LIMIT).fill(400), 429, 429]);
      const refused = await bed.app.http
        .post('/api/payments/webhook')
        .set('Content-Type', 'application/json')
        .set('Stripe-Signature', 'nope')
        .send('{}');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Stripe's signed deliveries from the same client go through, as many as it sends.
      for (let i = 0; i < REJECT_LIMIT + 2; i++) {
        const signed = JSON.stringify({
          id: newEventId(),
          object: 'event',
          type: 'charge.succeeded',
          data: { object: {} },
        });
        expect((await deliver(url, signed)).status).toBe(200);
      }
    } finally {
      await forgetRejects();
    }
  });
});
