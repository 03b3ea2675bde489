import type { FlashSaleStatus } from './flash-sale';
import type { WaitingRoomOperations } from './waiting-room';

/** Why a reserve was refused, as counted per sale for operators. */
export type ReserveRejectionReason = 'sold_out' | 'limit_reached' | 'not_active' | 'rate_limited';

/**
 * One sale as an operator watches it (admin only): `GET /api/admin/flash-sales/:id/operations` answers one,
 * and `GET /api/admin/flash-sales/:id/operations/events` streams one about every second. Counts are of
 * reservations (holds) unless they say units; they are totals across every API process since the sale loaded.
 */
export interface SaleOperations {
  saleId: string;
  /** When this snapshot was taken (server clock, ISO 8601). */
  at: string;
  status: FlashSaleStatus;
  paused: boolean;
  quantity: number;
  /** Units free to reserve now. */
  remaining: number;
  /** Units in active (unpaid, unexpired) holds now. */
  heldUnits: number;
  /** Units paid for (sold), refunds excluded. */
  soldUnits: number;
  /** Holds taken, and what became of them. */
  taken: number;
  paid: number;
  expired: number;
  cancelled: number;
  refunded: number;
  /** paid / taken, 0 when nothing was taken (a fraction, not a percentage). */
  conversion: number;
  /** Reserve requests per second over the last few seconds (accepted and refused). */
  reserveRate: number;
  rejections: Record<ReserveRejectionReason, number>;
  /** The line of a waiting-room sale, `null` for a sale without one. */
  waitingRoom: WaitingRoomOperations | null;
}
