import type { FlashSale, QueueTicket } from '@flashline/contracts';
import { saleDefinitionKey, saleLineKey } from '@api/redis';
import { callJson, useProcessBed } from '../support/processes/process-bed';
import { signInAdmin } from '../support/http/auth';
import { sleep } from '../support/fixtures/basics';
import type { Shopper } from '../support/fixtures/sale-fixtures';
import { workerPortBase } from '../support/processes/ports';

/** Ports 3700-3799, apart per jest worker and per test run. */
const PORT_BASE = workerPortBase(3700, 10);
const SHOPPERS = 1000;
const UNITS = 30;
const RATE = 20;

/**
 * The line as production runs it: three API processes (the built app: `npx nest build api` first), each
 * stepping the same line on its own timer. 1,000 shoppers join at once before startsAt, spread over the
 * processes; at startsAt the three race the draw; then all three admit.
 */
describe('waiting room across API processes', () => {
  const bed = useProcessBed(PORT_BASE);

  it(`draws ${SHOPPERS} early joiners once, then admits at most ${RATE}/s and never beyond ${UNITS} free units`, async () => {
    const { app, fx, apis } = bed;
    const shoppers: Shopper[] = await fx.shoppers(SHOPPERS);
    const admin = (await signInAdmin(app)).accessToken;
    const product = await fx.product({ stock: 100 });
    // Far ahead, so every join is early however busy the machine; the start is then moved (below).
    let startsAt = Date.now() + 60 * 60_000;
    const created = await callJson<FlashSale>('POST', `${apis[0].url}/api/flash-sales`, admin, {
      productId: product.id,
      salePriceCents: 4900,
      quantity: UNITS,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 10 * 60_000).toISOString(),
      waitingRoom: { admitPerSecond: RATE, admissionSeconds: 60 },
    });
    expect(created.status).toBe(201);
    const sale = created.body;
    fx.saleIds.push(sale.id);
    const queue = (i: number) => `${apis[i % 3].url}/api/flash-sales/${sale.id}/queue`;

    // Every shopper joins twice at once, through two different processes. A 503 (a Redis command timing
    // out on an overloaded machine) is retried as the page does: joining is idempotent.
    const joinOnce = async (i: number, token: string) => {
      for (let attempt = 0; ; attempt++) {
        const join = await callJson<QueueTicket>('POST', queue(i + attempt), token);
        if (join.status !== 503 || attempt === 4) return join;
        await sleep(200);
      }
    };
    const joins = await Promise.all(
      [...shoppers, ...shoppers].map((shopper, i) => joinOnce(i, shopper.token)),
    );
    expect(joins.filter((join) => join.status !== 201 && join.status !== 200)).toEqual([]);
    expect(joins.filter((join) => join.status === 201)).toHaveLength(SHOPPERS);
    expect(joins.filter((join) => join.status === 200)).toHaveLength(SHOPPERS);
    expect(joins.every((join) => join.body.number === null && join.body.status === 'waiting')).toBe(true);

    // The sale starts now (its Redis definition is what the scripts read): the three processes' timers
    // race the draw; then they admit for ~2.5 s.
    startsAt = Date.now();
    await app.redis.hset(saleDefinitionKey(sale.id), 'startsAt', startsAt);
    await sleep(2500);
    const tickets = await Promise.all(
      shoppers.map(async (shopper, i) => (await callJson<QueueTicket>('GET', queue(i), shopper.token)).body),
    );
    const numbers = tickets.map((ticket) => ticket.number ?? 0).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: SHOPPERS }, (_, i) => i + 1));

    const admitted = tickets.filter((ticket) => ticket.status === 'admitted');
    // 2.5 s at 20 a second is ~50, capped by the 30 free units (no one reserved): exactly 30, the front 30.
    expect(admitted.map((ticket) => ticket.number).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: UNITS }, (_, i) => i + 1),
    );
    const admittedAt = admitted
      .map((ticket) => Date.parse(ticket.admittedUntil ?? '') - 60_000)
      .sort((a, b) => a - b);
    for (const at of admittedAt) {
      expect(admittedAt.filter((other) => other > at - 1000 && other <= at).length).toBeLessThanOrEqual(RATE);
    }
    // Admission did not start before startsAt, and took at least (30 - 20) / 20 s beyond the first second.
    expect(admittedAt[0]).toBeGreaterThanOrEqual(startsAt);
    expect(admittedAt[UNITS - 1] - admittedAt[0]).toBeGreaterThanOrEqual(450);
    expect(
      tickets
        .filter((ticket) => ticket.status === 'waiting')
        .map((ticket) => ticket.position)
        .sort((a, b) => (a ?? 0) - (b ?? 0))[0],
    ).toBe(1);

    // One draw: its time is set once, whichever process ran it.
    const drawnAt = Number(await app.redis.hget(saleLineKey(sale.id), 'drawnAt'));
    expect(drawnAt).toBeGreaterThanOrEqual(startsAt);
    expect(drawnAt).toBeLessThan(startsAt + 1000);
  }, 300_000);
});
