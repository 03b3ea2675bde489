import { ReservationCode, salePool, type SaleSnapshot } from '@api/holds';
import { saleDefinitionKey, saleLineKey } from '@api/redis';
import { MINUTE_MS, sleep } from '../support/fixtures/basics';
import type { StoredTicket } from '@api/waiting-room/waiting-room.store';
import { CHI_SQUARE_9_DF_P001, chiSquare, LineFixture } from '../support/fixtures/waiting-room';

/**
 * Every waiting-room script against the real Redis, with the races each exists to win: concurrent joins,
 * two draws at once, admission from three clients (as three API processes), a reserve racing an expiry.
 */
describe('WaitingRoomStore (real Redis)', () => {
  const fixture = new LineFixture(3);
  const { loaded } = fixture;
  const upcoming = (overrides: Partial<SaleSnapshot> = {}) =>
    loaded({ startsAt: new Date(Date.now() + MINUTE_MS), ...overrides });

  const ticketOf = async (sale: SaleSnapshot, userId: string): Promise<StoredTicket | undefined> => {
    const outcome = await fixture.line.ticket(sale.saleId, userId);
    return outcome.code === 'TICKET' ? outcome.ticket : undefined;
  };
  const join = async (sale: SaleSnapshot, userId: string, line = fixture.line) => {
    const outcome = await line.join(sale.saleId, userId);
    if (!('ticket' in outcome)) throw new Error(outcome.code);
    return outcome;
  };
  const users = (count: number, prefix = 'u') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const admitUntilIdle = async (sale: SaleSnapshot) => {
    for (let i = 0; i < 100; i++) {
      const outcome = await fixture.line.admit(sale.saleId);
      if (outcome.code !== 'OK' || outcome.line.admittedNow === 0) return;
    }
  };

  describe('join', () => {
    it('numbers later joiners in arrival order, one ticket per shopper, the same ticket again', async () => {
      const sale = await loaded({ quantity: 5 });
      const first = await join(sale, 'a');
      expect(first.code).toBe('JOINED');
      expect(first.ticket).toMatchObject({ status: 'waiting', number: 1, position: 1 });
      expect((await join(sale, 'b')).ticket).toMatchObject({ number: 2, position: 2 });
      const again = await join(sale, 'a');
      expect(again.code).toBe('EXISTING');
      expect(again.ticket).toEqual(first.ticket);
    });

    it('counts the join against its rate limits in the same call, and over one refuses before anything else', async () => {
      const sale = await loaded({ quantity: 5 });
      const limit = { name: 'queue-user', key: `queue-user:${sale.saleId}`, limit: 2, windowMs: 10_000 };
      expect((await fixture.line.join(sale.saleId, 'a', [limit])).code).toBe('JOINED');
      expect((await fixture.line.join(sale.saleId, 'a', [limit])).code).toBe('EXISTING');
      const refused = await fixture.line.join(sale.saleId, 'b', [limit]);
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', limit });
      expect(refused.code === 'RATE_LIMITED' && refused.retryAfterMs).toBeGreaterThan(9_000);
      expect(await ticketOf(sale, 'b')).toBeUndefined();
    });

    it('gives 1,000 racing joins from three clients dense, unique numbers, one per shopper', async () => {
      const sale = await loaded({ quantity: 5 });
      const shoppers = users(1000);
      // Every shopper twice, from different clients, all at once.
      const outcomes = await Promise.all(
        [...shoppers, ...shoppers].map((user, i) => join(sale, user, fixture.lines[i % 3])),
      );
      expect(outcomes.filter((outcome) => outcome.code === 'JOINED')).toHaveLength(1000);
      const tickets = await fixture.tickets(sale);
      expect(tickets.size).toBe(1000);
      const numbers = [...tickets.values()].map((ticket) => ticket.n).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    });

    it('makes an early joiner before startsAt: no number, no position until the draw', async () => {
      const sale = await upcoming();
      expect((await join(sale, 'early')).ticket).toMatchObject({
        status: 'waiting',
        number: 0,
        position: -1,
      });
    });

    it('refuses a sale without a waiting room, and asks for a sale that is not loaded', async () => {
      const plain = await loaded({ waitingRoom: null });
      expect(await fixture.line.join(plain.saleId, 'a')).toEqual({ code: 'NO_LINE' });
      const unloaded = fixture.unloaded();
      expect(await fixture.line.join(unloaded.saleId, 'a')).toEqual({ code: 'NOT_LOADED' });
    });
  });

  describe('the draw', () => {
    it('runs once when two clients run it at once, numbering early joiners 1..n ahead of later ones', async () => {
      const sale = await upcoming();
      const early = users(50, 'e');
      await Promise.all(early.map((user) => join(sale, user)));
      await fixture.startNow(sale);
      const [a, b] = await Promise.all([
        fixture.lines[0].admit(sale.saleId),
        fixture.lines[1].admit(sale.saleId),
      ]);
      expect(a.code === 'OK' && b.code === 'OK' && a.line.drawnAt === b.line.drawnAt).toBe(true);
      const late = await join(sale, 'late');
      expect(late.ticket.number).toBe(51);
      const numbers = [...(await fixture.tickets(sale)).values()].map((ticket) => ticket.n);
      expect(numbers.sort((x, y) => x - y)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      // A second draw would renumber: the numbers seen now are the ones the first draw gave.
      const before = await fixture.tickets(sale);
      await fixture.lines[2].admit(sale.saleId);
      for (const [user, ticket] of await fixture.tickets(sale)) expect(ticket.n).toBe(before.get(user)?.n);
    });

    it('gives each of 10 early joiners an even chance of first place (chi-square); a biased shuffle fails', async () => {
      const DRAWS = 1200;
      const firsts = new Array<number>(10).fill(0);
      const early = users(10, 'j');
      for (let draw = 0; draw < DRAWS; draw++) {
        const sale = await upcoming({ quantity: 1 });
        await Promise.all(early.map((user) => join(sale, user)));
        await fixture.startNow(sale);
        const tickets = await Promise.all(early.map((user) => ticketOf(sale, user)));
        firsts[tickets.findIndex((ticket) => ticket?.number === 1)] += 1;
        await fixture.redis.del(...(await fixture.redis.keys(`{sale:${sale.saleId}}:*`)));
      }
      expect(chiSquare(firsts)).toBeLessThan(CHI_SQUARE_9_DF_P001);

      // The same test on a shuffle known to be biased (sorting by a random comparator) must fail.
      const biased = new Array<number>(10).fill(0);
      for (let draw = 0; draw < DRAWS; draw++) {
        const order = [...early.keys()].sort(() => Math.random() - 0.5);
        biased[order[0]] += 1;
      }
      expect(chiSquare(biased)).toBeGreaterThan(CHI_SQUARE_9_DF_P001);
    }, 120_000);
  });

  describe('admission', () => {
    it('admits in join order exactly after startsAt', async () => {
      const sale = await loaded({
        quantity: 100,
        waitingRoom: { admitPerSecond: 1000, admissionSeconds: 60 },
      });
      const order = users(30);
      for (const user of order) await join(sale, user);
      await admitUntilIdle(sale);
      const tickets = await fixture.tickets(sale);
      const admitted = order.map((user) => tickets.get(user)).filter((ticket) => ticket?.s === 'admitted');
      expect(admitted.length).toBeGreaterThan(0);
      expect(admitted.map((ticket) => ticket?.n)).toEqual(admitted.map((_, i) => i + 1));
      const upTo = Number(await fixture.redis.hget(saleLineKey(sale.saleId), 'upTo'));
      expect(upTo).toBe(admitted.length);
    });

    it('never admits more than admitPerSecond in any second, nor beyond free units, from three clients', async () => {
      const rate = 10;
      const sale = await loaded({
        quantity: 25,
        waitingRoom: { admitPerSecond: rate, admissionSeconds: 60 },
      });
      for (const user of users(200)) await join(sale, user);
      const unusedAboveFree: number[] = [];
      const until = Date.now() + 3500;
      await Promise.all(
        fixture.lines.map(async (line) => {
          while (Date.now() < until) {
            const outcome = await line.admit(sale.saleId);
            if (outcome.code === 'OK' && outcome.line.admitted > 25)
              unusedAboveFree.push(outcome.line.admitted);
            await sleep(20);
          }
        }),
      );
      const admittedAt = [...(await fixture.tickets(sale)).values()]
        .filter((ticket) => ticket.a !== undefined)
        .map((ticket) => (ticket.a ?? 0) - 60_000)
        .sort((a, b) => a - b);
      // Some 3.5 s at 10 a second: about 35 admissions, capped at the 25 free units.
      expect(admittedAt).toHaveLength(25);
      for (const at of admittedAt) {
        expect(admittedAt.filter((other) => other > at - 1000 && other <= at).length).toBeLessThanOrEqual(
          rate,
        );
      }
      expect(unusedAboveFree).toEqual([]);
    });

    it('admits nobody while no unit is free, and lets the line move again when a hold lapses', async () => {
      const sale = await loaded({
        quantity: 1,
        reservationTtlSeconds: 0.3,
        waitingRoom: { admitPerSecond: 1000, admissionSeconds: 60 },
      });
      await join(sale, 'buyer');
      await join(sale, 'next');
      await admitUntilIdle(sale);
      expect((await ticketOf(sale, 'buyer'))?.status).toBe('admitted');
      expect((await ticketOf(sale, 'next'))?.status).toBe('waiting');
      expect(
        (await fixture.store.holds.reserve({ saleId: sale.saleId, userId: 'buyer', quantity: 1 })).code,
      ).toBe(ReservationCode.Ok);
      expect((await ticketOf(sale, 'buyer'))?.status).toBe('used');
      await admitUntilIdle(sale);
      // The unit is held (not sold): the next shopper keeps the place and is not let in to find nothing.
      expect(await ticketOf(sale, 'next')).toMatchObject({ status: 'waiting', position: 1 });
      await sleep(400);
      await fixture.store.holds.releaseExpired(salePool(sale.saleId));
      await admitUntilIdle(sale);
      expect((await ticketOf(sale, 'next'))?.status).toBe('admitted');
    });

    it('expires a lapsed admission; its shopper joins again at the back', async () => {
      const sale = await loaded({
        quantity: 10,
        waitingRoom: { admitPerSecond: 1000, admissionSeconds: 60 },
      });
      await join(sale, 'slow');
      await admitUntilIdle(sale);
      await join(sale, 'other');
      // Lapse the admission now (as 60 s passing would).
      const lapsed = { s: 'admitted', n: 1, j: Date.now(), a: Date.now() - 1 };
      await fixture.redis.hset(`{sale:${sale.saleId}}:line:tickets`, 'slow', JSON.stringify(lapsed));
      await fixture.redis.zadd(`{sale:${sale.saleId}}:line:admitted`, lapsed.a, 'slow');
      expect((await ticketOf(sale, 'slow'))?.status).toBe('expired');
      const again = await join(sale, 'slow');
      expect(again.code).toBe('JOINED');
      expect(again.ticket).toMatchObject({ status: 'waiting', number: 3 });
    });
  });

  describe('reserve on a waiting-room sale', () => {
    it('refuses NOT_ADMITTED without an admission, takes the hold with one and marks it used', async () => {
      const sale = await loaded({ quantity: 3, waitingRoom: { admitPerSecond: 1000, admissionSeconds: 60 } });
      const reserve = (userId: string) =>
        fixture.store.holds.reserve({ saleId: sale.saleId, userId, quantity: 1 });
      expect((await reserve('stranger')).code).toBe(ReservationCode.NotAdmitted);
      await join(sale, 'waiter');
      expect((await reserve('waiter')).code).toBe(ReservationCode.NotAdmitted);
      await admitUntilIdle(sale);
      expect((await reserve('waiter')).code).toBe(ReservationCode.Ok);
      expect((await ticketOf(sale, 'waiter'))?.status).toBe('used');
      expect(await fixture.store.saleState.saleStock(sale.saleId, sale.productId)).toEqual({
        free: 2,
        held: 1,
        sold: 0,
      });
    });

    it('decides a reserve racing the admission’s expiry one way, never both', async () => {
      for (let round = 0; round < 20; round++) {
        const sale = await loaded({
          quantity: 2,
          waitingRoom: { admitPerSecond: 1000, admissionSeconds: 60 },
        });
        await join(sale, 'racer');
        await admitUntilIdle(sale);
        // The admission lapses a few ms from now; a reserve and an expiry step race it.
        const until = Date.now() + (round % 5);
        const ticket = { s: 'admitted', n: 1, j: Date.now(), a: until };
        await fixture.redis.hset(`{sale:${sale.saleId}}:line:tickets`, 'racer', JSON.stringify(ticket));
        await fixture.redis.zadd(`{sale:${sale.saleId}}:line:admitted`, until, 'racer');
        const [reserved] = await Promise.all([
          fixture.store.holds.reserve({ saleId: sale.saleId, userId: 'racer', quantity: 1 }),
          fixture.lines[1].admit(sale.saleId),
        ]);
        const after = await ticketOf(sale, 'racer');
        const stock = await fixture.store.saleState.saleStock(sale.saleId, sale.productId);
        if (reserved.code === ReservationCode.Ok) {
          expect(after?.status).toBe('used');
          expect(stock).toEqual({ free: 1, held: 1, sold: 0 });
        } else {
          expect(reserved.code).toBe(ReservationCode.NotAdmitted);
          expect(after?.status).toBe('expired');
          expect(stock).toEqual({ free: 2, held: 0, sold: 0 });
        }
      }
    });

    it('changes nothing for a sale without a waiting room', async () => {
      const sale = await loaded({ quantity: 1, waitingRoom: null });
      expect(
        (await fixture.store.holds.reserve({ saleId: sale.saleId, userId: 'a', quantity: 1 })).code,
      ).toBe(ReservationCode.Ok);
      expect(await fixture.redis.exists(saleLineKey(sale.saleId))).toBe(0);
    });
  });

  describe('honesty and leaving', () => {
    it('reads every waiting ticket sold_out in the step the last unit is sold, ended once the sale ends', async () => {
      const sale = await loaded({ quantity: 1, waitingRoom: { admitPerSecond: 1000, admissionSeconds: 60 } });
      for (const user of users(50)) await join(sale, user);
      await admitUntilIdle(sale);
      const hold = await fixture.store.holds.reserve({ saleId: sale.saleId, userId: 'u0', quantity: 1 });
      expect(hold.code).toBe(ReservationCode.Ok);
      expect((await ticketOf(sale, 'u49'))?.status).toBe('waiting'); // held, not sold: places are kept
      await fixture.redis.hset(
        `{sale:${sale.saleId}}:stock`,
        `held:${sale.productId}`,
        0,
        `sold:${sale.productId}`,
        1,
      );
      const statuses = await Promise.all(
        users(49)
          .slice(1)
          .map((user) => ticketOf(sale, user)),
      );
      expect(new Set(statuses.map((ticket) => ticket?.status))).toEqual(new Set(['sold_out']));
      expect((await join(sale, 'late')).code).toBe('CLOSED');
      await fixture.redis.hset(saleDefinitionKey(sale.saleId), 'endsAt', Date.now() - 1);
      expect((await ticketOf(sale, 'u20'))?.status).toBe('ended');
      expect((await ticketOf(sale, 'u0'))?.status).toBe('used');
    });

    it('gives up an unused admission on leaving: its unit is free for the next shopper', async () => {
      const sale = await loaded({ quantity: 1, waitingRoom: { admitPerSecond: 1000, admissionSeconds: 60 } });
      await join(sale, 'first');
      await join(sale, 'second');
      await admitUntilIdle(sale);
      expect((await ticketOf(sale, 'second'))?.status).toBe('waiting');
      expect(await fixture.line.leave(sale.saleId, 'first')).toBe(true);
      expect(await fixture.line.leave(sale.saleId, 'first')).toBe(false);
      expect(await ticketOf(sale, 'first')).toBeUndefined();
      await admitUntilIdle(sale);
      expect((await ticketOf(sale, 'second'))?.status).toBe('admitted');
    });
  });
});
