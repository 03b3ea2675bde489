import type { ErrorBody, FlashSale, Product, Reservation } from '@flashline/contracts';
import {} from '@api/holds';
import { expectErrorBody, uniqueClientIp } from '../support/http/auth';
import { eventually, sleep } from '../support/fixtures/basics';
import { type HoldStores, holdStoresOf } from '../support/fixtures/hold-stores';
import { bearer, Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import { SaleTestBed } from '../support/http/sale-test-bed';
import { scrapeMetrics } from '../support/http/metrics';

describe('flash-sale reservations (HTTP, real Redis and MongoDB)', () => {
  const bed = new SaleTestBed({ shoppers: 100 });
  let store: HoldStores;

  beforeAll(() => {
    store = holdStoresOf(bed.app.app);
  });

  const reserve = (saleId: string, shopper: Shopper, quantity = 1, idempotencyKey?: string) => {
    const call = bed.app.http
      .post(`/api/flash-sales/${saleId}/reservations`)
      .set(...bearer(shopper))
      .send({ quantity });
    return idempotencyKey ? call.set('Idempotency-Key', idempotencyKey) : call;
  };

  async function saleOf(
    product: Product,
    overrides: Parameters<Fixtures['sale']>[2] = {},
  ): Promise<FlashSale> {
    return bed.fx.sale(bed.admin, product.id, overrides);
  }

  const remainingOf = async (saleId: string): Promise<number> =>
    ((await bed.app.http.get(`/api/flash-sales/${saleId}`)).body as FlashSale).remaining;

  it('takes a hold; only its owner can read or cancel it; cancelling returns the stock at once', async () => {
    const sale = await saleOf(await bed.fx.product(), { quantity: 5, salePriceCents: 2500, perUserLimit: 2 });
    const [owner, other] = bed.shoppers;
    const created = await reserve(sale.id, owner, 2);
    expect(created.status).toBe(201);
    const reservation = created.body as Reservation;
    expect(reservation).toMatchObject({
      kind: 'flash_sale',
      saleId: sale.id,
      lines: [{ productId: sale.product.id, quantity: 2, unitPriceCents: 2500 }],
      amountCents: 5000,
      currency: 'usd',
      status: 'active',
    });
    expect(Date.parse(reservation.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect(await remainingOf(sale.id)).toBe(3);

    const path = `/api/reservations/${reservation.id}`;
    expect((await bed.app.http.get(path).set(...bearer(owner))).body).toEqual(reservation);
    expectErrorBody(await bed.app.http.get(path).set(...bearer(other)), 404, 'NOT_FOUND');
    expectErrorBody(await bed.app.http.delete(path).set(...bearer(other)), 404, 'NOT_FOUND');
    expectErrorBody(
      await bed.app.http.get('/api/reservations/no-such-id').set(...bearer(owner)),
      404,
      'NOT_FOUND',
    );
    expect(await remainingOf(sale.id)).toBe(3);

    expect((await bed.app.http.delete(path).set(...bearer(owner))).status).toBe(204);
    expect(await remainingOf(sale.id)).toBe(5);
    expect((await bed.app.http.delete(path).set(...bearer(owner))).status).toBe(204);
    expect(((await bed.app.http.get(path).set(...bearer(owner))).body as Reservation).status).toBe(
      'cancelled',
    );
  });

  it('refuses anonymous callers, bad quantities, bad keys and unknown sales', async () => {
    const sale = await saleOf(await bed.fx.product(), { quantity: 5 });
    const anonymous = await bed.app.http
      .post(`/api/flash-sales/${sale.id}/reservations`)
      .send({ quantity: 1 });
    expectErrorBody(anonymous, 401, 'UNAUTHENTICATED');
    expectErrorBody(await reserve(sale.id, bed.shoppers[0], 0), 400, 'VALIDATION_FAILED');
    expectErrorBody(
      await reserve(sale.id, bed.shoppers[0], 1, 'bad key with spaces'),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorBody(await reserve('665f1c2ab1e4c2a9d0a1b2c3', bed.shoppers[0]), 404, 'NOT_FOUND');
    expectErrorBody(await reserve('not-an-id', bed.shoppers[0]), 400, 'VALIDATION_FAILED');
    expect(await remainingOf(sale.id)).toBe(5);
  });

  it('answers SALE_NOT_ACTIVE before startsAt and after endsAt', async () => {
    const now = Date.now();
    const product = await bed.fx.product();
    const upcoming = await saleOf(product, {
      startsAt: new Date(now + 60_000).toISOString(),
      endsAt: new Date(now + 120_000).toISOString(),
    });
    const closing = await saleOf(product, { endsAt: new Date(now + 1200).toISOString() });
    expectErrorBody(await reserve(upcoming.id, bed.shoppers[0]), 409, 'SALE_NOT_ACTIVE');
    expect(upcoming.status).toBe('upcoming');
    await sleep(Date.parse(closing.endsAt) - Date.now() + 50);
    expectErrorBody(await reserve(closing.id, bed.shoppers[0]), 409, 'SALE_NOT_ACTIVE');
  });

  it('holds one shopper to the limit under concurrency: 50 parallel reserves, limit 2', async () => {
    const sale = await saleOf(await bed.fx.product(), { quantity: 50, perUserLimit: 2 });
    const responses = await Promise.all(Array.from({ length: 50 }, () => reserve(sale.id, bed.shoppers[1])));
    const codes = responses.map((response) =>
      response.status === 201 ? 201 : (response.body as ErrorBody).error.code,
    );
    expect(codes.filter((code) => code === 201)).toHaveLength(2);
    expect(codes.filter((code) => code === 'LIMIT_REACHED')).toHaveLength(48);
    expect(await remainingOf(sale.id)).toBe(48);
  });

  it('makes one hold of 20 concurrent reserves with one Idempotency-Key, answering each with it', async () => {
    const sale = await saleOf(await bed.fx.product(), { quantity: 10, perUserLimit: 3 });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => reserve(sale.id, bed.shoppers[2], 1, 'buy-button-press-1')),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((response) => (response.body as Reservation).id)).size).toBe(1);
    expect(await remainingOf(sale.id)).toBe(9);
    // A later replay is still that reservation.
    const replay = await reserve(sale.id, bed.shoppers[2], 1, 'buy-button-press-1');
    expect((replay.body as Reservation).id).toBe((responses[0].body as Reservation).id);
  });

  it('sells out exactly, and answers again the moment stock comes back (pub/sub clears the local flag)', async () => {
    const sale = await saleOf(await bed.fx.product(), { quantity: 3 });
    const crowd = bed.shoppers.slice(10, 40);
    const responses = await Promise.all(crowd.map((shopper) => reserve(sale.id, shopper)));
    const won = responses.filter((response) => response.status === 201);
    expect(won).toHaveLength(3);
    for (const lost of responses.filter((response) => response.status !== 201)) {
      expectErrorBody(lost, 409, 'SOLD_OUT');
    }
    const owner = crowd[responses.findIndex((response) => response.status === 201)];
    const held = won[0].body as Reservation;
    expect((await bed.app.http.delete(`/api/reservations/${held.id}`).set(...bearer(owner))).status).toBe(
      204,
    );
    // Well within the flag's one-second lifetime: only the pub/sub message can have cleared it.
    const started = Date.now();
    expect(
      await eventually(async () => (await reserve(sale.id, bed.shoppers[41])).status === 201, 600, 20),
    ).toBe(true);
    expect(Date.now() - started).toBeLessThan(700);
  });

  it('gives held stock back on time with no further requests, and the event stream shows it', async () => {
    const sale = await saleOf(await bed.fx.product(), { quantity: 3, reservationTtlSeconds: 1 });
    const stream = await bed.saleStream(sale);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      await stream.waitFor((event) => event.remaining === 3);
      const responses = await Promise.all(
        bed.shoppers.slice(50, 53).map((shopper) => reserve(sale.id, shopper)),
      );
      expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
      const reservedAt = Date.now();
      expect(await stream.waitFor((event) => event.status === 'sold_out')).toEqual({
        remaining: 0,
        held: 3,
        status: 'sold_out',
        paused: false,
      });
      const soldOutAt = stream.events.findIndex((event) => event.status === 'sold_out');

      // Nothing calls the API from here: the reapers alone must release the holds.
      await stream.waitFor(
        (event) => event.remaining === 3 && event.held === 0 && event.status === 'active',
        4000,
        soldOutAt + 1,
      );
      const late = Date.now() - reservedAt;
      // Expiry after 1 s; a reaper passes every 1 s ± 20%.
      expect(late).toBeGreaterThanOrEqual(900);
      expect(late).toBeLessThan(1000 + 1200 + 500);
      expect(await store.saleState.saleStock(sale.id, sale.product.id)).toEqual({
        free: 3,
        held: 0,
        sold: 0,
      });
      const id = (responses[0].body as Reservation).id;
      const read = await bed.app.http.get(`/api/reservations/${id}`).set(...bearer(bed.shoppers[50]));
      expect((read.body as Reservation).status).toBe('expired');
    } finally {
      stream.close();
    }
  });

  it('starts every event stream with the current state; 404 for an unknown sale', async () => {
    const sale = await saleOf(await bed.fx.product(), { quantity: 4 });
    await reserve(sale.id, bed.shoppers[60]);
    const stream = await bed.saleStream(sale);
    try {
      expect(await stream.waitFor(() => true)).toEqual({
        remaining: 3,
        held: 1,
        status: 'active',
        paused: false,
      });
    } finally {
      stream.close();
    }
    expectErrorBody(
      await bed.app.http.get('/api/flash-sales/665f1c2ab1e4c2a9d0a1b2c3/events'),
      404,
      'NOT_FOUND',
    );
  });

  it('rebuilds from MongoDB when Redis loses everything mid-sale, never holding more than the quantity', async () => {
    const sale = await saleOf(await bed.fx.product({ stock: 100 }), { quantity: 30 });
    const before = bed.shoppers.slice(0, 40);
    const after = bed.shoppers.slice(40, 80);
    // FLUSHDB of this worker's test database only, in the middle of a wave of reserves.
    const [first] = await Promise.all([
      Promise.all(before.map((shopper) => reserve(sale.id, shopper))),
      sleep(5).then(() => bed.app.redis.flushdb()),
    ]);
    const second = await Promise.all(after.map((shopper) => reserve(sale.id, shopper)));
    const all = [...first, ...second];
    expect(all.filter((response) => ![201, 409].includes(response.status))).toEqual([]);

    // Holds taken before the flush are gone with it; every hold that exists is a valid one.
    const owners = [...before, ...after];
    const live = await Promise.all(
      all.map(async (response, i) => {
        if (response.status !== 201) return false;
        const read = await bed.app.http
          .get(`/api/reservations/${(response.body as Reservation).id}`)
          .set(...bearer(owners[i]));
        return read.status === 200 && (read.body as Reservation).status === 'active';
      }),
    );
    const active = live.filter(Boolean).length;
    expect(active).toBeLessThanOrEqual(30);
    expect(second.filter((response) => response.status === 201).length).toBeLessThanOrEqual(30);
    const stock = await store.saleState.saleStock(sale.id, sale.product.id);
    expect(stock).toEqual({ free: 30 - active, held: active, sold: 0 });
    expect(await remainingOf(sale.id)).toBe(30 - active);
  });

  it('counts holds in the metrics, per sale', async () => {
    const metrics = await scrapeMetrics(bed.app);
    const sale = 'sale="[0-9a-f]{24}"';
    expect(metrics.text).toMatch(
      new RegExp(`flashline_reservations_taken_total\\{kind="flash_sale",${sale}\\} \\d+`),
    );
    expect(metrics.text).toMatch(
      new RegExp(
        `flashline_reservations_rejected_total\\{kind="flash_sale",${sale},reason="sold_out"\\} \\d+`,
      ),
    );
    expect(metrics.text).toMatch(
      new RegExp(`flashline_reservations_expired_total\\{kind="flash_sale",${sale}\\} \\d+`),
    );
  });
});

