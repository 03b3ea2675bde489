import type { ErrorBody, FlashSale, Reservation } from '@flashline/contracts';
import { SaleStateStore } from '@api/holds';
import { callJson, useProcessBed } from '../support/processes/process-bed';
import { signInAdmin } from '../support/http/auth';
import type { Shopper } from '../support/fixtures/sale-fixtures';
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
  const bed = useProcessBed(PORT_BASE);

  it(`sells exactly ${UNITS} units to ${SHOPPERS} shoppers reserving at once through 3 processes`, async () => {
    const { app, fx, apis } = bed;
    const shoppers: Shopper[] = await fx.shoppers(SHOPPERS);
    const admin = (await signInAdmin(app)).accessToken;
    const product = await fx.product({ stock: 500 });
    const now = Date.now();
    const created = await callJson<FlashSale>('POST', `${apis[0].url}/api/flash-sales`, admin, {
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
        callJson<Reservation | ErrorBody>(
          'POST',
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
