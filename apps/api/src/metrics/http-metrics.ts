import { Histogram, register } from 'prom-client';

/**
 * Metrics live once per process in prom-client's default registry: creating them at import time means a
 * second Nest application in the same process (as tests do) reuses them instead of failing to re-register.
 */
function histogram(name: string, help: string, labelNames: string[]): Histogram {
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Histogram;
  return new Histogram({
    name,
    help,
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
}

export const httpRequestDuration = histogram(
  'http_request_duration_seconds',
  'HTTP request latency by method, route pattern and status.',
  ['method', 'route', 'status'],
);
