import type { Redis } from 'ioredis';
import { CATALOG_POOL, type PoolStats, ReservationCode, salePool } from '@api/holds';
import { CATALOG_STATS_KEY } from '@api/redis/redis-keys';
import { MINUTE_MS, newId, sleep } from '../support/fixtures/basics';
import { type HoldStores, StoreFixture } from '../support/fixtures/hold-stores';
import { paymentFor } from '../support/fixtures/payments';

const ZERO: PoolStats = {
  taken: 0,
  paid: 0,
  expired: 0,
  cancelled: 0,
  refunded: 0,
  sold: 0,
  rejected: { sold_out: 0, limit_reached: 0, not_active: 0, rate_limited: 0 },
};

/** A sale's stats: ZERO with the given counts. */
function stats(counts: Partial<Omit<PoolStats, 'rejected'>>, rejected: Partial<PoolStats['rejected']> = {}) {
  return { ...ZERO, ...counts, rejected: { ...ZERO.rejected, ...rejected } };
}

/**
 * The per-sale funnel (the stats hash) against the real Redis: each hold script counts in the same atomic
 * step as the change it counts, so the counts are exact under races and across processes.
 */
describe('sale stats (real Redis)', () => {
  const fixture = new StoreFixture();
  const { loaded, held } = fixture;
  let redis: Redis;
  let store: HoldStores;

  beforeAll(() => {
    ({ redis, store } = fixture);
  });

  it('starts at zero when the sale loads, and is absent before', async () => {
    const sale = fixture.unloaded();
    expect(await store.saleState.saleStats(sale.saleId)).toBeUndefined();
    await store.saleState.loadSale(sale);
    expect(await store.saleState.saleStats(sale.saleId)).toEqual(ZERO);
  });

  it('counts exactly under a race: 60 reserves on 10 units are 10 taken and 50 sold out', async () => {
    const sale = await loaded({ quantity: 10 });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        store.holds.reserve({ saleId: sale.saleId, userId: `u${i}`, quantity: 1 }),
      ),
    );
    expect(await store.saleState.saleStats(sale.saleId)).toEqual(stats({ taken: 10 }, { sold_out: 50 }));
  });

  it('counts each refusal by its reason; a replay counts nothing', async () => {
    const now = Date.now();
    const sale = await loaded({ quantity: 2, perUserLimit: 1 });
    const first = await store.holds.reserve({
      saleId: sale.saleId,
      userId: 'u1',
      quantity: 1,
      idempotencyKey: 'k1',
    });
    const replay = await store.holds.reserve({
      saleId: sale.saleId,
      userId: 'u1',
      quantity: 1,
      idempotencyKey: 'k1',
    });
    expect([first.code, replay.code]).toEqual([ReservationCode.Ok, ReservationCode.Replayed]);
    expect((await store.holds.reserve({ saleId: sale.saleId, userId: 'u1', quantity: 1 })).code).toBe(
      ReservationCode.LimitReached,
    );
    await held(sale, 'u2');
    expect((await store.holds.reserve({ saleId: sale.saleId, userId: 'u3', quantity: 1 })).code).toBe(
      ReservationCode.SoldOut,
    );
    expect(await store.saleState.saleStats(sale.saleId)).toEqual(
      stats({ taken: 2 }, { limit_reached: 1, sold_out: 1 }),
    );

    const upcoming = await loaded({
      startsAt: new Date(now + MINUTE_MS),
      endsAt: new Date(now + 2 * MINUTE_MS),
    });
    expect((await store.holds.reserve({ saleId: upcoming.saleId, userId: 'u1', quantity: 1 })).code).toBe(
      ReservationCode.NotActive,
    );
    expect(await store.saleState.saleStats(upcoming.saleId)).toEqual(stats({}, { not_active: 1 }));
  });

  it('counts what became of each hold: cancelled, expired, paid (with its units) and refunded', async () => {
    const sale = await loaded({ quantity: 10, perUserLimit: 3, reservationTtlSeconds: 0.3 });
    const cancelled = await held(sale, 'u1');
    const lapsing = await held(sale, 'u2');
    const paid = await held(sale, 'u3', 3);
    const mismatched = await held(sale, 'u4');
    expect((await store.holds.cancel(cancelled.id, 'u1')).code).toBe(ReservationCode.Cancelled);
    // Cancelling again, confirming again: the status does not move, so nothing is counted twice.
    expect((await store.holds.cancel(cancelled.id, 'u1')).code).toBe(ReservationCode.Ended);
    expect((await store.paymentHolds.confirm(paymentFor(paid))).code).toBe(ReservationCode.Paid);
    expect((await store.paymentHolds.confirm(paymentFor(paid))).code).toBe(ReservationCode.AlreadyPaid);
    const wrongAmount = { ...paymentFor(mismatched), amountCents: 1 };
    expect((await store.paymentHolds.confirm(wrongAmount)).code).toBe(ReservationCode.Mismatch);
    await sleep(350);
    expect(await store.holds.releaseExpired(salePool(sale.saleId))).toBe(1);
    expect((await store.holds.findHold(lapsing.id))?.status).toBe('expired');

    expect(await store.saleState.saleStats(sale.saleId)).toEqual(
      stats({ taken: 4, cancelled: 1, expired: 1, paid: 1, sold: 3, refunded: 1 }),
    );
  });

  it('gives cart holds their own stats hash in the catalogue pool', async () => {
    const product = newId();
    await store.catalogStock.loadStock(new Map([[product, 1]]));
    const line = { productId: product, quantity: 1, unitPriceCents: 500 };
    const outcomes = await Promise.all(
      ['u1', 'u2'].map((userId) =>
        store.holds.checkout({ userId, currency: 'usd', ttlSeconds: 0.2, lines: [line] }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.code).sort()).toEqual([
      ReservationCode.Ok,
      ReservationCode.SoldOut,
    ]);
    await sleep(250);
    expect(await store.holds.releaseExpired(CATALOG_POOL)).toBe(1);
    expect(await redis.hgetall(CATALOG_STATS_KEY)).toEqual({
      taken: '1',
      expired: '1',
      'rejected:sold_out': '1',
    });
  });
});
