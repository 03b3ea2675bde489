import type { FlashSale, FlashSaleEvent, Order, Page, Product, Reservation } from '@flashline/contracts';
import { salePool } from '@api/holds';
import { PaymentPools } from '@api/payments/payment-pools.service';
import { PaymentsReconciler } from '@api/payments/payments-reconciler.service';
import { eventually, NO_RATE_LIMITS, sleep } from '../support/fixtures/basics';
import { deleteTagged } from '../support/fixtures/hold-stores';
import { baseUrl, bearer, Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import { openEventStream } from '../support/http/event-stream';
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
import { metricValue } from '../support/http/metrics';

const GRACE_SECONDS = 2;

/**
 * Reserve → Pay → Confirm → Finalize over real HTTP, with real Redis, FerretDB and stripe-mock: every event
 * is signed exactly as Stripe signs it and delivered to the webhook over HTTP.
 */
describe('purchase: payment intents, the webhook and orders', () => {
  const bed = new SaleTestBed({
    shoppers: 12,
    env: { ...NO_RATE_LIMITS, PAYMENT_GRACE_SECONDS: String(GRACE_SECONDS) },
    payments: true,
  });
  let url: string;

  beforeAll(async () => {
    url = baseUrl(bed.app);
  });

  const remainingOf = async (sale: FlashSale): Promise<number> =>
    ((await bed.app.http.get(`/api/flash-sales/${sale.id}`)).body as FlashSale).remaining;

  const stockOf = async (product: Product): Promise<number> =>
    ((await bed.app.http.get(`/api/products/${product.id}`)).body as Product).stock;

  async function saleOf(overrides: Parameters<Fixtures['sale']>[2] = {}, stock = 50) {
    const product = await bed.fx.product({ stock });
    return {
      product,
      sale: await bed.fx.sale(bed.admin, product.id, { salePriceCents: 2500, ...overrides }),
    };
  }

  /** Reserves and gets the intent: a shopper ready to pay. */
  async function readyToPay(sale: FlashSale, shopper: Shopper) {
    const reservation = await bed.reserve(sale, shopper);
    const intent = await paymentIntentFor(bed.app, shopper, reservation.id);
    return { reservation, intent, fields: intentOf(intent, reservation.id) };
  }

  const succeeded = (fields: ReturnType<typeof intentOf>) => intentEvent('payment_intent.succeeded', fields);

  it('reserve → intent → signed webhook → order; the sale and the product stay consistent', async () => {
    const { product, sale } = await saleOf({ quantity: 5 });
    const shopper = bed.shoppers[0];
    const { reservation, intent, fields } = await readyToPay(sale, shopper);
    expect(intent).toMatchObject({ amountCents: 2500, currency: 'usd' });
    expect(intent.paymentIntentId).toMatch(/^pi_/);
    expect(intent.clientSecret).toContain('_secret_');
    expect(await remainingOf(sale)).toBe(4);

    expect(await deliver(url, succeeded(fields))).toEqual({ status: 200, body: { received: true } });

    const page = (await bed.app.http.get('/api/orders').set(...bearer(shopper))).body as Page<Order>;
    expect(page).toMatchObject({ total: 1, page: 1, limit: 20 });
    const [order] = page.items;
    expect(order).toMatchObject({
      userId: shopper.id,
      reservationId: reservation.id,
      lines: [{ productId: product.id, name: product.name, quantity: 1, unitPriceCents: 2500 }],
      amountCents: 2500,
      currency: 'usd',
      status: 'paid',
      paymentIntentId: intent.paymentIntentId,
    });
    expect(await reservationOf(bed.app, shopper, reservation.id)).toMatchObject({
      status: 'completed',
      orderId: order.id,
    });
    expect((await bed.app.http.get(`/api/orders/${order.id}`).set(...bearer(shopper))).body).toEqual(order);
    // Paying moves units from held to sold: what is left to reserve does not change, nor the product's stock.
    expect(await remainingOf(sale)).toBe(4);
    expect(await stockOf(product)).toBe(45);
  });

  it('hands out one intent per reservation, extending the hold once by the payment grace', async () => {
    const { sale } = await saleOf({ quantity: 5 });
    const [owner, other] = bed.shoppers.slice(1);
    const reservation = await bed.reserve(sale, owner);
    const intents = await Promise.all(
      Array.from({ length: 5 }, () => paymentIntentFor(bed.app, owner, reservation.id)),
    );
    expect(new Set(intents.map((intent) => intent.paymentIntentId)).size).toBe(1);
    expect(new Set(intents.map((intent) => intent.clientSecret)).size).toBe(1);
    const extended = await reservationOf(bed.app, owner, reservation.id);
    expect(Date.parse(extended.expiresAt) - Date.parse(reservation.expiresAt)).toBe(GRACE_SECONDS * 1000);

    expect(await paymentIntentFor(bed.app, owner, reservation.id)).toEqual(intents[0]);
    expect((await reservationOf(bed.app, owner, reservation.id)).expiresAt).toBe(extended.expiresAt);
    const stranger = await bed.app.http
      .post(`/api/reservations/${reservation.id}/payment-intent`)
      .set(...bearer(other));
    expect(stranger.status).toBe(404);
    const unknown = await bed.app.http.post('/api/reservations/nope/payment-intent').set(...bearer(owner));
    expect(unknown.status).toBe(404);
  });

  it('refuses an intent for a lapsed hold (410) and for a cancelled or completed one (409)', async () => {
    const { sale } = await saleOf({ quantity: 5, reservationTtlSeconds: 1, perUserLimit: 3 });
    const shopper = bed.shoppers[3];
    const intentCall = (id: string) =>
      bed.app.http.post(`/api/reservations/${id}/payment-intent`).set(...bearer(shopper));

    const lapsed = await bed.reserve(sale, shopper);
    await sleep(1100);
    expect((await intentCall(lapsed.id)).body).toMatchObject({ error: { code: 'RESERVATION_EXPIRED' } });

    const cancelled = await bed.reserve(sale, shopper);
    await bed.app.http.delete(`/api/reservations/${cancelled.id}`).set(...bearer(shopper));
    const refused = await intentCall(cancelled.id);
    expect({
      status: refused.status,
      code: (refused.body as { error: { code: string } }).error.code,
    }).toEqual({
      status: 409,
      code: 'CONFLICT',
    });

    const { reservation, fields } = await readyToPay(sale, shopper);
    await deliver(url, succeeded(fields));
    expect((await intentCall(reservation.id)).status).toBe(409);
  });

  it('answers 400 to a bad signature, a wrong secret, a stale timestamp or a tampered body, writing nothing', async () => {
    const { sale } = await saleOf({ quantity: 5 });
    const shopper = bed.shoppers[4];
    const { reservation, fields } = await readyToPay(sale, shopper);
    const eventId = newEventId();
    const payload = intentEvent('payment_intent.succeeded', fields, eventId);
    const tampered = payload.replace('"amount":2500', '"amount":1');
    const attempts = [
      deliver(url, payload, `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`),
      deliver(url, payload, signature(payload, { secret: 'whsec_not_the_right_one' })),
      deliver(url, payload, signature(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 })),
      deliver(url, tampered, signature(payload)),
      deliver(url, payload, ''),
    ];
    for (const attempt of await Promise.all(attempts)) {
      expect(attempt).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    }
    expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(0);
    expect(await bed.app.mongo.collection('processed_events').countDocuments({ eventId })).toBe(0);
    expect((await reservationOf(bed.app, shopper, reservation.id)).status).toBe('active');
    // The genuine delivery still works afterwards.
    expect((await deliver(url, payload)).status).toBe(200);
    expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(1);
  });

  it('refunds a payment whose amount or currency differs: no order, the hold released', async () => {
    const { sale } = await saleOf({ quantity: 5, perUserLimit: 2 });
    const shopper = bed.shoppers[5];
    const refundsBefore =
      (await metricValue(bed.app, 'flashline_payments_refunded_total{reason="mismatch"}')) ?? 0;
    const wrongAmount = await readyToPay(sale, shopper);
    const wrongCurrency = await readyToPay(sale, shopper);
    expect(await remainingOf(sale)).toBe(3);
    await deliver(url, succeeded({ ...wrongAmount.fields, amountCents: 2499 }));
    await deliver(url, succeeded({ ...wrongCurrency.fields, currency: 'eur' }));
    for (const { reservation } of [wrongAmount, wrongCurrency]) {
      expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(0);
      expect((await reservationOf(bed.app, shopper, reservation.id)).status).toBe('refunded');
    }
    expect(await remainingOf(sale)).toBe(5);
    expect((await metricValue(bed.app, 'flashline_payments_refunded_total{reason="mismatch"}')) ?? 0).toBe(
      refundsBefore + 2,
    );
    // A correct payment for a refunded hold later is refused too: the first decision stands.
    await deliver(url, succeeded(wrongAmount.fields));
    expect(await ordersOf(bed.app, { reservationId: wrongAmount.reservation.id })).toHaveLength(0);
  });

  it('takes a late payment when its units are still free', async () => {
    const { sale } = await saleOf({ quantity: 2, reservationTtlSeconds: 1 });
    const shopper = bed.shoppers[6];
    const { reservation, fields } = await readyToPay(sale, shopper);
    expect(await eventually(async () => (await remainingOf(sale)) === 2, 8000)).toBe(true);
    expect((await reservationOf(bed.app, shopper, reservation.id)).status).toBe('expired');

    expect((await deliver(url, succeeded(fields))).status).toBe(200);
    expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(1);
    expect((await reservationOf(bed.app, shopper, reservation.id)).status).toBe('completed');
    expect(await remainingOf(sale)).toBe(1);
  });

  it('refunds a late payment whose units went to someone else: no order, no oversell', async () => {
    const { sale } = await saleOf({ quantity: 1, reservationTtlSeconds: 1 });
    const [late, next] = [bed.shoppers[7], bed.shoppers[8]];
    const lapsed = await readyToPay(sale, late);
    expect(await eventually(async () => (await remainingOf(sale)) === 1, 8000)).toBe(true);
    const taken = await readyToPay(sale, next);
    expect(await remainingOf(sale)).toBe(0);

    expect((await deliver(url, succeeded(lapsed.fields))).status).toBe(200);
    expect(await ordersOf(bed.app, { reservationId: lapsed.reservation.id })).toHaveLength(0);
    expect((await reservationOf(bed.app, late, lapsed.reservation.id)).status).toBe('refunded');

    await deliver(url, succeeded(taken.fields));
    expect(await ordersOf(bed.app, { 'lines.productId': sale.product.id })).toHaveLength(1);
    expect((await reservationOf(bed.app, next, taken.reservation.id)).status).toBe('completed');
  });

  it('releases a hold at once on payment_failed; a failure after a success changes nothing', async () => {
    const { sale } = await saleOf({ quantity: 3, perUserLimit: 2 });
    const shopper = bed.shoppers[9];
    const stream = await openEventStream<FlashSaleEvent>(`${url}/api/flash-sales/${sale.id}/events`);
    try {
      const failing = await readyToPay(sale, shopper);
      await stream.waitFor((event) => event.remaining === 2);
      const seen = stream.events.length;
      await deliver(url, intentEvent('payment_intent.payment_failed', failing.fields));
      expect(await remainingOf(sale)).toBe(3);
      const streamed = async (): Promise<boolean> =>
        stream.events.slice(seen).some((event) => event.remaining === 3);
      expect(await eventually(streamed)).toBe(true);
      expect((await reservationOf(bed.app, shopper, failing.reservation.id)).status).toBe('cancelled');
    } finally {
      stream.close();
    }

    const paid = await readyToPay(sale, shopper);
    await deliver(url, succeeded(paid.fields));
    await deliver(url, intentEvent('payment_intent.payment_failed', paid.fields));
    await deliver(url, intentEvent('payment_intent.canceled', paid.fields));
    expect((await reservationOf(bed.app, shopper, paid.reservation.id)).status).toBe('completed');
    expect(await ordersOf(bed.app, { reservationId: paid.reservation.id })).toHaveLength(1);
    expect(await remainingOf(sale)).toBe(2);
  });

  it('applies an event once however often it is delivered, and a second event for the same payment too', async () => {
    const { sale } = await saleOf({ quantity: 3 });
    const shopper = bed.shoppers[10];
    const { reservation, fields } = await readyToPay(sale, shopper);
    const eventId = newEventId();
    const payload = intentEvent('payment_intent.succeeded', fields, eventId);
    const deliveries = await Promise.all(Array.from({ length: 6 }, () => deliver(url, payload)));
    expect(deliveries.map((delivery) => delivery.status)).toEqual(Array(6).fill(200));
    await deliver(url, succeeded(fields));
    expect(await ordersOf(bed.app, { reservationId: reservation.id })).toHaveLength(1);
    expect(await bed.app.mongo.collection('processed_events').countDocuments({ eventId })).toBe(1);
    expect(await remainingOf(sale)).toBe(2);
  });

  it('turns a paid cart checkout into an order with its ledger movements, once', async () => {
    const product = await bed.fx.product({ stock: 10, priceCents: 1500 });
    const shopper = bed.shoppers[11];
    await bed.app.http
      .put(`/api/cart/items/${product.id}`)
      .set(...bearer(shopper))
      .send({ quantity: 2 });
    const checkout = await bed.app.http.post('/api/cart/checkout').set(...bearer(shopper));
    expect(checkout.status).toBe(201);
    const reservation = checkout.body as Reservation;
    const fields = intentOf(await paymentIntentFor(bed.app, shopper, reservation.id), reservation.id);
    expect(fields.amountCents).toBe(3000);
    await deliver(url, succeeded(fields));
    await deliver(url, succeeded(fields));

    const [order] = await ordersOf(bed.app, { reservationId: reservation.id });
    expect(order).toMatchObject({ lines: [{ productId: product.id, name: product.name, quantity: 2 }] });
    const movements = bed.app.mongo.collection('inventory_movements');
    expect(
      await movements.countDocuments({ operationId: `order:${order.id}:${product.id}`, delta: -2 }),
    ).toBe(1);
    expect(await stockOf(product)).toBe(8);
    expect((await reservationOf(bed.app, shopper, reservation.id)).status).toBe('completed');
  });

  it('counts a sale’s sold units from its orders when Redis lost the sale', async () => {
    const { sale } = await saleOf({ quantity: 3 });
    const [buyer, other] = [bed.shoppers[1], bed.shoppers[2]];
    const { reservation, fields } = await readyToPay(sale, buyer);
    await deliver(url, succeeded(fields));
    const cancel = await bed.app.http.delete(`/api/reservations/${reservation.id}`).set(...bearer(buyer));
    expect(cancel.status).toBe(409);
    await bed.reserve(sale, other);
    expect(await remainingOf(sale)).toBe(1);

    await deleteTagged(bed.app.redis, `sale:${sale.id}`);
    // Rebuilt from MongoDB: the order's unit is sold and counts for its buyer; the lost hold is free again.
    expect(await remainingOf(sale)).toBe(2);
    const again = await bed.app.http
      .post(`/api/flash-sales/${sale.id}/reservations`)
      .set(...bearer(buyer))
      .send({ quantity: 1 });
    expect(again.body).toMatchObject({ error: { code: 'LIMIT_REACHED' } });
  });

  it('cancels at Stripe the intent of a hold that expired unpaid, and audits no difference', async () => {
    const { sale } = await saleOf({ quantity: 2, reservationTtlSeconds: 1 });
    const shopper = bed.shoppers[0];
    const { intent } = await readyToPay(sale, shopper);
    const voided = salePool(sale.id).keys.voided;
    expect(
      await eventually(
        async () => (await bed.app.redis.zscore(voided, intent.paymentIntentId)) !== null,
        8000,
      ),
    ).toBe(true);
    const reconciler = bed.app.app.get(PaymentsReconciler);
    bed.app.app.get(PaymentPools).refresh();
    expect(await reconciler.reconcile()).toBe(0);
    expect(await bed.app.redis.zscore(voided, intent.paymentIntentId)).toBeNull();
    expect((await metricValue(bed.app, 'reconciler_differences')) ?? 0).toBe(0);
  });
});
