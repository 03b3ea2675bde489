import type { Redis } from 'ioredis';
import { CATALOG_POOL, holdAmountCents, ReservationCode, salePool, type SaleSnapshot } from '@api/holds';
import { MINUTE_MS, newId, sleep } from '../support/fixtures/basics';
import { type HoldStores, StoreFixture } from '../support/fixtures/hold-stores';
import { paymentFor } from '../support/fixtures/payments';

const INTENT = { id: 'pi_store_1', clientSecret: 'pi_store_1_secret_x' };

/**
 * The payment scripts (attach-intent, confirm, complete, release-unpaid, claim-voided, audit-pool) against
 * the real Redis, including the races they exist to win. Each test uses fresh sales and deletes their keys.
 */
describe('HoldStores payments (real Redis)', () => {
  const fixture = new StoreFixture();
  const { loaded, held } = fixture;
  let redis: Redis;
  let store: HoldStores;

  beforeAll(() => {
    ({ redis, store } = fixture);
  });

  const stockOf = (sale: SaleSnapshot) => store.saleState.saleStock(sale.saleId, sale.productId);

  describe('attach-intent', () => {
    it('stores the first intent of many racing ones and extends the hold once by the grace', async () => {
      const sale = await loaded();
      const hold = await held(sale, 'u1');
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.paymentHolds.attachIntent(hold.id, 'u1', { id: `pi_race_${i}`, clientSecret: `s${i}` }, 5000),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.code === ReservationCode.Attached)).toHaveLength(1);
      const stored = await store.holds.findHold(hold.id);
      expect(
        new Set(outcomes.map((outcome) => ('hold' in outcome ? outcome.hold.paymentIntent?.id : ''))),
      ).toEqual(new Set([stored?.paymentIntent?.id]));
      expect(stored?.expiresAt).toBe(hold.expiresAt + 5000);
      expect(await redis.zscore(salePool(sale.saleId).keys.expiry, hold.id)).toBe(
        String(hold.expiresAt + 5000),
      );
    });

    it('refuses someone else’s hold, an ended hold and a lapsed one (which it releases)', async () => {
      const sale = await loaded({ quantity: 2, reservationTtlSeconds: 0.2 });
      const lapsing = await held(sale, 'u1');
      const cancelled = await held(sale, 'u2');
      expect((await store.paymentHolds.attachIntent(lapsing.id, 'u2', INTENT, 1000)).code).toBe(
        ReservationCode.NotFound,
      );
      await store.holds.cancel(cancelled.id, 'u2');
      expect((await store.paymentHolds.attachIntent(cancelled.id, 'u2', INTENT, 1000)).code).toBe(
        ReservationCode.Ended,
      );
      await sleep(250);
      expect((await store.paymentHolds.attachIntent(lapsing.id, 'u1', INTENT, 1000)).code).toBe(
        ReservationCode.Expired,
      );
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 0 });
    });
  });

  describe('confirm', () => {
    it('pays a hold once, however many confirms race', async () => {
      const sale = await loaded({ quantity: 3 });
      const hold = await held(sale, 'u1');
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => store.paymentHolds.confirm(paymentFor(hold))),
      );
      expect(outcomes.filter((outcome) => outcome.code === ReservationCode.Paid)).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.code === ReservationCode.AlreadyPaid)).toHaveLength(19);
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 1 });
      expect(await store.paymentHolds.settling(salePool(sale.saleId), Date.now() + 1000)).toEqual([hold.id]);
    });

    it('takes a late payment’s units again when free, within the limit and the sale', async () => {
      const sale = await loaded({ quantity: 2, reservationTtlSeconds: 0.2 });
      const hold = await held(sale, 'u1');
      await sleep(250);
      await store.holds.releaseExpired(salePool(sale.saleId));
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 0 });
      const late = await store.paymentHolds.confirm(paymentFor(hold));
      expect(late.code).toBe(ReservationCode.PaidLate);
      expect(await stockOf(sale)).toEqual({ free: 1, held: 0, sold: 1 });
      expect((await store.holds.reserve({ saleId: sale.saleId, userId: 'u1', quantity: 1 })).code).toBe(
        ReservationCode.LimitReached,
      );
    });

    it('refuses a late payment without free units, over the limit or after the sale: refunded, sticky', async () => {
      const sale = await loaded({ quantity: 1, reservationTtlSeconds: 0.2 });
      const first = await held(sale, 'u1');
      await store.holds.cancel(first.id, 'u1');
      const second = await held(sale, 'u2');
      const refused = await store.paymentHolds.confirm(paymentFor(first));
      expect(refused.code).toBe(ReservationCode.NoStock);
      expect(await store.holds.findHold(first.id)).toMatchObject({
        status: 'refunded',
        paidBy: 'pi_test_store',
      });
      await store.holds.cancel(second.id, 'u2');
      // The units are free now, but the first decision stands.
      expect((await store.paymentHolds.confirm(paymentFor(first))).code).toBe(ReservationCode.Refunded);
      expect(await stockOf(sale)).toEqual({ free: 1, held: 0, sold: 0 });

      const limited = await loaded({ quantity: 5, perUserLimit: 1 });
      const lapsed = await held(limited, 'u3');
      await store.holds.cancel(lapsed.id, 'u3');
      await held(limited, 'u3');
      expect((await store.paymentHolds.confirm(paymentFor(lapsed))).code).toBe(ReservationCode.NoStock);

      const ending = await loaded({ quantity: 5, endsAt: new Date(Date.now() + 300) });
      const lateHold = await held(ending, 'u4');
      await store.holds.cancel(lateHold.id, 'u4');
      await sleep(350);
      expect((await store.paymentHolds.confirm(paymentFor(lateHold))).code).toBe(ReservationCode.NoStock);
      expect(await store.saleState.saleStock(ending.saleId, ending.productId)).toEqual({
        free: 5,
        held: 0,
        sold: 0,
      });
    });

    it('refunds a wrong amount or currency (releasing an active hold) and a second intent', async () => {
      const sale = await loaded({ quantity: 3, perUserLimit: 3 });
      const wrong = await held(sale, 'u1');
      const mismatch = await store.paymentHolds.confirm({
        ...paymentFor(wrong),
        amountCents: holdAmountCents(wrong) + 1,
      });
      expect(mismatch.code).toBe(ReservationCode.Mismatch);
      const euro = await held(sale, 'u1');
      expect((await store.paymentHolds.confirm({ ...paymentFor(euro), currency: 'eur' })).code).toBe(
        ReservationCode.Mismatch,
      );
      expect(await stockOf(sale)).toEqual({ free: 3, held: 0, sold: 0 });

      const paid = await held(sale, 'u1');
      await store.paymentHolds.confirm(paymentFor(paid, 'pi_first'));
      expect((await store.paymentHolds.confirm(paymentFor(paid, 'pi_second'))).code).toBe(
        ReservationCode.OtherIntent,
      );
      expect(await stockOf(sale)).toEqual({ free: 2, held: 0, sold: 1 });
    });

    it('confirms cart holds with no sale window or limit', async () => {
      const product = newId();
      await store.catalogStock.loadStock(new Map([[product, 1]]));
      const outcome = await store.holds.checkout({
        userId: 'u1',
        currency: 'usd',
        ttlSeconds: 0.2,
        lines: [{ productId: product, quantity: 1, unitPriceCents: 700 }],
      });
      if (outcome.code !== ReservationCode.Ok) throw new Error(outcome.code);
      await sleep(250);
      await store.holds.releaseExpired(CATALOG_POOL);
      expect((await store.paymentHolds.confirm(paymentFor(outcome.hold))).code).toBe(
        ReservationCode.PaidLate,
      );
      expect(await store.catalogStock.productStock(product)).toEqual({ free: 0, held: 0, sold: 1 });
    });
  });

  describe('complete', () => {
    it('completes a paid hold once, naming its order; it stops settling', async () => {
      const sale = await loaded();
      const hold = await held(sale, 'u1');
      expect((await store.paymentHolds.complete(hold.id, 'order-1')).code).toBe(ReservationCode.NotPaid);
      await store.paymentHolds.confirm(paymentFor(hold));
      const outcomes = await Promise.all([
        store.paymentHolds.complete(hold.id, 'order-1'),
        store.paymentHolds.complete(hold.id, 'order-1'),
      ]);
      expect(outcomes.map((outcome) => outcome.code).sort()).toEqual([
        ReservationCode.AlreadyCompleted,
        ReservationCode.Completed,
      ]);
      expect(await store.holds.findHold(hold.id)).toMatchObject({ status: 'completed', orderId: 'order-1' });
      expect((await store.paymentHolds.confirm(paymentFor(hold))).code).toBe(ReservationCode.Completed);
      expect(await store.paymentHolds.settling(salePool(sale.saleId), Date.now() + 1000)).toEqual([]);
    });
  });

  describe('release-unpaid and the voided intents', () => {
    it('releases an active hold for its own intent only, and never a paid one', async () => {
      const sale = await loaded({ quantity: 3, perUserLimit: 3 });
      const hold = await held(sale, 'u1');
      await store.paymentHolds.attachIntent(hold.id, 'u1', INTENT, 0);
      expect((await store.paymentHolds.releaseUnpaid(hold.id, 'pi_other', true)).code).toBe(
        ReservationCode.Ignored,
      );
      expect((await store.paymentHolds.releaseUnpaid(hold.id, INTENT.id, true)).code).toBe(
        ReservationCode.Released,
      );
      expect(await stockOf(sale)).toEqual({ free: 3, held: 0, sold: 0 });
      expect((await store.paymentHolds.releaseUnpaid(hold.id, INTENT.id, true)).code).toBe(
        ReservationCode.Unchanged,
      );

      const paid = await held(sale, 'u1');
      await store.paymentHolds.attachIntent(paid.id, 'u1', { id: 'pi_paid', clientSecret: 's' }, 0);
      await store.paymentHolds.confirm(paymentFor(paid, 'pi_paid'));
      expect(await store.paymentHolds.releaseUnpaid(paid.id, 'pi_paid', true)).toEqual({
        code: ReservationCode.Unchanged,
        status: 'paid',
      });
    });

    it('queues the intents of holds that end unpaid, and leases each to one claimer', async () => {
      const sale = await loaded({ quantity: 5, perUserLimit: 5, reservationTtlSeconds: 0.2 });
      const pool = salePool(sale.saleId);
      const cancelled = await held(sale, 'u1');
      const lapsed = await held(sale, 'u1');
      const failed = await held(sale, 'u1');
      await store.paymentHolds.attachIntent(cancelled.id, 'u1', { id: 'pi_cancelled', clientSecret: 's' }, 0);
      await store.paymentHolds.attachIntent(lapsed.id, 'u1', { id: 'pi_lapsed', clientSecret: 's' }, 0);
      await store.paymentHolds.attachIntent(
        failed.id,
        'u1',
        { id: 'pi_already_cancelled', clientSecret: 's' },
        0,
      );
      await store.holds.cancel(cancelled.id, 'u1');
      await store.paymentHolds.releaseUnpaid(failed.id, 'pi_already_cancelled', false);
      await sleep(250);
      await store.holds.releaseExpired(pool);

      const claims = await Promise.all(
        Array.from({ length: 5 }, () => store.paymentHolds.claimVoided(pool, 10, MINUTE_MS)),
      );
      expect(claims.flat().sort()).toEqual(['pi_cancelled', 'pi_lapsed']);
      expect(await store.paymentHolds.claimVoided(pool, 10, MINUTE_MS)).toEqual([]);
      await store.paymentHolds.voidDone(pool, 'pi_cancelled');
      expect(await redis.zrange(pool.keys.voided, 0, -1)).toEqual(['pi_lapsed']);
    });

    it('stops voiding an intent that pays late', async () => {
      const sale = await loaded({ quantity: 2 });
      const pool = salePool(sale.saleId);
      const hold = await held(sale, 'u1');
      await store.paymentHolds.attachIntent(hold.id, 'u1', INTENT, 0);
      await store.holds.cancel(hold.id, 'u1');
      expect(await redis.zrange(pool.keys.voided, 0, -1)).toEqual([INTENT.id]);
      expect((await store.paymentHolds.confirm(paymentFor(hold, INTENT.id))).code).toBe(
        ReservationCode.PaidLate,
      );
      expect(await redis.zrange(pool.keys.voided, 0, -1)).toEqual([]);
    });
  });

  describe('audit-pool', () => {
    it('snapshots counters, active units and the paid holds still settling', async () => {
      const sale = await loaded({ quantity: 5, perUserLimit: 5 });
      const pool = salePool(sale.saleId);
      await held(sale, 'u1', 2);
      const paid = await held(sale, 'u2', 1);
      await store.paymentHolds.confirm(paymentFor(paid));
      const audit = await store.paymentHolds.auditPool(pool, 100);
      expect(audit).toEqual({
        stock: new Map([[sale.productId, { free: 2, held: 2, sold: 1 }]]),
        active: new Map([[sale.productId, 2]]),
        settlingUnits: new Map([[sale.productId, 1]]),
        settlingIds: [paid.id],
      });
      expect(await store.paymentHolds.auditPool(pool, 0)).toBeUndefined();
    });
  });

  it('keeps a paid hold that is still settling when its ended holds are pruned', async () => {
    const sale = await loaded({ quantity: 2, perUserLimit: 2 });
    const pool = salePool(sale.saleId);
    const paid = await held(sale, 'u1');
    const gone = await held(sale, 'u1');
    await store.paymentHolds.confirm(paymentFor(paid));
    await store.holds.cancel(gone.id, 'u1');
    await sleep(20);
    // A retention of 0 ms: everything that ended is old enough to forget.
    await redis.flashSaleReleaseExpired(...pool.scriptKeys, 100, 0, pool.channel, pool.tag);
    expect(await store.holds.findHold(gone.id)).toBeUndefined();
    expect((await store.holds.findHold(paid.id))?.status).toBe('paid');
  });
});
