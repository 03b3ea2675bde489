import { Counter, Gauge, register } from 'prom-client';

/**
 * Payment metrics in prom-client's default registry (served at /metrics), created once per process: a
 * second application in the same process (tests) reuses them. Paid holds and sold units are counted by
 * the flash-sale module's `flashline_reservations_paid_total` and `flashline_sold_units_total`.
 */
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

function gauge(name: string, help: string): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help });
}

export const paymentsRefunded = counter(
  'flashline_payments_refunded_total',
  'Successful payments refunded automatically, by reason (no_stock, mismatch, duplicate).',
  ['reason'],
);

export const ordersPlaced = counter('flashline_orders_placed_total', 'Orders written, by kind.', ['kind']);

export const webhookEvents = counter(
  'flashline_webhook_events_total',
  'Verified Stripe events received, by type and result (applied, duplicate, ignored, unprocessable).',
  ['type', 'result'],
);

export const paymentsReconciled = counter(
  'flashline_payments_reconciled_total',
  'Paid holds the reconciler finished after their webhook handling stopped half-way (a crash).',
  [],
);

export const reconcilerDifferences = gauge(
  'reconciler_differences',
  'Disagreements the last audit found between Redis counters, holds and MongoDB orders. Must stay 0.',
);
