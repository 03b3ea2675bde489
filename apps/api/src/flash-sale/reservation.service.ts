import { Injectable } from '@nestjs/common';
import type { Reservation, ReserveRejectionReason } from '@flashline/contracts';
import { DomainError } from '@api/common/errors';
import { RouteRateLimits } from '@api/common/rate-limit';
import { FlashSaleRepository } from './flash-sale.repository';
import {
  HoldsStore,
  poolLabels,
  RedisClock,
  ReservationCode,
  reservationError,
  reservationsTaken,
  type ReserveOutcome,
  type SaleHoldRequest,
  saleRejections,
  toReservation,
} from '@api/holds';
import { LocalRejections } from './local-rejections.service';
import { SaleEvents } from './sale-events.service';
import { SaleLoader, saleReloading } from './sale-loader.service';

/**
 * The local answers to a flood, built once: they say the same to everyone, and building an error captures
 * a stack trace, which was the largest single cost of answering a sold-out flood.
 */
export const SOLD_OUT = reservationError(ReservationCode.SoldOut);
export const ENDED = reservationError(ReservationCode.NotActive);
const NOT_ADMITTED = new DomainError(
  'NOT_ADMITTED',
  'This sale has a waiting room: join the line and wait to be admitted before you reserve.',
);

/** The refusals reserve.lua answers that a client is told about as a reservation error. */
type Refusal = ReservationCode.NotActive | ReservationCode.LimitReached | ReservationCode.SoldOut;

const REJECTION_REASONS: Record<Refusal, ReserveRejectionReason> = {
  [ReservationCode.SoldOut]: 'sold_out',
  [ReservationCode.LimitReached]: 'limit_reached',
  [ReservationCode.NotActive]: 'not_active',
};

export interface ReserveCommand {
  saleId: string;
  userId: string;
  quantity: number;
  idempotencyKey?: string;
  /** The client's address (Fastify `request.ip`): the per-IP rate limit counts it. */
  clientIp: string;
}

/**
 * Flash-sale reserves. Each is one script in Redis; this service adds the
 * local sold-out shortcut, the reserve's rate limits (counted by reserve.lua in the same round trip), the
 * rebuild-and-retry on NOT_LOADED, metrics and the mapping to contract errors. Paying a hold is the payments
 * module's (PurchaseFinalizer, through PaymentHoldsStore.confirm); reading and cancelling one is the hold
 * engine's (ReservationsService).
 */
@Injectable()
export class ReservationService {
  constructor(
    private readonly holds: HoldsStore,
    private readonly loader: SaleLoader,
    private readonly sales: FlashSaleRepository,
    private readonly events: SaleEvents,
    private readonly clock: RedisClock,
    private readonly rateLimits: RouteRateLimits,
    private readonly localRejections: LocalRejections,
  ) {}

  /**
   * One round trip in the common case: reserve.lua counts the rate limits, then decides. After a sell-out
   * this process answers SOLD_OUT itself, before any rate limit and without Redis. A replay (a request with
   * an Idempotency-Key) always reaches Redis: its first attempt may have succeeded.
   */
  async reserve(command: ReserveCommand): Promise<Reservation> {
    this.refuseIfSoldOut(command.saleId, command.idempotencyKey);
    const client = { userId: command.userId, ip: command.clientIp };
    const request: SaleHoldRequest = { ...command, limits: this.rateLimits.forScript('reserve', client) };
    let outcome = await this.holds.reserve(request);
    if (outcome.code === ReservationCode.NotLoaded) {
      // Loading the sale reads MongoDB: the request is charged the general limit, as on any other route.
      await this.rateLimits.charge('default', client);
      await this.loader.ensureLoaded(command.saleId);
      outcome = await this.loader.withLoaded(command.saleId, () => this.holds.reserve(request));
    }
    return this.answer(command.saleId, outcome);
  }

  /**
   * Answers SOLD_OUT (or SALE_NOT_ACTIVE once ended) at once, without Redis, when this process saw the sale
   * sell out within the last second; does nothing otherwise. A request with an Idempotency-Key always goes
   * on to Redis: its first attempt may have succeeded.
   */
  refuseIfSoldOut(saleId: string, idempotencyKey: string | undefined): void {
    const refusal = this.localRefusal(saleId, idempotencyKey);
    if (refusal) throw refusal;
  }

  /**
   * The error a reserve gets from this process alone (counted as a refusal), or `undefined` when Redis
   * must decide. The reserve route asks this before anything else, once the token checks out (the
   * SoldOutShortcut hook answers with it), so a flood after a sell-out costs no guard, rate-limit count or
   * body validation. The error is one of two built once: the hook knows each by identity.
   */
  localRefusal(saleId: string, idempotencyKey: string | undefined): DomainError | undefined {
    if (idempotencyKey !== undefined || !this.events.isSoldOut(saleId)) return undefined;
    return this.refuseLocally(saleId);
  }

  private answer(saleId: string, outcome: ReserveOutcome): Reservation {
    switch (outcome.code) {
      case ReservationCode.Ok:
        reservationsTaken.inc(poolLabels('flash_sale', saleId));
        return toReservation(outcome.hold, this.clock.now());
      case ReservationCode.Replayed:
        return toReservation(outcome.hold, this.clock.now());
      case ReservationCode.NotLoaded:
        throw saleReloading(); // withLoaded throws first
      case ReservationCode.RateLimited:
        this.countRejection(saleId, 'rate_limited');
        throw this.rateLimits.refuse(outcome.limit, outcome.retryAfterMs);
      case ReservationCode.SoldOut:
        this.events.markSoldOut(saleId);
        throw this.refusal(saleId, outcome.code);
      case ReservationCode.NotActive:
        throw this.refusal(saleId, outcome.code, outcome.paused);
      case ReservationCode.NotAdmitted:
        throw NOT_ADMITTED;
      default:
        throw this.refusal(saleId, outcome.code);
    }
  }

  /**
   * The answer to a reserve on a sale this process saw sell out within the last second, without Redis. It
   * does not renew the flag: only Redis answers and pub/sub do, so a flood cannot keep a stale flag alive.
   * The sale's stats hear of it within about a second (LocalRejections).
   */
  private refuseLocally(saleId: string): DomainError {
    const sale = this.sales.cached(saleId);
    const ended = sale !== undefined && this.clock.now() >= sale.endsAt.getTime();
    const code = ended ? ReservationCode.NotActive : ReservationCode.SoldOut;
    this.localRejections.add(saleId, REJECTION_REASONS[code]);
    this.countRejection(saleId, REJECTION_REASONS[code]);
    return ended ? ENDED : SOLD_OUT;
  }

  private refusal(saleId: string, code: Refusal, paused = false): Error {
    this.countRejection(saleId, REJECTION_REASONS[code]);
    return reservationError(code, { paused, perUserLimit: this.sales.cached(saleId)?.perUserLimit });
  }

  private countRejection(saleId: string, reason: ReserveRejectionReason): void {
    saleRejections(saleId, reason).inc();
  }
}
