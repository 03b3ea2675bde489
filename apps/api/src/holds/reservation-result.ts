import type { ErrorDetail } from '@flashline/contracts';
import { DomainError } from '@api/common/errors';
import type { HoldStatus } from './hold-record';

/** The small codes the Lua scripts answer with (each script's header says which it returns). */
export enum ReservationCode {
  Ok = 'OK',
  Replayed = 'REPLAYED',
  /** The pool's keys are absent (never loaded, or Redis lost them): load and retry once. */
  NotLoaded = 'NOT_LOADED',
  NotActive = 'NOT_ACTIVE',
  /** reserve: over one of the request's rate limits (counted in the script). */
  RateLimited = 'RATE_LIMITED',
  LimitReached = 'LIMIT_REACHED',
  SoldOut = 'SOLD_OUT',
  /** reserve: a waiting-room sale, and the shopper holds no valid admission. */
  NotAdmitted = 'NOT_ADMITTED',
  NotFound = 'NOT_FOUND',
  Cancelled = 'CANCELLED',
  Ended = 'ENDED',
  Paid = 'PAID',
  AlreadyPaid = 'ALREADY_PAID',
  NotPayable = 'NOT_PAYABLE',
  /** allocate: the product has fewer free units than the sale asks for. */
  Insufficient = 'INSUFFICIENT',
  // Payments (attach-intent, confirm, complete, release-unpaid: each script's header says which).
  Attached = 'ATTACHED',
  Existing = 'EXISTING',
  Expired = 'EXPIRED',
  PaidLate = 'PAID_LATE',
  Completed = 'COMPLETED',
  AlreadyCompleted = 'ALREADY_COMPLETED',
  NotPaid = 'NOT_PAID',
  Refunded = 'REFUNDED',
  NoStock = 'NO_STOCK',
  Mismatch = 'MISMATCH',
  OtherIntent = 'OTHER_INTENT',
  /** confirm: an intent never attached to the hold (only its metadata names it). */
  ForeignIntent = 'FOREIGN_INTENT',
  Released = 'RELEASED',
  Unchanged = 'UNCHANGED',
  Ignored = 'IGNORED',
}

/** The codes that are refusals a client is told about. */
export type RefusalCode =
  | ReservationCode.NotActive
  | ReservationCode.LimitReached
  | ReservationCode.SoldOut
  | ReservationCode.NotFound
  | ReservationCode.Paid
  | ReservationCode.NotPayable
  | ReservationCode.Insufficient;

/** What a refusal needs to be explained: a pause, the sale's limit, the free units an allocation found. */
export interface RefusalContext {
  /** NOT_ACTIVE because an admin paused the sale (not because of its window). */
  paused?: boolean;
  perUserLimit?: number;
  free?: number;
  productId?: string;
}

/** The one place a script's refusal becomes a contract error. */
export function reservationError(code: RefusalCode, context: RefusalContext = {}): DomainError {
  switch (code) {
    case ReservationCode.NotActive:
      return new DomainError(
        'SALE_NOT_ACTIVE',
        context.paused ? 'This flash sale is paused: try again later.' : 'This flash sale is not active.',
      );
    case ReservationCode.LimitReached:
      return new DomainError(
        'LIMIT_REACHED',
        context.perUserLimit === undefined
          ? 'You have reached the limit for this sale.'
          : `You have reached the limit for this sale (${context.perUserLimit} per customer).`,
      );
    case ReservationCode.SoldOut:
      return new DomainError(
        'SOLD_OUT',
        context.productId ? `Product ${context.productId} is sold out.` : 'This flash sale is sold out.',
      );
    case ReservationCode.NotFound:
      return new DomainError('NOT_FOUND', 'Reservation not found.');
    case ReservationCode.Paid:
      return new DomainError('CONFLICT', 'This reservation is paid and cannot be cancelled.');
    case ReservationCode.NotPayable:
      return new DomainError('RESERVATION_EXPIRED', 'This reservation has expired.');
    case ReservationCode.Insufficient:
      return new DomainError('VALIDATION_FAILED', 'The request is not valid.', [quantityDetail(context)]);
  }
}

const NOT_PAYABLE_BECAUSE: Partial<Record<HoldStatus, string>> = {
  paid: 'This reservation is paid already.',
  completed: 'This reservation is paid already.',
  cancelled: 'This reservation was cancelled.',
  refunded: 'This reservation’s payment was refunded.',
};

/** Why a hold in this status cannot be paid (asking for its payment intent). */
export function intentRefusal(status: HoldStatus): DomainError {
  if (status === 'expired') return reservationError(ReservationCode.NotPayable);
  return new DomainError('CONFLICT', NOT_PAYABLE_BECAUSE[status] ?? 'This reservation cannot be paid.');
}

function quantityDetail(context: RefusalContext): ErrorDetail {
  return {
    field: 'quantity',
    message: `quantity must not exceed the product's free stock (${context.free ?? 0})`,
  };
}
