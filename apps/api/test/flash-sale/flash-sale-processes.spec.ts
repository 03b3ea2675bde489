import type { ErrorBody, FlashSale, Reservation } from '@flashline/contracts';
import { SaleStateStore } from '@api/holds';
import { type ApiProcess, startApi } from '../support/processes/api-process';
import { signInAdmin } from '../support/http/auth';
import { CROWD_PROCESS_ENV } from '../support/fixtures/basics';
import { Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { workerPortBase } from '../support/processes/ports';

/** Ports 3200-3299, apart per jest worker, so two workers (or two runs of one) never collide. */
const PORT_BASE = workerPortBase(3200, 10);
const SHOPPERS = 1000;
const UNITS = 100;

interface Attempt {
  status: number;
  body: Reservation | ErrorBody;
}

/**
 * The flash crowd, as production runs it: three API processes (the built app, `npx nest build api` first)
 * sharing one Redis and one MongoDB, and 1,000 signed-in shoppers pressing Buy at once, spread across them.
 */
describe('no oversell across API processes', () => {
  let app: TestApp;
  let fx: Fixtures;
  let apis: ApiProcess[] = [];

  beforeAll(async () => {
    app = await createTestApp(CROWD_PROCESS_ENV);
    await app.mongo.asPromise();
    fx = new Fixtures(app);
    // Same MONGO_URL / REDIS_URL as this worker (test-env.ts put them in process.env, which the child inherits).
    apis = await Promise.all([0, 1, 2].map((i) => startApi(PORT_BASE + i, CROWD_PROCESS_ENV)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await fx.cleanUp();
    await app.close();
  }, 60_000);

  async function post<T>(url: string, token: string, body: object): Promise<{ status: number; body: T }> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  it(`sells exactly ${UNITS} units to ${SHOPPERS} shoppers reserving at once through 3 processes`, async () => {
    const shoppers: Shopper[] = await fx.shoppers(SHOPPERS);
    const admin = (await signInAdmin(app)).accessToken;
    const product = await fx.product({ stock: 500 });
    const now = Date.now();
    const created = await post<FlashSale>(`${apis[0].url}/api/flash-sales`, admin, {
      productId: product.id,
      salePriceCents: 4900,
      quantity: UNITS,
      startsAt: new Date(now - 1000).toISOString(),
      endsAt: new Date(now + 10 * 60_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const sale = created.body;
    fx.saleIds.push(sale.id);

    const started = Date.now();
    const attempts: Attempt[] = await Promise.all(
      shoppers.map((shopper, i) =>
        post<Reservation | ErrorBody>(
          `${apis[i % 3].url}/api/flash-sales/${sale.id}/reservations`,
          shopper.token,
          {
            quantity: 1,
          },
        ),
      ),
    );
    const elapsed = Date.now() - started;

    const won = attempts
      .filter((attempt) => attempt.status === 201)
      .map((attempt) => attempt.body as Reservation);
    const soldOut = attempts.filter(
      (attempt) => attempt.status === 409 && (attempt.body as ErrorBody).error.code === 'SOLD_OUT',
    );
    const serverErrors = attempts.filter((attempt) => attempt.status >= 500);
    console.log(
      `${SHOPPERS} reserves through 3 processes in ${elapsed} ms: ${won.length} × 201, ${soldOut.length} × SOLD_OUT, ` +
        `${serverErrors.length} × 5xx`,
    );
    expect(serverErrors).toEqual([]);
    expect(won).toHaveLength(UNITS);
    expect(soldOut).toHaveLength(SHOPPERS - UNITS);
    expect(new Set(won.map((reservation) => reservation.id)).size).toBe(UNITS);

    for (const api of apis) {
      const read = (await (await fetch(`${api.url}/api/flash-sales/${sale.id}`)).json()) as FlashSale;
      expect({ api: api.url, remaining: read.remaining, status: read.status }).toEqual({
        api: api.url,
        remaining: 0,
        status: 'sold_out',
      });
    }
    expect(await app.app.get(SaleStateStore).saleStock(sale.id, product.id)).toEqual({
      free: 0,
      held: UNITS,
      sold: 0,
    });
    expect(apis.map((api) => api.output())).not.toContainEqual(expect.stringMatching(/"level":(50|60)/));
  }, 180_000);
});
