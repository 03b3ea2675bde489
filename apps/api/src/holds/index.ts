/** The hold engine's public API: other modules import from `@api/holds` only. */
export * from './catalog-stock.service';
export * from './catalog-stock.store';
export * from './dto/reservation.dto';
export * from './hold-pool';
export * from './hold-reaper.service';
export * from './hold-record';
export * from './holds.module';
export * from './holds.store';
export * from './payment-holds.store';
export * from './redis-clock.service';
export * from './reservation-metrics';
export * from './reservation-result';
export * from './reservations.service';
export * from './sale-directory';
export * from './sale-state.store';
export * from './sold-units';
