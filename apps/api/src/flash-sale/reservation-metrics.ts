import { Counter, register } from 'prom-client';

/**
 * Reservation counters in prom-client's default registry (served at /metrics). Created at import time and
 * reused when a second application starts in the same process (tests), which would otherwise fail to
 * register the same names again.
 */
function counter(name: string, help: string, labelNames: string[]): Counter {
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Counter;
  return new Counter({ name, help, labelNames });
}

export const reservationsTaken = counter(
  'flashline_reservations_taken_total',
  'Holds taken (flash-sale reserves and cart checkouts), by kind.',
  ['kind'],
);

export const reservationsRejected = counter(
  'flashline_reservations_rejected_total',
  'Reserves and checkouts refused, by reason (sold_out, limit_reached, not_active).',
  ['kind', 'reason'],
);

export const reservationsExpired = counter(
  'flashline_reservations_expired_total',
  'Unpaid holds whose stock went back on expiry, by kind.',
  ['kind'],
);

export const reservationsCancelled = counter(
  'flashline_reservations_cancelled_total',
  'Holds their owner cancelled, by kind.',
  ['kind'],
);

export const reservationsPaid = counter('flashline_reservations_paid_total', 'Holds paid, by kind.', [
  'kind',
]);

export const soldUnits = counter('flashline_sold_units_total', 'Units sold through paid holds, by kind.', [
  'kind',
]);
