/**
 * The waiting room of a sale (contract: "Waiting room"). A sale created with `waitingRoom` is bought through a
 * line: early joiners are drawn into a random order at `startsAt`, later joiners queue by arrival, and tickets are
 * admitted from the front at most `admitPerSecond` a second, never beyond the free units.
 */
export interface WaitingRoomSettings {
  admitPerSecond: number;
  admissionSeconds: number;
}

/** `waitingRoom` of `POST /api/flash-sales`: either field may be left out for its default. */
export type CreateWaitingRoomRequest = Partial<WaitingRoomSettings>;

export const DEFAULT_ADMIT_PER_SECOND = 20;
export const DEFAULT_ADMISSION_SECONDS = 120;

export type QueueTicketStatus = 'waiting' | 'admitted' | 'used' | 'expired' | 'sold_out' | 'ended';

export const QUEUE_TICKET_STATUSES: readonly QueueTicketStatus[] = [
  'waiting',
  'admitted',
  'used',
  'expired',
  'sold_out',
  'ended',
];

/** A shopper's place in a sale's line: `POST`, `GET /api/flash-sales/:id/queue`. */
export interface QueueTicket {
  saleId: string;
  status: QueueTicketStatus;
  /** The ticket's place in line (1-based, fixed once known); `null` for an early joiner until the draw. */
  number: number | null;
  /** Admissions left until this ticket's (`1` = next, `0` once admitted); `null` before the draw. */
  position: number | null;
  estimatedWaitSeconds: number | null;
  /** Until when an admitted ticket may reserve (ISO 8601). */
  admittedUntil?: string;
  joinedAt: string;
}

/** The `queue` field of every sale event: each page computes its own position from it. */
export interface SaleQueueState {
  /** Tickets still waiting. */
  waiting: number;
  /** The highest ticket number admitted so far (0 before the first admission). */
  admittedUpTo: number;
}

/** The line as an operator watches it (part of `SaleOperations` for a waiting-room sale). */
export interface WaitingRoomOperations {
  waiting: number;
  admitted: number;
  used: number;
  expired: number;
  /** Admissions per second over the last few seconds. */
  admissionRate: number;
  /** When the draw ran (ISO 8601), `null` before it. */
  drawnAt: string | null;
}
