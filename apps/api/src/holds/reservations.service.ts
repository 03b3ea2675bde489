import { Injectable } from '@nestjs/common';
import type { Reservation } from '@flashline/contracts';
import { poolOfReservation } from './hold-pool';
import { toReservation } from './hold-record';
import { HoldsStore } from './holds.store';
import { RedisClock } from './redis-clock.service';
import { poolLabels, reservationsCancelled } from './reservation-metrics';
import { ReservationCode, reservationError } from './reservation-result';

/** A caller's own reservation (a flash-sale or a cart hold): read it, cancel it. */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly holds: HoldsStore,
    private readonly clock: RedisClock,
  ) {}

  /** The owner's reservation; anyone else's, or an unknown id, is NOT_FOUND (existence is never revealed). */
  async find(reservationId: string, userId: string): Promise<Reservation> {
    const hold = await this.holds.findHold(reservationId);
    if (!hold || hold.userId !== userId) throw reservationError(ReservationCode.NotFound);
    return toReservation(hold, this.clock.now());
  }

  /**
   * Releases an active hold at once. Cancelling one that already ended (cancelled or expired) succeeds and
   * changes nothing; a paid one is a CONFLICT.
   */
  async cancel(reservationId: string, userId: string): Promise<void> {
    const outcome = await this.holds.cancel(reservationId, userId);
    if (outcome.code === ReservationCode.NotFound || outcome.code === ReservationCode.Paid) {
      throw reservationError(outcome.code);
    }
    const pool = poolOfReservation(reservationId);
    if (outcome.code === ReservationCode.Cancelled && pool) {
      reservationsCancelled.inc(poolLabels(pool.kind, pool.saleId));
    }
  }
}
