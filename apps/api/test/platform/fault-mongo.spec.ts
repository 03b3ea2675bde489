import type { FlashSale, Reservation } from '@flashline/contracts';
import { signInAdmin } from '../support/http/auth';
import { type FaultRig, healthUntil, startFaultRig } from '../support/processes/faults';
import { baseUrl, bearer, Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import {
  deliver,
  intentEvent,
  intentOf,
  newEventId,
  ordersOf,
  paymentIntentFor,
  reservationOf,
} from '../support/fixtures/payments';

/** Ports of this spec's own Redis and FerretDB (H3's range; no other spec uses them). */
const PORTS = { redis: 6401, ferretdb: 27101 };

/**
 * FerretDB stopped while shoppers reserve and pay, then started again, with the API running throughout:
 * the API's own Redis and FerretDB are processes this spec starts, kills and restarts.
 */
describe('fault injection: MongoDB stops during a sale', () => {
  let rig: FaultRig;
  let fx: Fixtures;
  let admin: string;

  beforeAll(async () => {
    rig = await startFaultRig(PORTS);
    fx = new Fixtures(rig.app);
    admin = (await signInAdmin(rig.app)).accessToken;
  });

  afterAll(async () => {
    await rig?.dispose();
  });

  const reserve = (sale: FlashSale, shopper: Shopper) =>
    rig.app.http
      .post(`/api/flash-sales/${sale.id}/reservations`)
      .set(...bearer(shopper))
      .send({ quantity: 1 });

  it('keeps reserving, refuses the payment webhook (Stripe redelivers) and writes the order once it is back', async () => {
    const product = await fx.product({ stock: 20 });
    const sale = await fx.sale(admin, product.id, { quantity: 5, perUserLimit: 2, salePriceCents: 2500 });
    // `regular` has been seen by the API before the outage; `newcomer` has never made a request.
    const [regular, newcomer] = await fx.shoppers(2);
    const first = await reserve(sale, regular);
    expect(first.status).toBe(201);
    const held = first.body as Reservation;
    const intent = await paymentIntentFor(rig.app, regular, held.id);
    const payment = intentEvent('payment_intent.succeeded', intentOf(intent, held.id), newEventId());

    await rig.ferretdb.stop();
    expect(await healthUntil(rig.app, (body) => body.mongo === 'down')).toBe(true);
    const health = await rig.app.http.get('/api/health');
    expect({ status: health.status, body: health.body as unknown }).toEqual({
      status: 503,
      body: { status: 'degraded', mongo: 'down', redis: 'up' },
    });
    // Reserving needs only Redis, and access tokens are stateless: both shoppers reserve, the one this
    // process never saw before as well.
    const again = await reserve(sale, regular);
    const fresh = await reserve(sale, newcomer);
    expect([again.status, fresh.status]).toEqual([201, 201]);

    // The order cannot be written: anything but a 2xx, so that Stripe delivers the event again later.
    const duringOutage = await deliver(baseUrl(rig.app), payment);
    expect(duringOutage).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
    expect((await reservationOf(rig.app, regular, held.id)).status).toBe('active');

    await rig.ferretdb.start();
    expect(await healthUntil(rig.app, (body) => body.mongo === 'up')).toBe(true);
    expect(await ordersOf(rig.app, { reservationId: held.id })).toEqual([]);

    // Stripe's redelivery (the same event) now succeeds, and only once makes an order.
    expect(await deliver(baseUrl(rig.app), payment)).toEqual({ status: 200, body: { received: true } });
    expect(await deliver(baseUrl(rig.app), payment)).toEqual({ status: 200, body: { received: true } });
    const orders = await ordersOf(rig.app, { reservationId: held.id });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ userId: regular.id, paymentIntentId: intent.paymentIntentId });
    expect(await reservationOf(rig.app, regular, held.id)).toMatchObject({
      status: 'completed',
      orderId: orders[0].id,
    });
  });
});
