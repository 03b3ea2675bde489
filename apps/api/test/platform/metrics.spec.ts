import { randomUUID } from 'node:crypto';
import { saleStockKey } from '@api/redis';
import { PaymentPools } from '@api/payments/payment-pools.service';
import { PaymentsReconciler } from '@api/payments/payments-reconciler.service';
import { NO_RATE_LIMITS } from '../support/fixtures/basics';
import { bearer } from '../support/fixtures/sale-fixtures';
import { SaleTestBed } from '../support/http/sale-test-bed';
import { metricValue, scrapeMetrics } from '../support/http/metrics';
import { AppConfig, loadConfig } from '@api/config';
import { MetricsTokenGuard } from '@api/metrics/metrics-token.guard';
import { expectErrorBody } from '../support/http/auth';

/** Secrets production accepts (each its own, none a development default). */
const REAL_SECRETS = {
  JWT_ACCESS_SECRET: 'a'.repeat(40),
  JWT_REFRESH_SECRET: 'b'.repeat(40),
  ADMIN_PASSWORD: 'a-long-admin-password',
  STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
  STRIPE_SECRET_KEY: 'sk_live_x',
};

describe('GET /metrics', () => {
  // Only the per-email login limit is low: the rate-limit test trips it.
  const bed = new SaleTestBed({ env: { ...NO_RATE_LIMITS, RATE_LIMIT_LOGIN_EMAIL_LIMIT: '2' } });

  /** The value of an unlabelled series (or of one exact `name{labels}`), undefined when absent. */

  it('serves Prometheus text with request latency by route pattern', async () => {
    await bed.app.http.get('/api/health');
    await bed.app.http.get('/api/no-such-route');
    const response = await scrapeMetrics(bed.app);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(response.text).toMatch(/route="unmatched",status="404"/);
  });

  it('serves operators only: 401 without the bearer token or with another, never a metric', async () => {
    const wrong = `Bearer ${'x'.repeat(40)}`;
    for (const response of [
      await bed.app.http.get('/metrics'),
      await bed.app.http.get('/metrics').set('Authorization', wrong),
      await bed.app.http.get('/metrics').set('Authorization', `Basic ${bed.app.config.metrics.token ?? ''}`),
    ]) {
      expectErrorBody(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.text).not.toContain('http_request_duration_seconds');
    }
  });

  it('is off (404) when no token is configured, as in production without METRICS_TOKEN', async () => {
    const off = new MetricsTokenGuard(Object.assign(new AppConfig(), { metrics: {} }));
    expect(() => off.check(`Bearer ${bed.app.config.metrics.token ?? ''}`)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as unknown as Error,
    );
    expect(loadConfig({ NODE_ENV: 'production', ...REAL_SECRETS }).metrics.token).toBeUndefined();
  });

  it('reports event-loop lag (the current delay and its percentiles)', async () => {
    for (const series of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds']) {
      const value = await metricValue(bed.app, series);
      expect({ series, value }).toEqual({ series, value: expect.any(Number) as number });
      expect(value).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts rate-limit rejections by limit', async () => {
    const series = 'rate_limit_rejections_total{limit="login-email"}';
    const before = (await metricValue(bed.app, series)) ?? 0;
    const login = { email: `nobody-${randomUUID()}@flashline.test`, password: 'wrong-password-1' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await bed.app.http.post('/api/auth/login').send(login)).status);
    expect(statuses).toEqual([401, 401, 429]);
    expect(await metricValue(bed.app, series)).toBe(before + 1);
  });

  it('exposes the reconciler’s differences: 0 while Redis and MongoDB agree, the count when they do not', async () => {
    const admin = bed.admin;
    const sale = await bed.fx.sale(admin, (await bed.fx.product()).id, { quantity: 4 });
    const reconciler = bed.app.app.get(PaymentsReconciler);
    bed.app.app.get(PaymentPools).refresh();
    expect(await reconciler.reconcile()).toBe(0);
    expect(await metricValue(bed.app, 'reconciler_differences')).toBe(0);

    // One unit appears from nowhere: free + held + sold no longer equals the sale's quantity.
    const free = `free:${sale.product.id}`;
    await bed.app.redis.hincrby(saleStockKey(sale.id), free, 1);
    try {
      const found = await reconciler.reconcile();
      expect(found).toBeGreaterThan(0);
      expect(await metricValue(bed.app, 'reconciler_differences')).toBe(found);
    } finally {
      await bed.app.redis.hincrby(saleStockKey(sale.id), free, -1);
    }
    expect(await reconciler.reconcile()).toBe(0);
    expect(await metricValue(bed.app, 'reconciler_differences')).toBe(0);
  });

  it('counts each flash sale’s holds and refusals under its own `sale` label', async () => {
    const admin = bed.admin;
    const product = await bed.fx.product();
    const [sale, other] = [
      await bed.fx.sale(admin, product.id, { quantity: 2 }),
      await bed.fx.sale(admin, product.id, { quantity: 1 }),
    ];
    const shoppers = await bed.fx.shoppers(3);
    const reserve = (saleId: string, index: number) =>
      bed.app.http
        .post(`/api/flash-sales/${saleId}/reservations`)
        .set(...bearer(shoppers[index]))
        .send({ quantity: 1 });
    // One after the other: the third is refused by Redis or by the local sold-out flag; both count.
    const statuses = [await reserve(sale.id, 0), await reserve(sale.id, 1), await reserve(sale.id, 2)];
    expect(statuses.map((response) => response.status)).toEqual([201, 201, 409]);
    expect((await reserve(other.id, 0)).status).toBe(201);

    const text = (await scrapeMetrics(bed.app)).text;
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
