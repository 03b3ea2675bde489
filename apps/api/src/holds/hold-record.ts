import type { Reservation, ReservationKind, ReservationLine, ReservationStatus } from '@flashline/contracts';

/** The statuses a hold has in Redis: every status of a reservation. */
export type HoldStatus = ReservationStatus;

/**
 * The only moves a reservation's status makes; the Lua scripts enforce them (see lua/includes/holds.lua and
 * confirm.lua). A hold that ended unpaid may still be paid late (confirm.lua: its units are taken again if
 * free) or refused and refunded. The store's property test checks every script against this table.
 */
export const RESERVATION_TRANSITIONS: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> = {
  active: ['paid', 'cancelled', 'expired', 'refunded'],
  paid: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: ['paid', 'refunded'],
  expired: ['paid', 'refunded'],
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
  /** The Stripe PaymentIntent handed out for it (attach-intent.lua), with its client secret. */
  paymentIntent?: { id: string; clientSecret: string };
  /** The intent whose successful payment settled it (paid, completed, or refunded). */
  paidBy?: string;
  /** Its order, once completed. */
  orderId?: string;
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
  pi?: string;
  cs?: string;
  pp?: string;
  o?: string;
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
    ...(raw.pi ? { paymentIntent: { id: raw.pi, clientSecret: raw.cs ?? '' } } : {}),
    ...(raw.pp ? { paidBy: raw.pp } : {}),
    ...(raw.o ? { orderId: raw.o } : {}),
  };
}

/**
 * A hold's status as a reader should see it at `now`: an active hold past its expiry is expired, even in
 * the instant before a reaper releases it (nothing can pay it any more: confirm checks the same clock).
 */
export function statusAt(hold: Hold, now: number): HoldStatus {
  return hold.status === 'active' && now >= hold.expiresAt ? 'expired' : hold.status;
}

/** The sale a flash-sale hold belongs to (its id names it); undefined for a cart hold. */
export function saleIdOf(hold: Hold): string | undefined {
  return hold.kind === 'flash_sale' ? hold.id.split('.')[0] : undefined;
}

/** What the hold costs: what its payment must be, to the cent and in its currency. */
export function holdAmountCents(hold: Pick<Hold, 'lines'>): number {
  return hold.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

export function toReservation(hold: Hold, now: number): Reservation {
  const saleId = saleIdOf(hold);
  return {
    id: hold.id,
    kind: hold.kind,
    ...(saleId ? { saleId } : {}),
    lines: hold.lines,
    amountCents: holdAmountCents(hold),
    currency: hold.currency,
    status: statusAt(hold, now),
    expiresAt: new Date(hold.expiresAt).toISOString(),
    ...(hold.orderId ? { orderId: hold.orderId } : {}),
  };
}
