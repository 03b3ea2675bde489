import type { FlashSale, Reservation } from '@flashline/contracts';
import {} from '@api/holds';
import { signInAdmin } from '../support/http/auth';
import {
  errorCodeOf,
  type FaultRig,
  healthUntil,
  mongoSnapshot,
  startFaultRig,
  type Timed,
  timed,
  UNAVAILABLE_WITHIN_MS,
} from '../support/processes/faults';
import { holdStoresOf } from '../support/fixtures/hold-stores';
import { baseUrl, bearer, Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import { deliver, intentEvent, intentOf, ordersOf, paymentIntentFor } from '../support/fixtures/payments';

/** Ports of this spec's own Redis and FerretDB (H3's range; no other spec uses them). */
const PORTS = { redis: 6400, ferretdb: 27100 };
const QUANTITY = 10;
const PAID = 3;
const HELD = 2;

/**
 * Redis stopped in the middle of a sale, then started again empty, with the API running throughout: the
 * API's own Redis and FerretDB are processes this spec starts, kills and restarts.
 */
describe('fault injection: Redis stops during a sale', () => {
  let rig: FaultRig;
  let fx: Fixtures;
  let admin: string;
  let shoppers: Shopper[];

  beforeAll(async () => {
    rig = await startFaultRig(PORTS);
    fx = new Fixtures(rig.app);
    admin = (await signInAdmin(rig.app)).accessToken;
    shoppers = await fx.shoppers(40);
  });

  afterAll(async () => {
    await rig?.dispose();
  });

  const reserve = (sale: FlashSale, shopper: Shopper): Promise<Timed> =>
    timed(() =>
      rig.app.http
        .post(`/api/flash-sales/${sale.id}/reservations`)
        .set(...bearer(shopper))
        .send({ quantity: 1 }),
    );

  async function reserved(sale: FlashSale, shopper: Shopper): Promise<Reservation> {
    const { response } = await reserve(sale, shopper);
    if (response.status !== 201)
      throw new Error(`reserve: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Reservation;
  }

  /** Reserve, intent and a signed payment_intent.succeeded: an order in MongoDB. */
  async function buy(sale: FlashSale, shopper: Shopper): Promise<void> {
    const reservation = await reserved(sale, shopper);
    const intent = await paymentIntentFor(rig.app, shopper, reservation.id);
    const event = intentEvent('payment_intent.succeeded', intentOf(intent, reservation.id));
    const delivery = await deliver(baseUrl(rig.app), event);
    if (delivery.status !== 200)
      throw new Error(`webhook: ${delivery.status} ${JSON.stringify(delivery.body)}`);
  }

  /** The answer every request that needs Redis must give while it is down. */
  function expectUnavailable(attempts: Timed[]): void {
    const answers = attempts.map(({ response, ms }) => ({
      status: response.status,
      code: errorCodeOf(response),
      requestId: (response.body as { error?: { requestId?: string } }).error?.requestId,
      inTime: ms < UNAVAILABLE_WITHIN_MS,
    }));
    for (const [index, answer] of answers.entries()) {
      expect({ index, ...answer }).toEqual({
        index,
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        requestId: attempts[index].response.headers['x-request-id'],
        inTime: true,
      });
    }
  }

  it('answers 503 within a second while it is down, writes nothing, and resumes from MongoDB without overselling', async () => {
    const product = await fx.product({ stock: 50 });
    const sale = await fx.sale(admin, product.id, { quantity: QUANTITY, salePriceCents: 2500 });
    for (const shopper of shoppers.slice(0, PAID)) await buy(sale, shopper);
    const holds = await Promise.all(shoppers.slice(PAID, PAID + HELD).map((s) => reserved(sale, s)));
    const before = await mongoSnapshot(rig.app);

    await rig.redis.stop();

    // One after another (the first meets a connection that just died), then a crowd at once.
    const attempts: Timed[] = [];
    for (const shopper of shoppers.slice(5, 10)) attempts.push(await reserve(sale, shopper));
    attempts.push(...(await Promise.all(shoppers.slice(10, 30).map((shopper) => reserve(sale, shopper)))));
    const [holder] = shoppers.slice(PAID);
    attempts.push(
      await timed(() => rig.app.http.get(`/api/reservations/${holds[0].id}`).set(...bearer(holder))),
      await timed(() =>
        rig.app.http.post(`/api/reservations/${holds[0].id}/payment-intent`).set(...bearer(holder)),
      ),
      await timed(() => rig.app.http.delete(`/api/reservations/${holds[0].id}`).set(...bearer(holder))),
    );
    expectUnavailable(attempts);

    const health = await rig.app.http.get('/api/health');
    expect({ status: health.status, body: health.body as unknown }).toEqual({
      status: 503,
      body: { status: 'degraded', mongo: 'up', redis: 'down' },
    });
    // Nothing half written: MongoDB is exactly as it was (no order, no movement, no sale change).
    expect(await mongoSnapshot(rig.app)).toEqual(before);

    await rig.redis.start(); // empty: no persistence
    expect(await healthUntil(rig.app, (body) => body.redis === 'up')).toBe(true);

    // The holds died with Redis; the paid units are MongoDB's orders, so exactly QUANTITY - PAID remain.
    const burst = await Promise.all(shoppers.slice(10, 40).map((shopper) => reserve(sale, shopper)));
    const statuses = burst.map(({ response }) => `${response.status} ${errorCodeOf(response) ?? ''}`.trim());
    expect(statuses.filter((status) => status === '201')).toHaveLength(QUANTITY - PAID);
    expect(statuses.filter((status) => status !== '201' && status !== '409 SOLD_OUT')).toEqual([]);

    const store = holdStoresOf(rig.app.app);
    expect(await store.saleState.saleStock(sale.id, product.id)).toEqual({
      free: 0,
      held: QUANTITY - PAID,
      sold: PAID,
    });
    expect(await ordersOf(rig.app, { saleId: sale.id })).toHaveLength(PAID);
    const lost = await rig.app.http.get(`/api/reservations/${holds[0].id}`).set(...bearer(holder));
    expect(lost.status).toBe(404);
  });
});
