import { type Reservation } from '@flashline/contracts';

/**
 * The shopper's one-click purchase on a sale page, one state per contract outcome. Messages come from the
 * API's `error.message`.
 */
export type PurchaseState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'reserving' }
  /** A hold: the unit is the shopper's until `reservation.expiresAt`, if they pay. */
  | { readonly kind: 'held'; readonly reservation: Reservation; readonly releasing: boolean }
  | { readonly kind: 'released' }
  | { readonly kind: 'expired' }
  | { readonly kind: 'purchased'; readonly reservation: Reservation }
  | { readonly kind: 'sold_out'; readonly message: string }
  | { readonly kind: 'limit_reached'; readonly message: string }
  | { readonly kind: 'not_active'; readonly message: string }
  /** 409 NOT_ADMITTED: a waiting-room sale, and the shopper's admission is missing or lapsed. */
  | { readonly kind: 'not_admitted'; readonly message: string }
  /** 429: Buy comes back at `retryAt` (server time), `Retry-After` seconds after the refusal. */
  | { readonly kind: 'rate_limited'; readonly message: string; readonly retryAt: number }
  /** Network failure or anything unexpected: trying again reuses the same Idempotency-Key. */
  | { readonly kind: 'failed'; readonly message: string };

export type PurchaseKind = PurchaseState['kind'];
