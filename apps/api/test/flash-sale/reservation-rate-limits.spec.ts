import type { Redis } from 'ioredis';
import type { Reservation } from '@flashline/contracts';
import type { ScriptLimit } from '@api/common/rate-limit';
import { ReservationCode, type SaleSnapshot, SaleStateStore } from '@api/holds';
import { saleRateLimitKey } from '@api/redis';
import { expectErrorBody, GENEROUS_RATE_LIMITS, signInAdmin, uniqueClientIp } from '../support/http/auth';
import { eventually, newId, NO_RATE_LIMITS } from '../support/fixtures/basics';
import {
  deleteTagged,
  type HoldStores,
  holdStoresOf,
  openSale,
  storeOnTestRedis,
} from '../support/fixtures/hold-stores';
import { bearer, Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { scrapeMetrics } from '../support/http/metrics';

const limit = (name: string, hits: number, windowMs = 60_000): ScriptLimit => ({
  name,
  key: `${name}:${name}-tracker`,
  limit: hits,
  windowMs,
});

/**
 * The reserve's rate limits, counted by reserve.lua in the sale's slot (the same round trip as the reserve),
 * against the real Redis: exact under races and across clients (processes).
 */
describe('reserve rate limits in the reserve script (real Redis)', () => {
  let redis: Redis;
  let store: HoldStores;
  let other: { redis: Redis; store: HoldStores };
  const saleTags: string[] = [];

  beforeAll(() => {
    ({ redis, store } = storeOnTestRedis());
    other = storeOnTestRedis();
  });

  afterEach(async () => {
    await Promise.all(saleTags.splice(0).map((id) => deleteTagged(redis, `sale:${id}`)));
  });

  afterAll(async () => {
    await Promise.all([redis.quit(), other.redis.quit()]);
  });

  async function loaded(overrides: Partial<SaleSnapshot> = {}): Promise<SaleSnapshot> {
    const sale = openSale({ quantity: 1000, perUserLimit: 1000, ...overrides });
    saleTags.push(sale.saleId);
    await store.saleState.loadSale(sale);
    return sale;
  }

  it('lets exactly `limit` of 40 racing reserves through, from two clients, and refuses the rest with the wait', async () => {
    const sale = await loaded();
    const limits = [limit('reserve-user', 10, 30_000)];
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? store : other.store).holds.reserve({
          saleId: sale.saleId,
          userId: 'u1',
          quantity: 1,
          limits,
        }),
      ),
    );
    const codes = outcomes.map((outcome) => outcome.code);
    expect(codes.filter((code) => code === ReservationCode.Ok)).toHaveLength(10);
    const refused = outcomes.filter((outcome) => outcome.code === ReservationCode.RateLimited);
    expect(refused).toHaveLength(30);
    for (const outcome of refused) {
      expect(outcome).toMatchObject({ limit: limits[0] });
      const wait = (outcome as { retryAfterMs: number }).retryAfterMs;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(30_000);
    }
    expect((await store.saleState.saleStats(sale.saleId))?.rejected.rate_limited).toBe(30);
    expect((await store.saleState.saleStats(sale.saleId))?.taken).toBe(10);
  });

  it('counts the limits in order and stops at the first one over; each sale counts its own', async () => {
    const sale = await loaded();
    const limits = [limit('reserve-user', 1), limit('reserve-ip', 5)];
    const reserve = (saleId: string) => store.holds.reserve({ saleId, userId: 'u1', quantity: 1, limits });
    expect((await reserve(sale.saleId)).code).toBe(ReservationCode.Ok);
    expect(await reserve(sale.saleId)).toMatchObject({ code: ReservationCode.RateLimited, limit: limits[0] });
    // The refused request never reached the per-IP limit.
    expect(await redis.get(saleRateLimitKey(sale.saleId, limits[1].key))).toBe('1');
    // Another sale, another budget: the limits are per sale.
    expect((await reserve((await loaded()).saleId)).code).toBe(ReservationCode.Ok);
  });

  it('lets the client in again once the wait is over', async () => {
    const sale = await loaded();
    const limits = [limit('reserve-user', 1, 300)];
    const reserve = () => store.holds.reserve({ saleId: sale.saleId, userId: 'u1', quantity: 1, limits });
    expect((await reserve()).code).toBe(ReservationCode.Ok);
    const refused = await reserve();
    expect(refused.code).toBe(ReservationCode.RateLimited);
    const wait = refused.code === ReservationCode.RateLimited ? refused.retryAfterMs : 0;
    await new Promise((resolve) => setTimeout(resolve, wait + 50));
    expect((await reserve()).code).toBe(ReservationCode.Ok);
  });

  it('counts nothing for a sale that is not loaded (the caller loads it and asks again)', async () => {
    const sale = openSale();
    saleTags.push(sale.saleId);
    const limits = [limit('reserve-user', 1)];
    expect(await store.holds.reserve({ saleId: sale.saleId, userId: 'u1', quantity: 1, limits })).toEqual({
      code: ReservationCode.NotLoaded,
    });
    expect(await redis.exists(saleRateLimitKey(sale.saleId, limits[0].key))).toBe(0);
  });
});

