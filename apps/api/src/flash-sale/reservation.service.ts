import { Injectable } from '@nestjs/common';
import type { Reservation } from '@flashline/contracts';
import { FlashSaleRepository } from './flash-sale.repository';
import { toReservation } from './hold-record';
import { RedisClock } from './redis-clock';
import { poolOfReservation } from './hold-pool';
import {
  poolLabels,
  reservationsCancelled,
  reservationsRejected,
  reservationsTaken,
} from './reservation-metrics';
import { ReservationCode, reservationError } from './reservation-result';
import { ReservationStore, type ReserveOutcome } from './reservation.store';
import { SaleEvents } from './sale-events';
import { SaleLoader, saleReloading } from './sale-loader';

const REJECTION_REASONS: Partial<Record<ReservationCode, string>> = {
  [ReservationCode.SoldOut]: 'sold_out',
  [ReservationCode.LimitReached]: 'limit_reached',
  [ReservationCode.NotActive]: 'not_active',
};

type Refusal = Exclude<
  ReserveOutcome['code'],
  ReservationCode.Ok | ReservationCode.Replayed | ReservationCode.NotLoaded
>;

export interface ReserveCommand {
  saleId: string;
  userId: string;
  quantity: number;
  idempotencyKey?: string;
}

/**
 * Flash-sale reservations: reserve, read and cancel. Each is one script in Redis; this service adds the
 * rebuild-and-retry on NOT_LOADED, the local sold-out shortcut, metrics and the mapping to contract errors.
 * Paying a hold is the payments module's (PurchaseFinalizer, through ReservationStore.confirm).
 */
@Injectable()
export class ReservationService {
  constructor(
    private readonly store: ReservationStore,
    private readonly loader: SaleLoader,
    private readonly sales: FlashSaleRepository,
    private readonly events: SaleEvents,
    private readonly clock: RedisClock,
  ) {}

  async reserve(command: ReserveCommand): Promise<Reservation> {
    // A replay must reach Redis: its first attempt may have succeeded.
    if (!command.idempotencyKey && this.events.isSoldOut(command.saleId)) this.refuseLocally(command.saleId);
    const outcome = await this.loader.withLoaded(command.saleId, () => this.store.reserve(command));
    if (outcome.code === ReservationCode.Ok || outcome.code === ReservationCode.Replayed) {
      if (outcome.code === ReservationCode.Ok) {
        reservationsTaken.inc(poolLabels('flash_sale', command.saleId));
      }
      return toReservation(outcome.hold, this.clock.now());
    }
    if (outcome.code === ReservationCode.NotLoaded) throw saleReloading(); // withLoaded throws first
    const paused = outcome.code === ReservationCode.NotActive && outcome.paused;
    throw this.refusal(command.saleId, outcome.code, { fromRedis: true, paused });
  }

  /** The owner's reservation; anyone else's, or an unknown id, is NOT_FOUND (existence is never revealed). */
  async find(reservationId: string, userId: string): Promise<Reservation> {
    const hold = await this.store.findHold(reservationId);
    if (!hold || hold.userId !== userId) throw reservationError(ReservationCode.NotFound);
    return toReservation(hold, this.clock.now());
  }

  /**
   * Releases an active hold at once. Cancelling one that already ended (cancelled or expired) succeeds and
   * changes nothing; a paid one is a CONFLICT.
   */
  async cancel(reservationId: string, userId: string): Promise<void> {
    const outcome = await this.store.cancel(reservationId, userId);
    if (outcome.code === ReservationCode.NotFound || outcome.code === ReservationCode.Paid) {
      throw reservationError(outcome.code);
    }
    const pool = poolOfReservation(reservationId);
    if (outcome.code === ReservationCode.Cancelled && pool) {
      reservationsCancelled.inc(poolLabels(pool.kind, pool.saleId));
    }
  }

  /**
   * The answer to a reserve on a sale this process saw sell out within the last second, without Redis. It
   * does not renew the flag: only Redis answers and pub/sub do, so a flood cannot keep a stale flag alive.
   */
  private refuseLocally(saleId: string): never {
    const sale = this.sales.cached(saleId);
    const ended = sale !== undefined && this.clock.now() >= sale.endsAt.getTime();
    throw this.refusal(saleId, ended ? ReservationCode.NotActive : ReservationCode.SoldOut);
  }

  private refusal(saleId: string, code: Refusal, how: { fromRedis?: boolean; paused?: boolean } = {}): Error {
    const { fromRedis = false, paused = false } = how;
    reservationsRejected.inc({
      ...poolLabels('flash_sale', saleId),
      reason: REJECTION_REASONS[code] ?? code,
    });
    if (fromRedis && code === ReservationCode.SoldOut) this.events.markSoldOut(saleId);
    return reservationError(code, { paused, perUserLimit: this.sales.cached(saleId)?.perUserLimit });
  }
}
