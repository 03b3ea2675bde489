import { Counter, register } from 'prom-client';
import type { ReservationKind } from '@flashline/contracts';

/**
 * Reservation counters in prom-client's default registry (served at /metrics). Created at import time and
 * reused when a second application starts in the same process (tests), which would otherwise fail to
 * register the same names again.
 *
 * Flash-sale holds carry a `sale` label (the sale id), so operators can follow each sale; cart holds have
 * none. These count what this process saw; the sale's stats hash in Redis (SaleStateStore.saleStats) is
 * the exact total across processes.
 */
function counter(name: string, help: string, labelNames: string[]): Counter {
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Counter;
  return new Counter({ name, help, labelNames });
}

/** A type, not an interface: prom-client wants label sets indexable by name. */
export type HoldLabels = { kind: ReservationKind; sale?: string };

/** The labels of a hold's pool: its kind, and its sale for a flash-sale hold. */
export function poolLabels(kind: ReservationKind, saleId: string | undefined): HoldLabels {
  return saleId === undefined ? { kind } : { kind, sale: saleId };
}

/** The labels of a hold, from its id (`<saleId>.<random>` or `cart.<random>`). */
export function holdLabels(hold: { id: string; kind: ReservationKind }): HoldLabels {
  return poolLabels(hold.kind, hold.kind === 'flash_sale' ? hold.id.split('.')[0] : undefined);
}

export const reservationsTaken = counter(
  'flashline_reservations_taken_total',
  'Holds taken (flash-sale reserves and cart checkouts), by kind and sale.',
  ['kind', 'sale'],
);

export const reservationsRejected = counter(
  'flashline_reservations_rejected_total',
  'Reserves and checkouts refused, by kind, sale and reason (sold_out, limit_reached, not_active, rate_limited).',
  ['kind', 'sale', 'reason'],
);

const MAX_CACHED_CHILDREN = 10_000;
const rejectionChildren = new Map<string, Counter.Internal>();

/**
 * `flashline_reservations_rejected_total` of one sale and reason, its label set resolved once: a flood of
 * refusals then counts each without hashing its labels again.
 */
export function saleRejections(saleId: string, reason: string): Counter.Internal {
  const key = `${saleId}:${reason}`;
  let child = rejectionChildren.get(key);
  if (!child) {
    if (rejectionChildren.size >= MAX_CACHED_CHILDREN) rejectionChildren.clear();
    child = reservationsRejected.labels({ kind: 'flash_sale', sale: saleId, reason });
    rejectionChildren.set(key, child);
  }
  return child;
}

export const reservationsExpired = counter(
  'flashline_reservations_expired_total',
  'Unpaid holds whose stock went back on expiry (released by the reaper), by kind and sale.',
  ['kind', 'sale'],
);

export const reservationsCancelled = counter(
  'flashline_reservations_cancelled_total',
  'Holds their owner cancelled, by kind and sale.',
  ['kind', 'sale'],
);

export const reservationsPaid = counter(
  'flashline_reservations_paid_total',
  'Holds paid, by kind and sale.',
  ['kind', 'sale'],
);

export const soldUnits = counter(
  'flashline_sold_units_total',
  'Units sold through paid holds, by kind and sale.',
  ['kind', 'sale'],
);
