/** The metrics module's public API: other modules import from `@api/metrics` only. */
export { recordHttpRequest } from './http-metrics';
export { MetricsModule } from './metrics.module';
export { counter, gauge } from './registry';
