import type { Test } from 'supertest';
import type { TestApp } from './test-app';

/** `GET /metrics` as Prometheus scrapes it: with the operators' bearer token (METRICS_TOKEN). */
export function scrapeMetrics(app: TestApp): Test {
  return app.http.get('/metrics').set('Authorization', `Bearer ${app.config.metrics.token ?? ''}`);
}