describe('reserve rate limits (HTTP)', () => {
  const bed = new SaleTestBed({
    env: {
      RATE_LIMIT_RESERVE_USER_LIMIT: '3',
      RATE_LIMIT_RESERVE_USER_TTL: '60',
      RATE_LIMIT_RESERVE_IP_LIMIT: '5',
      RATE_LIMIT_RESERVE_IP_TTL: '60',
    },
  });

  it('limits reserves per user and per IP with 429 RATE_LIMITED and Retry-After', async () => {
    const admin = bed.admin;
    const sale = await bed.fx.sale(admin, (await bed.fx.product()).id, { quantity: 50 });
    const [greedy, ...others] = await bed.fx.shoppers(7);
    const from = (ip: string, shopper: Shopper) =>
      bed.app.http
        .post(`/api/flash-sales/${sale.id}/reservations`)
        .set(...bearer(shopper))
        .set('X-Forwarded-For', ip)
        .send({ quantity: 1 });

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await from(uniqueClientIp(), greedy)).status);
    expect(statuses).toEqual([201, 409, 409, 429]);
    const limited = await from(uniqueClientIp(), greedy);
    expectErrorBody(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const ip = uniqueClientIp();
    const perIp: number[] = [];
    for (const shopper of others) perIp.push((await from(ip, shopper)).status);
    expect(perIp).toEqual([201, 201, 201, 201, 201, 429]);
  });
});
