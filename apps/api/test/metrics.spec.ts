import { signInAdmin } from './support/auth';
import { bearer, Fixtures, NO_RATE_LIMITS } from './support/flash-sale';
import { createTestApp, type TestApp } from './support/test-app';

describe('GET /metrics', () => {
  let app: TestApp;
  let fx: Fixtures;

  beforeAll(async () => {
    app = await createTestApp(NO_RATE_LIMITS);
    fx = new Fixtures(app);
  });
  afterAll(async () => {
    await fx.cleanUp();
    await app.close();
  });

  it('serves Prometheus text with request latency by route pattern', async () => {
    await app.http.get('/api/health');
    await app.http.get('/api/no-such-route');
    const response = await app.http.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(response.text).toMatch(/route="unmatched",status="404"/);
    expect(response.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts each flash sale’s holds and refusals under its own `sale` label', async () => {
    const admin = (await signInAdmin(app)).accessToken;
    const product = await fx.product();
    const [sale, other] = [
      await fx.sale(admin, product.id, { quantity: 2 }),
      await fx.sale(admin, product.id, { quantity: 1 }),
    ];
    const shoppers = await fx.shoppers(3);
    const reserve = (saleId: string, index: number) =>
      app.http
        .post(`/api/flash-sales/${saleId}/reservations`)
        .set(...bearer(shoppers[index]))
        .send({ quantity: 1 });
    // One after the other: the third is refused by Redis or by the local sold-out flag; both count.
    const statuses = [await reserve(sale.id, 0), await reserve(sale.id, 1), await reserve(sale.id, 2)];
    expect(statuses.map((response) => response.status)).toEqual([201, 201, 409]);
    expect((await reserve(other.id, 0)).status).toBe(201);

    const text = (await app.http.get('/metrics')).text;
    const value = (metric: string, labels: string): number | undefined => {
      const line = text.split('\n').find((entry) => entry.startsWith(`${metric}{${labels}} `));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    const taken = 'flashline_reservations_taken_total';
    expect(value(taken, `kind="flash_sale",sale="${sale.id}"`)).toBe(2);
    expect(value(taken, `kind="flash_sale",sale="${other.id}"`)).toBe(1);
    expect(
      value('flashline_reservations_rejected_total', `kind="flash_sale",sale="${sale.id}",reason="sold_out"`),
    ).toBe(1);
    expect(
      value(
        'flashline_reservations_rejected_total',
        `kind="flash_sale",sale="${other.id}",reason="sold_out"`,
      ),
    ).toBeUndefined();
  });
});
