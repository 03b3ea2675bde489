import { Gauge, register } from 'prom-client';

/**
 * The waiting room's gauges in prom-client's default registry (served at /metrics), one child per sale,
 * resolved once per sale: the admission step sets them about ten times a second without allocating.
 * Every process reads the same line in Redis, so each reports the same values.
 */
function gauge(name: string, help: string): Gauge {
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Gauge;
  return new Gauge({ name, help, labelNames: ['sale'] });
}

const GAUGES = {
  waiting: gauge('flashline_waiting_room_waiting', 'Tickets waiting in the line of a sale.'),
  admitted: gauge('flashline_waiting_room_admitted', 'Admissions not used yet and not lapsed, by sale.'),
  used: gauge('flashline_waiting_room_used', 'Admissions a reserve used, by sale (since the line began).'),
  expired: gauge('flashline_waiting_room_expired', 'Admissions that lapsed unused, by sale.'),
  admissionRate: gauge('flashline_waiting_room_admission_rate', 'Admissions per second (last 5 s), by sale.'),
};

export type WaitingRoomGauge = keyof typeof GAUGES;

export type SaleGauges = Record<WaitingRoomGauge, Gauge.Internal<string>>;

/** A sale's gauges, their label sets resolved once. */
export function saleGauges(saleId: string): SaleGauges {
  return {
    waiting: GAUGES.waiting.labels({ sale: saleId }),
    admitted: GAUGES.admitted.labels({ sale: saleId }),
    used: GAUGES.used.labels({ sale: saleId }),
    expired: GAUGES.expired.labels({ sale: saleId }),
    admissionRate: GAUGES.admissionRate.labels({ sale: saleId }),
  };
}

/** Drops a sale's series once its line is over. */
export function removeSaleGauges(saleId: string): void {
  for (const metric of Object.values(GAUGES)) metric.remove({ sale: saleId });
}
