import type { Test } from 'supertest';
import type { TestApp } from './test-app';

/** `GET /metrics` as Prometheus scrapes it: with the operators' bearer token (METRICS_TOKEN). */
export function scrapeMetrics(app: TestApp): Test {
  return app.http.get('/metrics').set('Authorization', `Bearer ${app.config.metrics.token ?? ''}`);
}

/** The value of one series (`name{labels}` exactly as exposed) in a scrape, `undefined` when absent. */
export async function metricValue(app: TestApp, series: string): Promise<number | undefined> {
  const text = (await scrapeMetrics(app)).text;
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
