import type { FlashSale, QueueTicket, SaleOperations } from '@flashline/contracts';
import { HoldsStore, PaymentHoldsStore } from '@api/holds';
import { saleLineAdmittedKey, saleLineTicketsKey } from '@api/redis';
import { expectErrorBody } from '../support/http/auth';
import { eventually, NO_RATE_LIMITS, sleep } from '../support/fixtures/basics';
import { deleteTagged } from '../support/fixtures/hold-stores';
import { bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { payable } from '../support/fixtures/payments';
import { SaleTestBed } from '../support/http/sale-test-bed';
import { createTestApp, type TestApp } from '../support/http/test-app';

/** Every rule of the contract's "Waiting room" over HTTP, on one in-process app (its ticker admits). */
describe('waiting room over HTTP: /api/flash-sales/:id/queue', () => {
  const bed = new SaleTestBed({ shoppers: 12 });
  const FAST = { admitPerSecond: 1000, admissionSeconds: 60 };

  const queueUrl = (saleId: string) => `/api/flash-sales/${saleId}/queue`;
  const join = (saleId: string, shopper: Shopper) =>
    bed.app.http.post(queueUrl(saleId)).set(...bearer(shopper));
  const ticketOf = (saleId: string, shopper: Shopper) =>
    bed.app.http.get(queueUrl(saleId)).set(...bearer(shopper));
  const leave = (saleId: string, shopper: Shopper) =>
    bed.app.http.delete(queueUrl(saleId)).set(...bearer(shopper));
  const reserve = (saleId: string, shopper: Shopper) =>
    bed.app.http
      .post(`/api/flash-sales/${saleId}/reservations`)
      .set(...bearer(shopper))
      .send({ quantity: 1 });
  const lineSale = async (overrides: Record<string, unknown> = {}): Promise<FlashSale> =>
    bed.fx.sale(bed.admin, (await bed.fx.product({ stock: 50 })).id, { waitingRoom: FAST, ...overrides });
  const statusOf = async (saleId: string, shopper: Shopper) =>
    ((await ticketOf(saleId, shopper)).body as QueueTicket).status;
  const admitted = (saleId: string, shopper: Shopper) =>
    eventually(async () => (await statusOf(saleId, shopper)) === 'admitted', 5000);

  describe('the sale', () => {
    it('stores the settings with their defaults, null for a sale without a line, and refuses bad ones', async () => {
      const product = await bed.fx.product({ stock: 50 });
      const withDefaults = await bed.fx.sale(bed.admin, product.id, { waitingRoom: {}, quantity: 1 });
      expect(withDefaults.waitingRoom).toEqual({ admitPerSecond: 20, admissionSeconds: 120 });
      expect((await bed.app.http.get(`/api/flash-sales/${withDefaults.id}`)).body).toMatchObject({
        waitingRoom: { admitPerSecond: 20, admissionSeconds: 120 },
      });
      expect((await bed.fx.sale(bed.admin, product.id, { quantity: 1 })).waitingRoom).toBeNull();
      for (const waitingRoom of [
        { admitPerSecond: 0 },
        { admissionSeconds: 5 },
        { admitPerSecond: 1.5 },
        null,
      ]) {
        const response = await bed.app.http
          .post('/api/flash-sales')
          .set('Authorization', `Bearer ${bed.admin}`)
          .send({
            productId: product.id,
            salePriceCents: 100,
            quantity: 1,
            startsAt: new Date().toISOString(),
            endsAt: new Date(Date.now() + 60_000).toISOString(),
            waitingRoom,
          });
        expectErrorBody(response, 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('joining, reading, leaving', () => {
    it('answers 201 a new ticket, 200 the same one again; GET it; 404 when not in line; DELETE 204', async () => {
      const sale = await lineSale({ quantity: 5 });
      const [a, b] = bed.shoppers;
      const first = await join(sale.id, a);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        saleId: sale.id,
        number: 1,
        joinedAt: expect.any(String) as string,
      });
      const again = await join(sale.id, a);
      expect(again.status).toBe(200);
      expect((again.body as QueueTicket).number).toBe(1);
      expect((await ticketOf(sale.id, a)).status).toBe(200);
      expectErrorBody(await ticketOf(sale.id, b), 404, 'NOT_FOUND');
      expect((await leave(sale.id, a)).status).toBe(204);
      expect((await leave(sale.id, a)).status).toBe(204);
      expectErrorBody(await ticketOf(sale.id, a), 404, 'NOT_FOUND');
    });

    it('answers 404 for a sale without a line or an unknown sale, 400 for a bad id, 401 without a token', async () => {
      const plain = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 1 });
      expectErrorBody(await join(plain.id, bed.shoppers[0]), 404, 'NOT_FOUND');
      expectErrorBody(await join('665f1c2ab1e4c2a9d0a1b2c3', bed.shoppers[0]), 404, 'NOT_FOUND');
      expectErrorBody(await join('nope', bed.shoppers[0]), 400, 'VALIDATION_FAILED');
      expectErrorBody(await bed.app.http.post(queueUrl(plain.id)), 401, 'UNAUTHENTICATED');
    });

    it('gives early joiners no number before startsAt, then numbers from the draw, then admits them', async () => {
      const sale = await lineSale({ quantity: 5, startsAt: new Date(Date.now() + 1500).toISOString() });
      const early = bed.shoppers.slice(0, 4);
      for (const shopper of early) {
        const response = await join(sale.id, shopper);
        expect(response.status).toBe(201);
        expect(response.body).toMatchObject({ status: 'waiting', number: null, position: null });
        expect((response.body as QueueTicket).estimatedWaitSeconds).toBeNull();
      }
      expect(await eventually(async () => (await statusOf(sale.id, early[0])) === 'admitted', 5000)).toBe(
        true,
      );
      const tickets = await Promise.all(
        early.map(async (shopper) => (await ticketOf(sale.id, shopper)).body as QueueTicket),
      );
      expect(tickets.map((ticket) => ticket.number).sort()).toEqual([1, 2, 3, 4]);
      for (const ticket of tickets) {
        expect(ticket).toMatchObject({ status: 'admitted', position: 0, estimatedWaitSeconds: 0 });
        expect(Date.parse(ticket.admittedUntil ?? '')).toBeGreaterThan(Date.now() + 50_000);
      }
    });
  });

  describe('reserving', () => {
    it('refuses 409 NOT_ADMITTED without an admission; an admitted reserve is 201 and uses the ticket', async () => {
      const sale = await lineSale({ quantity: 5 });
      const [shopper, stranger] = bed.shoppers;
      expectErrorBody(await reserve(sale.id, stranger), 409, 'NOT_ADMITTED');
      await join(sale.id, shopper);
      expect(await admitted(sale.id, shopper)).toBe(true);
      expect((await reserve(sale.id, shopper)).status).toBe(201);
      expect(await statusOf(sale.id, shopper)).toBe('used');
      expect((await join(sale.id, shopper)).status).toBe(200); // still the same (used) ticket
    });

    it('expires a lapsed admission (the reserve is refused) and lets the shopper join again at the back', async () => {
      const sale = await lineSale({ quantity: 5 });
      const [slow, other] = bed.shoppers;
      await join(sale.id, slow);
      expect(await admitted(sale.id, slow)).toBe(true);
      await join(sale.id, other);
      // The admission lapses now, as 60 s passing would.
      const lapsed = { s: 'admitted', n: 1, j: Date.now(), a: Date.now() - 1 };
      await bed.app.redis.hset(saleLineTicketsKey(sale.id), slow.id, JSON.stringify(lapsed));
      await bed.app.redis.zadd(saleLineAdmittedKey(sale.id), lapsed.a, slow.id);
      expectErrorBody(await reserve(sale.id, slow), 409, 'NOT_ADMITTED');
      expect(await statusOf(sale.id, slow)).toBe('expired');
      const back = await join(sale.id, slow);
      expect(back.status).toBe(201);
      expect(back.body).toMatchObject({ number: 3 });
    });
  });

  describe('closing the line', () => {
    it('reads every waiting ticket sold_out as soon as the last unit is paid; the stream says so too', async () => {
      const sale = await lineSale({ quantity: 1, waitingRoom: { admitPerSecond: 1, admissionSeconds: 60 } });
      const [buyer, ...waiters] = bed.shoppers.slice(0, 8);
      await join(sale.id, buyer);
      expect(await admitted(sale.id, buyer)).toBe(true);
      for (const waiter of waiters) await join(sale.id, waiter);
      const stream = await bed.saleStream(sale);
      try {
        const reservation = (await reserve(sale.id, buyer)).body as { id: string };
        const hold = await bed.app.app.get(HoldsStore).findHold(reservation.id);
        if (!hold) throw new Error('no hold');
        // Held, not sold: the waiters keep their places.
        expect(new Set(await Promise.all(waiters.map((w) => statusOf(sale.id, w))))).toEqual(
          new Set(['waiting']),
        );
        const paymentHolds = bed.app.app.get(PaymentHoldsStore);
        await paymentHolds.confirm(await payable(paymentHolds, hold));
        const soldAt = Date.now();
        // Every waiting ticket reads sold_out in the very step the unit was sold.
        expect(new Set(await Promise.all(waiters.map((w) => statusOf(sale.id, w))))).toEqual(
          new Set(['sold_out']),
        );
        const closed = await stream.waitFor(
          (event) => event.queue?.waiting === 0 && event.status === 'sold_out',
          2000,
        );
        expect(closed.queue).toEqual({ waiting: 0, admittedUpTo: 1 });
        // The unit left the buyer's cart for good: none held, and a waiting-room sale's messages say so too.
        expect(closed.held).toBe(0);
        // One admission step (100 ms a process) plus the stream's coalescing (100 ms), with room for a busy machine.
        expect(Date.now() - soldAt).toBeLessThan(1000);
        expect(stream.events.every((event) => event.queue !== undefined)).toBe(true);
        expect(stream.events.every((event) => typeof event.held === 'number')).toBe(true);
        expect((await join(sale.id, bed.shoppers[10])).body).toMatchObject({
          status: 'sold_out',
          number: null,
        });
      } finally {
        stream.close();
      }
    });

    it('reads waiting tickets ended once the sale ends', async () => {
      const sale = await lineSale({ quantity: 5, endsAt: new Date(Date.now() + 1500).toISOString() });
      const [shopper] = bed.shoppers;
      await join(sale.id, shopper);
      await sleep(Math.max(0, Date.parse(sale.endsAt) - Date.now()) + 50);
      expect(await statusOf(sale.id, shopper)).toBe('ended');
      const late = await join(sale.id, bed.shoppers[1]);
      expect(late.status).toBe(200);
      expect(late.body).toMatchObject({ status: 'ended' });
    });
  });

  describe('operations and Redis losing the line', () => {
    it('shows the line in the operations snapshot', async () => {
      const sale = await lineSale({ quantity: 5 });
      await join(sale.id, bed.shoppers[0]);
      expect(await admitted(sale.id, bed.shoppers[0])).toBe(true);
      const response = await bed.app.http
        .get(`/api/admin/flash-sales/${sale.id}/operations`)
        .set('Authorization', `Bearer ${bed.admin}`);
      expect((response.body as SaleOperations).waitingRoom).toMatchObject({
        waiting: 0,
        admitted: 1,
        used: 0,
        expired: 0,
        drawnAt: expect.any(String) as string,
      });
    });

    it('after a flush: GET is 404, the page joins again (a new line), nobody reserves without a new admission', async () => {
      const sale = await lineSale({ quantity: 5 });
      const [shopper] = bed.shoppers;
      await join(sale.id, shopper);
      expect(await admitted(sale.id, shopper)).toBe(true);
      await deleteTagged(bed.app.redis, `sale:${sale.id}`);
      expectErrorBody(await reserve(sale.id, shopper), 409, 'NOT_ADMITTED');
      expectErrorBody(await ticketOf(sale.id, shopper), 404, 'NOT_FOUND');
      const again = await join(sale.id, shopper);
      expect(again.status).toBe(201);
      expect(await admitted(sale.id, shopper)).toBe(true);
      expect((await reserve(sale.id, shopper)).status).toBe(201);
    });
  });
});

/**
 * Joining is the flash crowd's request: its rate limit is counted by join.lua, in the join's one round trip.
 * The sale is made through a bed without limits; only the joins go through an app whose default limit is low,
 * so no other spec's admin or shopper spends its budget here.
 */
describe('waiting room: the join rate limit', () => {
  const LIMIT = 6;
  const bed = new SaleTestBed({ shoppers: 1 });
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ ...NO_RATE_LIMITS, RATE_LIMIT_DEFAULT_LIMIT: String(LIMIT) });
  });
  afterAll(() => limited.close());

  it('refuses the join over the default limit with 429 + Retry-After, counted per sale by the script, not the guard', async () => {
    const [shopper] = bed.shoppers;
    const product = await bed.fx.product({ stock: 5 });
    const sale = await bed.fx.sale(bed.admin, product.id, { waitingRoom: {}, quantity: 1 });
    const join = () => limited.http.post(`/api/flash-sales/${sale.id}/queue`).set(...bearer(shopper));
    expect((await join()).status).toBe(201);
    for (let i = 1; i < LIMIT; i++) expect((await join()).status).toBe(200);
    const refused = await join();
    expectErrorBody(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The guard counted none of the joins: the shopper's budget on every other route is whole.
    expect((await limited.http.get('/api/auth/me').set(...bearer(shopper))).status).toBe(200);
  });
});