describe('reserve rate limits and the sold-out shortcut (HTTP)', () => {
  let app: TestApp;
  /** The same database, with a default limit of 4 per user: the reserve route skips it on its fast path. */
  let strict: TestApp;
  let fx: Fixtures;
  let admin: string;
  let shoppers: Shopper[];

  beforeAll(async () => {
    const limits = { ...GENEROUS_RATE_LIMITS, ...NO_RATE_LIMITS };
    app = await createTestApp({
      ...limits,
      RATE_LIMIT_RESERVE_USER_LIMIT: '3',
      RATE_LIMIT_RESERVE_USER_TTL: '60',
    });
    strict = await createTestApp({ ...limits, RATE_LIMIT_DEFAULT_LIMIT: '4' });
    await app.mongo.asPromise();
    fx = new Fixtures(app);
    admin = (await signInAdmin(app)).accessToken;
    shoppers = await fx.shoppers(5);
  });

  afterAll(async () => {
    await fx.cleanUp();
    await Promise.all([app.close(), strict.close()]);
  });

  const reserve = (saleId: string, shopper: Shopper, on = app) =>
    on.http
      .post(`/api/flash-sales/${saleId}/reservations`)
      .set(...bearer(shopper))
      .set('X-Forwarded-For', uniqueClientIp())
      .send({ quantity: 1 });

  const metric = async (pattern: RegExp): Promise<number> => {
    const line = (await scrapeMetrics(app)).text.split('\n').find((entry) => pattern.test(entry));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };

  it('answers 429 with Retry-After per user and sale, counted in the sale’s stats and the metrics', async () => {
    const product = await fx.product();
    const [sale, next] = [
      await fx.sale(admin, product.id, { quantity: 20, perUserLimit: 10 }),
      await fx.sale(admin, product.id, { quantity: 20, perUserLimit: 10 }),
    ];
    const [shopper] = shoppers;
    const rejections = /^rate_limit_rejections_total\{limit="reserve-user"\} /;
    const before = await metric(rejections);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await reserve(sale.id, shopper)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const limited = await reserve(sale.id, shopper);
    expect(expectErrorBody(limited, 429, 'RATE_LIMITED').error.requestId).toEqual(expect.any(String));
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await metric(rejections)).toBe(before + 3);
    expect((await app.app.get(SaleStateStore).saleStats(sale.id))?.rejected.rate_limited).toBe(3);
    // Another sale, another budget.
    expect((await reserve(next.id, shopper)).status).toBe(201);
  });

  it('skips the default limit on a reserve, but charges it when the reserve has to read MongoDB', async () => {
    const sale = await fx.sale(admin, (await fx.product()).id, { quantity: 20, perUserLimit: 10 });
    const shopper = shoppers[1];
    const loaded: number[] = [];
    for (let i = 0; i < 6; i++) loaded.push((await reserve(sale.id, shopper, strict)).status);
    expect(loaded).toEqual(Array(6).fill(201));
    // A sale Redis does not hold is looked up in MongoDB: four lookups, then the default limit refuses.
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) unknown.push((await reserve(newId(), shoppers[2], strict)).status);
    expect(unknown).toEqual([404, 404, 404, 404, 429]);
  });

  it('answers a flood after a sell-out without Redis, before rate limits, and still counts every refusal', async () => {
    const sale = await fx.sale(admin, (await fx.product()).id, { quantity: 1 });
    const [winner, flood] = [shoppers[3], shoppers[4]];
    const won = await reserve(sale.id, winner).set('Idempotency-Key', 'press-1');
    expect(won.status).toBe(201);
    const responses = [];
    for (let i = 0; i < 12; i++) responses.push(await reserve(sale.id, flood));
    // Far more than the per-user limit (3): the refusals came from the local flag, not from reserve.lua.
    for (const response of responses) expectErrorBody(response, 409, 'SOLD_OUT');
    const soldOut = new RegExp(
      `^flashline_reservations_rejected_total\\{kind="flash_sale",sale="${sale.id}",reason="sold_out"\\} `,
    );
    expect(await metric(soldOut)).toBe(12);
    // A replay (Idempotency-Key) is not refused locally: its first attempt may have succeeded, as here.
    const replay = await reserve(sale.id, winner).set('Idempotency-Key', 'press-1');
    expect(replay.status).toBe(201);
    expect((replay.body as Reservation).id).toBe((won.body as Reservation).id);
    // The stats hash hears of the local refusals within about a second.
    const store = holdStoresOf(app.app);
    const counted = async () => (await store.saleState.saleStats(sale.id))?.rejected.sold_out === 12;
    expect(await eventually(counted, 5000)).toBe(true);
    // Logged and timed under the reserve route, though answered before routing.
    const timed =
      /^http_request_duration_seconds_count\{method="POST",route="\/api\/flash-sales\/:id\/reservations",status="409"\} /;
    expect(await metric(timed)).toBeGreaterThanOrEqual(12);
  });

  it('after a sell-out, refuses before validating the body, but never before authenticating', async () => {
    const sale = await fx.sale(admin, (await fx.product()).id, { quantity: 1 });
    expect((await reserve(sale.id, shoppers[0])).status).toBe(201);
    expectErrorBody(await reserve(sale.id, shoppers[1]), 409, 'SOLD_OUT');
    const path = `/api/flash-sales/${sale.id}/reservations`;
    const badBody = await app.http
      .post(path)
      .set(...bearer(shoppers[1]))
      .send({ quantity: 'lots' });
    expectErrorBody(badBody, 409, 'SOLD_OUT');
    expectErrorBody(await app.http.post(path).send({ quantity: 1 }), 401, 'UNAUTHENTICATED');
    const forged = `${shoppers[1].token.slice(0, -2)}xx`;
    const refused = await app.http.post(path).set('Authorization', `Bearer ${forged}`).send({ quantity: 1 });
    expectErrorBody(refused, 401, 'UNAUTHENTICATED');
    // An id that names no sale never has the flag: its 400 still comes from validation.
    const malformed = await app.http
      .post('/api/flash-sales/not-an-id/reservations')
      .set(...bearer(shoppers[1]))
      .send({ quantity: 1 });
    expectErrorBody(malformed, 400, 'VALIDATION_FAILED');
  });
});
