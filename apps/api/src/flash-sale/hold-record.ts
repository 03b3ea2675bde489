import type { Reservation, ReservationKind, ReservationLine, ReservationStatus } from '@flashline/contracts';

/** The statuses a hold has while it lives in Redis. */
export type HoldStatus = Extract<ReservationStatus, 'active' | 'paid' | 'cancelled' | 'expired'>;

/**
 * The only moves a reservation's status makes. The Lua scripts enforce the Redis part (a hold moves only
 * out of `active`, see lua/includes/holds.lua); `completed` and `refunded` belong to orders and payments.
 * The store's property test checks every script against this table.
 */
export const RESERVATION_TRANSITIONS: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  active: ['paid', 'cancelled', 'expired'],
  paid: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  expired: [],
  refunded: [],
};

export function canMove(from: ReservationStatus, to: ReservationStatus): boolean {
  return RESERVATION_TRANSITIONS[from].includes(to);
}

/** A hold as a script stored it (see the record format in lua/includes/holds.lua). */
export interface Hold {
  id: string;
  userId: string;
  kind: ReservationKind;
  lines: ReservationLine[];
  currency: string;
  status: HoldStatus;
  /** Milliseconds, by the Redis clock. */
  expiresAt: number;
  createdAt: number;
  paidAt?: number;
  /** Units counted towards the owner's per-user limit. */
  limitUnits: number;
}

interface RawHold {
  u: string;
  k: ReservationKind;
  l: Array<[string, number, number]>;
  c: string;
  s: HoldStatus;
  e: number;
  t: number;
  n: number;
  p?: number;
}

/** Parses a hold record a script returned or stored. Throws on anything else: that would be a bug. */
export function parseHold(id: string, json: string): Hold {
  const raw = JSON.parse(json) as RawHold;
  if (typeof raw.u !== 'string' || !Array.isArray(raw.l) || typeof raw.e !== 'number') {
    throw new Error(`Malformed hold record for ${id}`);
  }
  return {
    id,
    userId: raw.u,
    kind: raw.k,
    lines: raw.l.map(([productId, quantity, unitPriceCents]) => ({ productId, quantity, unitPriceCents })),
    currency: raw.c,
    status: raw.s,
    expiresAt: raw.e,
    createdAt: raw.t,
    paidAt: raw.p,
    limitUnits: raw.n,
  };
}

/**
 * A hold's status as a reader should see it at `now`: an active hold past its expiry is expired, even in
 * the instant before a reaper releases it (nothing can pay it any more: confirm checks the same clock).
 */
export function statusAt(hold: Hold, now: number): HoldStatus {
  return hold.status === 'active' && now >= hold.expiresAt ? 'expired' : hold.status;
}

export function toReservation(hold: Hold, now: number): Reservation {
  const saleId = hold.kind === 'flash_sale' ? hold.id.split('.')[0] : undefined;
  return {
    id: hold.id,
    kind: hold.kind,
    ...(saleId ? { saleId } : {}),
    lines: hold.lines,
    amountCents: hold.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
    currency: hold.currency,
    status: statusAt(hold, now),
    expiresAt: new Date(hold.expiresAt).toISOString(),
  };
}
