import { histogram } from './registry';

export const httpRequestDuration = histogram(
  'http_request_duration_seconds',
  'HTTP request latency by method, route pattern and status.',
  ['method', 'route', 'status'],
  [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);
