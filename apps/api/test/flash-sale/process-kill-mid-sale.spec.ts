import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { ErrorBody, FlashSale, PaymentIntentResponse, Reservation } from '@flashline/contracts';
import {} from '@api/holds';
import { type ApiProcess, startApi } from '../support/processes/api-process';
import { signInAdmin } from '../support/http/auth';
import { CROWD_PROCESS_ENV, eventually } from '../support/fixtures/basics';
import { holdStoresOf } from '../support/fixtures/hold-stores';
import { Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import { cleanUpPayments, ordersOf } from '../support/fixtures/payments';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { workerPortBase } from '../support/processes/ports';

/** Ports 5420-5449, three per jest worker. */
const PORT_BASE = workerPortBase(5420, 3);
const SHOPPERS = 600;
const UNITS = 100;
/** Shoppers served before the victim freezes: fewer than the units, so it holds some when it dies. */
const EARLY = 60;
const PAID = 40;
/** Long enough to pay PAID holds after the crowd on a slow machine, short enough to wait out. */
const HOLD_SECONDS = 20;

/** The API processes: a quick reaper, so expired holds are released soon after their expiry. */
const PROCESS_ENV: Record<string, string> = {
  ...CROWD_PROCESS_ENV,
  LOG_LEVEL: 'warn',
  REAPER_INTERVAL_MS: '200',
};

interface Attempt {
  process: number;
  /** Set when the process answered; otherwise the connection failed (refused, reset) and was retried. */
  status?: number;
  failure?: string;
}

interface Purchase {
  shopper: Shopper;
  attempts: Attempt[];
  status: number;
  body: Reservation | ErrorBody;
}

const failureOf = (error: unknown): string =>
  (error as { cause?: { code?: string } }).cause?.code ?? String(error);

/**
 * A shopper pressing Buy once: one Idempotency-Key, sent to its process first and, when that connection
 * fails, to the next processes in turn, as a client behind a load balancer would retry.
 */
async function buy(urls: string[], first: number, saleId: string, shopper: Shopper): Promise<Purchase> {
  const key = randomUUID();
  const attempts: Attempt[] = [];
  for (let i = 0; i < urls.length; i++) {
    const process = (first + i) % urls.length;
    try {
      const response = await fetch(`${urls[process]}/api/flash-sales/${saleId}/reservations`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${shopper.token}`,
          'Idempotency-Key': key,
        },
        body: JSON.stringify({ quantity: 1 }),
      });
      const body = (await response.json()) as Reservation | ErrorBody;
      attempts.push({ process, status: response.status });
      return { shopper, attempts, status: response.status, body };
    } catch (error) {
      attempts.push({ process, failure: failureOf(error) });
    }
  }
  throw new Error(`no process answered: ${JSON.stringify(attempts)}`);
}

async function post<T>(url: string, token: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
}

describe('an API process killed (SIGKILL) in the middle of a flash sale', () => {
  let app: TestApp;
  let fx: Fixtures;
  const apis: ApiProcess[] = [];

  beforeAll(async () => {
    // This process's own reaper and reconciler stay out of the way: the API processes do the work.
    app = await createTestApp({
      ...CROWD_PROCESS_ENV,
      REAPER_INTERVAL_MS: '60000',
      RECONCILER_INTERVAL_MS: '600000',
    });
    await app.mongo.asPromise();
    fx = new Fixtures(app);
    apis.push(...(await Promise.all([0, 1, 2].map((i) => startApi(PORT_BASE + i, PROCESS_ENV)))));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await cleanUpPayments(app, fx);
    await fx.cleanUp();
    await app.close();
  }, 60_000);

  it(`sells exactly ${UNITS} units to ${SHOPPERS} shoppers, and every unpaid hold expires`, async () => {
    const admin = (await signInAdmin(app)).accessToken;
    const product = await fx.product({ stock: UNITS });
    const sale = await fx.sale(admin, product.id, {
      quantity: UNITS,
      perUserLimit: 1,
      reservationTtlSeconds: HOLD_SECONDS,
    });
    const shoppers = await fx.shoppers(SHOPPERS);
    const urls = apis.map((api) => api.url);
    const victim = apis[0];

    // The first shoppers are served by all three processes, the victim included: it takes holds.
    const early = await Promise.all(
      shoppers.slice(0, EARLY).map((shopper, i) => buy(urls, i % urls.length, sale.id, shopper)),
    );
    // Then the victim freezes (SIGSTOP): the rest of the crowd's requests to it wait in its sockets,
    // unanswered, while the other processes answer theirs. A process answering in microseconds is never
    // caught mid-crowd by chance; frozen, it is killed with requests in flight every run.
    victim.child.kill('SIGSTOP');
    let answered = 0;
    const late = shoppers.slice(EARLY).map((shopper, i) =>
      buy(urls, (EARLY + i) % urls.length, sale.id, shopper).then((purchase) => {
        answered++;
        return purchase;
      }),
    );
    const servedByOthers = late.filter((_, i) => (EARLY + i) % urls.length !== 0).length;
    expect(await eventually(async () => answered >= servedByOthers, 60_000, 5)).toBe(true);
    const answeredBeforeKill = EARLY + answered;
    const killed = once(victim.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    victim.child.kill('SIGKILL');
    expect((await killed)[1]).toBe('SIGKILL');
    const purchases = [...early, ...(await Promise.all(late))];

    const retried = purchases.filter((purchase) => purchase.attempts.length > 1);
    const won = purchases.filter((purchase) => purchase.status === 201);
    const reservations = new Map(won.map((purchase) => [(purchase.body as Reservation).id, purchase]));
    console.log(
      `SIGKILL mid-crowd after ${answeredBeforeKill}/${SHOPPERS} answers: ${retried.length} purchases retried on another ` +
        `process (${retried.filter((purchase) => purchase.status === 201).length} of them won), ` +
        `${won.length} × 201, ${purchases.length - won.length} refused`,
    );
    // The kill really caught requests in flight, and their shoppers were answered by another process.
    expect(retried.length).toBeGreaterThan(0);
    const refused = purchases
      .filter((purchase) => purchase.status !== 201)
      .map((purchase) => ({ status: purchase.status, code: (purchase.body as ErrorBody).error?.code }));
    expect(refused.filter((answer) => answer.status !== 409 || answer.code !== 'SOLD_OUT')).toEqual([]);
    // Exactly the quantity, each unit held by one shopper who knows it (a hold taken by the killed process
    // came back to its shopper through the same Idempotency-Key).
    expect(reservations.size).toBe(UNITS);
    expect(won).toHaveLength(UNITS);
    const store = holdStoresOf(app.app);
    expect(await store.saleState.saleStock(sale.id, product.id)).toEqual({ free: 0, held: UNITS, sold: 0 });

    // Some shoppers pay, through the surviving processes and the simulated-payment route.
    const payers = [...reservations.values()].slice(0, PAID);
    await Promise.all(
      payers.map(async (purchase, i) => {
        const url = urls[1 + (i % 2)];
        const reservation = purchase.body as Reservation;
        const intent = await post<PaymentIntentResponse>(
          `${url}/api/reservations/${reservation.id}/payment-intent`,
          purchase.shopper.token,
        );
        expect(intent.status).toBe(200);
        const paid = await post<unknown>(
          `${url}/api/dev/payments/${intent.body.paymentIntentId}/succeed`,
          purchase.shopper.token,
        );
        expect(paid.status).toBe(200);
      }),
    );

    // The rest expire: after their TTL no hold is left, the paid units are sold and each has its order.
    const settled = await eventually(
      async () => (await store.saleState.saleStock(sale.id, product.id))?.held === 0,
      (HOLD_SECONDS + 30) * 1000,
      250,
    );
    expect(settled).toBe(true);
    expect(await store.saleState.saleStock(sale.id, product.id)).toEqual({
      free: UNITS - PAID,
      held: 0,
      sold: PAID,
    });
    const orders = await ordersOf(app, { saleId: sale.id });
    expect(orders).toHaveLength(PAID);
    expect(new Set(orders.map((order) => order.reservationId))).toEqual(
      new Set(payers.map((purchase) => (purchase.body as Reservation).id)),
    );
    for (const url of urls.slice(1)) {
      const read = (await (await fetch(`${url}/api/flash-sales/${sale.id}`)).json()) as FlashSale;
      expect(read.remaining).toBe(UNITS - PAID);
    }
    expect(apis.slice(1).map((api) => api.output())).not.toContainEqual(
      expect.stringMatching(/"level":(50|60)/),
    );
  }, 240_000);
});
