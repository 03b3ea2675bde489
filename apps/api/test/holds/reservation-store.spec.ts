import type { Redis } from 'ioredis';
import { CATALOG_POOL, ReservationCode, salePool, type SaleSnapshot } from '@api/holds';
import { CATALOG_STOCK_KEY, SALE_EVENTS_CHANNEL, saleDefinitionKey } from '@api/redis';
import { eventually, MINUTE_MS, newId, sleep } from '../support/fixtures/basics';
import { type HoldStores, openSale, StoreFixture, storeOnTestRedis } from '../support/fixtures/hold-stores';
import { payable, paymentFor } from '../support/fixtures/payments';

/**
 * Every reservation script against the real Redis, including the races each exists to win. Sales here use
 * fresh ids, and each test deletes the keys it made.
 */
describe('hold stores (real Redis)', () => {
  const fixture = new StoreFixture();
  const { loaded } = fixture;
  let redis: Redis;
  let store: HoldStores;

  beforeAll(() => {
    ({ redis, store } = fixture);
  });

  const reserve = (sale: SaleSnapshot, userId: string, quantity = 1, idempotencyKey?: string) =>
    store.holds.reserve({ saleId: sale.saleId, userId, quantity, idempotencyKey });

  const stockOf = (sale: SaleSnapshot) => store.saleState.saleStock(sale.saleId, sale.productId);

  describe('load-sale', () => {
    it('loads once: racing loaders never reset live counters', async () => {
      const sale = fixture.unloaded({ quantity: 5 });
      const results = await Promise.all(Array.from({ length: 10 }, () => store.saleState.loadSale(sale)));
      expect(results.filter((result) => result.loaded)).toHaveLength(1);
      expect((await reserve(sale, 'u1')).code).toBe(ReservationCode.Ok);
      expect(await store.saleState.loadSale(sale)).toEqual({ loaded: false, free: 4 });
      expect(await stockOf(sale)).toEqual({ free: 4, held: 1, sold: 0 });
    });

    it('counts what orders sold, in total and per buyer', async () => {
      const sale = await loaded({
        quantity: 5,
        perUserLimit: 2,
        sold: { total: 3, byUser: new Map([['buyer', 2]]) },
      });
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 3 });
      expect((await reserve(sale, 'buyer')).code).toBe(ReservationCode.LimitReached);
      expect((await reserve(sale, 'other', 2)).code).toBe(ReservationCode.Ok);
    });

    it('answers NOT_LOADED before a sale is loaded', async () => {
      const sale = openSale();
      expect(await reserve(sale, 'u1')).toEqual({ code: ReservationCode.NotLoaded });
      expect(await stockOf(sale)).toBeUndefined();
    });
  });

  describe('reserve', () => {
    it('takes a hold with its price, expiry and owner', async () => {
      const sale = await loaded({ quantity: 3, perUserLimit: 2, reservationTtlSeconds: 60 });
      const before = Date.now();
      const outcome = await reserve(sale, 'u1', 2);
      expect(outcome.code).toBe(ReservationCode.Ok);
      if (outcome.code !== ReservationCode.Ok) return;
      expect(outcome.hold).toMatchObject({
        userId: 'u1',
        kind: 'flash_sale',
        status: 'active',
        currency: 'usd',
        lines: [{ productId: sale.productId, quantity: 2, unitPriceCents: 1999 }],
      });
      expect(outcome.hold.id.startsWith(`${sale.saleId}.`)).toBe(true);
      expect(outcome.hold.expiresAt).toBeGreaterThanOrEqual(before + 60_000 - 50);
      expect(outcome.hold.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000 + 50);
      expect(await stockOf(sale)).toEqual({ free: 1, held: 2, sold: 0 });
      expect(await store.holds.findHold(outcome.hold.id)).toEqual(outcome.hold);
    });

    it('refuses before startsAt and from endsAt on', async () => {
      const now = Date.now();
      const early = await loaded({
        startsAt: new Date(now + MINUTE_MS),
        endsAt: new Date(now + 2 * MINUTE_MS),
      });
      const late = await loaded({ startsAt: new Date(now - 2 * MINUTE_MS), endsAt: new Date(now - 1) });
      expect((await reserve(early, 'u1')).code).toBe(ReservationCode.NotActive);
      expect((await reserve(late, 'u1')).code).toBe(ReservationCode.NotActive);
      expect(await stockOf(early)).toEqual({ free: 10, held: 0, sold: 0 });
    });

    it('wins the race for the last units: 200 shoppers, 25 units, exactly 25 holds', async () => {
      const sale = await loaded({ quantity: 25 });
      const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => reserve(sale, `user-${i}`)));
      const codes = outcomes.map((outcome) => outcome.code);
      expect(codes.filter((code) => code === ReservationCode.Ok)).toHaveLength(25);
      expect(codes.filter((code) => code === ReservationCode.SoldOut)).toHaveLength(175);
      expect(await stockOf(sale)).toEqual({ free: 0, held: 25, sold: 0 });
    });

    it('holds one user to the limit under concurrency: 50 parallel reserves, limit 2', async () => {
      const sale = await loaded({ quantity: 100, perUserLimit: 2 });
      const outcomes = await Promise.all(Array.from({ length: 50 }, () => reserve(sale, 'greedy')));
      const codes = outcomes.map((outcome) => outcome.code);
      expect(codes.filter((code) => code === ReservationCode.Ok)).toHaveLength(2);
      expect(codes.filter((code) => code === ReservationCode.LimitReached)).toHaveLength(48);
    });

    it('refuses a quantity above the limit, and one above free stock, taking nothing', async () => {
      const sale = await loaded({ quantity: 2, perUserLimit: 3 });
      expect((await reserve(sale, 'u1', 4)).code).toBe(ReservationCode.LimitReached);
      expect((await reserve(sale, 'u1', 3)).code).toBe(ReservationCode.SoldOut);
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 0 });
    });

    it('replays one Idempotency-Key: 20 concurrent duplicates make one hold', async () => {
      const sale = await loaded({ quantity: 10, perUserLimit: 5 });
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => reserve(sale, 'u1', 1, 'key-1')));
      const ids = new Set(outcomes.map((outcome) => ('hold' in outcome ? outcome.hold.id : outcome.code)));
      expect(ids.size).toBe(1);
      expect(outcomes.filter((outcome) => outcome.code === ReservationCode.Ok)).toHaveLength(1);
      expect(await stockOf(sale)).toEqual({ free: 9, held: 1, sold: 0 });
      // The same key from another user is another operation.
      expect((await reserve(sale, 'u2', 1, 'key-1')).code).toBe(ReservationCode.Ok);
    });

    it('releases lapsed holds before refusing as sold out', async () => {
      const sale = await loaded({ quantity: 1, reservationTtlSeconds: 0.2 });
      expect((await reserve(sale, 'u1')).code).toBe(ReservationCode.Ok);
      expect((await reserve(sale, 'u2')).code).toBe(ReservationCode.SoldOut);
      await sleep(250);
      expect((await reserve(sale, 'u2')).code).toBe(ReservationCode.Ok);
      expect(await stockOf(sale)).toEqual({ free: 0, held: 1, sold: 0 });
    });

    it('publishes the free and held units on every change, a payment and a pause too', async () => {
      const sale = await loaded({ quantity: 3 });
      const subscriber = redis.duplicate();
      const messages: { saleId: string }[] = [];
      // Pub/sub channels span Redis databases: other jest workers' sales publish here too.
      subscriber.on('message', (_channel: string, message: string) => {
        const event = JSON.parse(message) as { saleId: string };
        if (event.saleId === sale.saleId) messages.push(event);
      });
      await subscriber.subscribe(SALE_EVENTS_CHANNEL);
      try {
        const outcome = await reserve(sale, 'u1');
        await reserve(sale, 'u1'); // LIMIT_REACHED: nothing changed, nothing published
        if (outcome.code === ReservationCode.Ok) await store.holds.cancel(outcome.hold.id, 'u1');
        const paid = await reserve(sale, 'u2');
        if (paid.code !== ReservationCode.Ok) throw new Error(`reserve: ${paid.code}`);
        // Paying moves a unit from held to sold: no free unit changes, and it is published all the same.
        await store.paymentHolds.confirm(await payable(store.paymentHolds, paid.hold));
        await store.saleState.setPaused(sale.saleId, true);
        expect(await eventually(async () => messages.length >= 5)).toBe(true);
        await sleep(100);
        expect(messages).toEqual([
          { saleId: sale.saleId, remaining: 2, held: 1 },
          { saleId: sale.saleId, remaining: 3, held: 0 },
          { saleId: sale.saleId, remaining: 2, held: 1 },
          { saleId: sale.saleId, remaining: 2, held: 0 },
          { saleId: sale.saleId, remaining: 2, held: 0, paused: true },
        ]);
      } finally {
        await subscriber.quit();
      }
    });
  });

  describe('release-expired', () => {
    it('returns lapsed holds to stock and frees the users to reserve again', async () => {
      const sale = await loaded({ quantity: 5, reservationTtlSeconds: 0.2 });
      const first = await reserve(sale, 'u1');
      await sleep(250);
      expect(await store.holds.releaseExpired(salePool(sale.saleId))).toBe(1);
      expect(await store.holds.releaseExpired(salePool(sale.saleId))).toBe(0);
      expect(await stockOf(sale)).toEqual({ free: 5, held: 0, sold: 0 });
      if (first.code === ReservationCode.Ok) {
        expect((await store.holds.findHold(first.hold.id))?.status).toBe('expired');
      }
      expect((await reserve(sale, 'u1')).code).toBe(ReservationCode.Ok);
    });

    it('releases each hold exactly once when many reapers race', async () => {
      const sale = await loaded({ quantity: 300, reservationTtlSeconds: 0.3 });
      const reapers = [storeOnTestRedis(), storeOnTestRedis(), storeOnTestRedis()];
      try {
        await Promise.all(Array.from({ length: 300 }, (_, i) => reserve(sale, `user-${i}`)));
        expect(await stockOf(sale)).toEqual({ free: 0, held: 300, sold: 0 });
        await sleep(350);
        const pool = salePool(sale.saleId);
        const released = await Promise.all(
          reapers.flatMap(({ store: reaper }) =>
            Array.from({ length: 8 }, () => reaper.holds.releaseExpired(pool, 25)),
          ),
        );
        expect(released.reduce((sum, count) => sum + count, 0)).toBe(300);
        expect(await stockOf(sale)).toEqual({ free: 300, held: 0, sold: 0 });
      } finally {
        await Promise.all(reapers.map(({ redis: client }) => client.quit()));
      }
    });
  });

  describe('cancel', () => {
    it('releases an active hold at once, only for its owner, and is idempotent', async () => {
      const sale = await loaded({ quantity: 2 });
      const outcome = await reserve(sale, 'u1');
      if (outcome.code !== ReservationCode.Ok) throw new Error(outcome.code);
      const id = outcome.hold.id;
      expect(await store.holds.cancel(id, 'intruder')).toEqual({ code: ReservationCode.NotFound });
      expect(await store.holds.cancel(id, 'u1')).toEqual({
        code: ReservationCode.Cancelled,
        status: 'cancelled',
      });
      expect(await store.holds.cancel(id, 'u1')).toEqual({
        code: ReservationCode.Ended,
        status: 'cancelled',
      });
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 0 });
      expect(await store.holds.cancel(`${sale.saleId}.AAAAAAAAAAAAAAAA`, 'u1')).toEqual({
        code: ReservationCode.NotFound,
      });
      expect(await store.holds.cancel('not-an-id', 'u1')).toEqual({ code: ReservationCode.NotFound });
    });

    it('returns the stock once when cancels and reapers race for the same lapsed holds', async () => {
      const sale = await loaded({ quantity: 50, reservationTtlSeconds: 0.2 });
      const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => reserve(sale, `user-${i}`)));
      await sleep(250);
      const pool = salePool(sale.saleId);
      await Promise.all([
        ...outcomes.map((outcome, i) =>
          outcome.code === ReservationCode.Ok ? store.holds.cancel(outcome.hold.id, `user-${i}`) : undefined,
        ),
        store.holds.releaseExpired(pool, 10),
        store.holds.releaseExpired(pool, 10),
      ]);
      expect(await stockOf(sale)).toEqual({ free: 50, held: 0, sold: 0 });
    });
  });

  describe('confirm', () => {
    it('makes an active hold paid: it leaves the expiry index and still counts for the limit', async () => {
      const sale = await loaded({ quantity: 3, reservationTtlSeconds: 0.2 });
      const outcome = await reserve(sale, 'u1');
      if (outcome.code !== ReservationCode.Ok) throw new Error(outcome.code);
      const paid = await store.paymentHolds.confirm(await payable(store.paymentHolds, outcome.hold));
      expect(paid.code).toBe(ReservationCode.Paid);
      expect((await store.paymentHolds.confirm(paymentFor(outcome.hold))).code).toBe(
        ReservationCode.AlreadyPaid,
      );
      await sleep(250);
      expect(await store.holds.releaseExpired(salePool(sale.saleId))).toBe(0);
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 1 });
      expect((await reserve(sale, 'u1')).code).toBe(ReservationCode.LimitReached);
      expect((await store.holds.cancel(outcome.hold.id, 'u1')).code).toBe(ReservationCode.Paid);
    });

    it('pays a lapsed hold no reaper has released yet: its units were still held (late payments: payments-store.spec)', async () => {
      const sale = await loaded({ quantity: 3, reservationTtlSeconds: 0.2 });
      const outcome = await reserve(sale, 'u1');
      if (outcome.code !== ReservationCode.Ok) throw new Error(outcome.code);
      const payment = await payable(store.paymentHolds, outcome.hold);
      await sleep(250);
      expect((await store.paymentHolds.confirm(payment)).code).toBe(ReservationCode.Paid);
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 1 });
      expect(await store.holds.releaseExpired(salePool(sale.saleId))).toBe(0);
    });
  });

  describe('settle-sale', () => {
    it('is final only once the sale has ended and no hold is active', async () => {
      const now = Date.now();
      const sale = await loaded({
        quantity: 4,
        startsAt: new Date(now - MINUTE_MS),
        endsAt: new Date(now + 300),
        reservationTtlSeconds: 0.6,
      });
      const held = await reserve(sale, 'u1');
      const paid = await reserve(sale, 'u2');
      if (paid.code === ReservationCode.Ok)
        await store.paymentHolds.confirm(await payable(store.paymentHolds, paid.hold));
      expect(await store.saleState.settleSale(sale.saleId)).toEqual({ state: 'open' });
      await sleep(350);
      expect(held.code).toBe(ReservationCode.Ok);
      expect(await store.saleState.settleSale(sale.saleId)).toEqual({ state: 'holds_active', held: 1 });
      await sleep(300);
      await store.holds.releaseExpired(salePool(sale.saleId));
      expect(await store.saleState.settleSale(sale.saleId)).toEqual({ state: 'settled', free: 3, sold: 1 });
      expect(await store.saleState.settleSale(newId())).toEqual({ state: 'not_loaded' });
    });
  });

  describe('catalogue stock', () => {
    it('loads a product once from the ledger minus active cart holds', async () => {
      const product = newId();
      expect(await store.catalogStock.productStock(product)).toBeUndefined();
      expect(await store.catalogStock.loadStock(new Map([[product, 7]]))).toEqual(new Map([[product, 7]]));
      expect(await store.catalogStock.loadStock(new Map([[product, 100]]))).toEqual(new Map([[product, 7]]));
      await redis.hdel(CATALOG_STOCK_KEY, `free:${product}`);
      await redis.hset(CATALOG_STOCK_KEY, `held:${product}`, 2);
      expect(await store.catalogStock.loadStock(new Map([[product, 7]]))).toEqual(new Map([[product, 5]]));
    });

    it('lets only one of two racing admins allocate the last units', async () => {
      const product = newId();
      await store.catalogStock.loadStock(new Map([[product, 10]]));
      const outcomes = await Promise.all([
        store.catalogStock.allocate(product, 7),
        store.catalogStock.allocate(product, 7),
      ]);
      expect(outcomes.map((outcome) => outcome.code).sort()).toEqual([
        ReservationCode.Insufficient,
        ReservationCode.Ok,
      ]);
      expect((await store.catalogStock.productStock(product))?.free).toBe(3);
      expect(await store.catalogStock.allocate(newId(), 1)).toEqual({
        code: ReservationCode.NotLoaded,
        free: 0,
      });
    });

    it('applies outside changes only to loaded counters', async () => {
      const product = newId();
      expect(await store.catalogStock.adjustStock(product, 5)).toBe(false);
      await store.catalogStock.loadStock(new Map([[product, 1]]));
      expect(await store.catalogStock.adjustStock(product, 5)).toBe(true);
      expect((await store.catalogStock.productStock(product))?.free).toBe(6);
    });
  });

  describe('checkout', () => {
    const line = (productId: string, quantity = 1) => ({ productId, quantity, unitPriceCents: 500 });

    it('holds every line or none', async () => {
      const [a, b] = [newId(), newId()];
      await store.catalogStock.loadStock(
        new Map([
          [a, 5],
          [b, 1],
        ]),
      );
      const refused = await store.holds.checkout({
        userId: 'u1',
        currency: 'usd',
        ttlSeconds: 60,
        lines: [line(a, 2), line(b, 2)],
      });
      expect(refused).toEqual({ code: ReservationCode.SoldOut, productId: b });
      expect((await store.catalogStock.productStock(a))?.free).toBe(5);
      const held = await store.holds.checkout({
        userId: 'u1',
        currency: 'usd',
        ttlSeconds: 60,
        lines: [line(a, 2), line(b)],
      });
      expect(held.code).toBe(ReservationCode.Ok);
      expect(await store.catalogStock.productStock(a)).toEqual({ free: 3, held: 2, sold: 0 });
      expect(await store.catalogStock.productStock(b)).toEqual({ free: 0, held: 1, sold: 0 });
    });

    it('names the products that are not loaded, holding nothing', async () => {
      const [a, b, c] = [newId(), newId(), newId()];
      await store.catalogStock.loadStock(new Map([[a, 5]]));
      const outcome = await store.holds.checkout({
        userId: 'u1',
        currency: 'usd',
        ttlSeconds: 60,
        lines: [line(a), line(b), line(c)],
      });
      expect(outcome).toEqual({ code: ReservationCode.NotLoaded, productIds: [b, c] });
      expect((await store.catalogStock.productStock(a))?.free).toBe(5);
    });

    it('gives the last unit to one of two racing shoppers; the loser holds nothing', async () => {
      const [last, plenty] = [newId(), newId()];
      await store.catalogStock.loadStock(
        new Map([
          [last, 1],
          [plenty, 10],
        ]),
      );
      const outcomes = await Promise.all(
        ['u1', 'u2'].map((userId) =>
          store.holds.checkout({
            userId,
            currency: 'usd',
            ttlSeconds: 60,
            lines: [line(plenty, 3), line(last)],
          }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.code).sort()).toEqual([
        ReservationCode.Ok,
        ReservationCode.SoldOut,
      ]);
      expect(await store.catalogStock.productStock(plenty)).toEqual({ free: 7, held: 3, sold: 0 });
    });

    it('expires cart holds through the same release script', async () => {
      const product = newId();
      await store.catalogStock.loadStock(new Map([[product, 2]]));
      const outcome = await store.holds.checkout({
        userId: 'u1',
        currency: 'usd',
        ttlSeconds: 0.2,
        lines: [line(product, 2)],
      });
      if (outcome.code !== ReservationCode.Ok) throw new Error(outcome.code);
      expect(outcome.hold.id.startsWith('cart.')).toBe(true);
      await sleep(250);
      expect(await store.holds.releaseExpired(CATALOG_POOL)).toBe(1);
      expect(await store.catalogStock.productStock(product)).toEqual({ free: 2, held: 0, sold: 0 });
      expect((await store.holds.cancel(outcome.hold.id, 'u1')).code).toBe(ReservationCode.Ended);
    });
  });

  it('keeps a sale in its own hash-tag slot', () => {
    const saleId = newId();
    const keys = [saleDefinitionKey(saleId), ...salePool(saleId).scriptKeys];
    expect(new Set(keys.map((key) => /^\{[^}]+\}/.exec(key)?.[0]))).toEqual(new Set([`{sale:${saleId}}`]));
    expect(new Set(CATALOG_POOL.scriptKeys.map((key) => /^\{[^}]+\}/.exec(key)?.[0]))).toEqual(
      new Set(['{catalog}']),
    );
  });
});
