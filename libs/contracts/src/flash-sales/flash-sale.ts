import type { CreateWaitingRoomRequest, SaleQueueState, WaitingRoomSettings } from './waiting-room';

/** Every status a flash sale can have, in its life's order: the one list the API and the storefront use. */
export const FLASH_SALE_STATUSES = ['upcoming', 'active', 'sold_out', 'ended'] as const;
export type FlashSaleStatus = (typeof FLASH_SALE_STATUSES)[number];

export interface FlashSaleProduct {
  id: string;
  name: string;
  imageUrl?: string;
}

export interface FlashSale {
  id: string;
  product: FlashSaleProduct;
  salePriceCents: number;
  originalPriceCents: number;
  currency: string;
  quantity: number;
  remaining: number;
  startsAt: string;
  endsAt: string;
  status: FlashSaleStatus;
  perUserLimit: number;
  reservationTtlSeconds: number;
  /**
   * An admin paused the sale (`POST /api/flash-sales/:id/pause`): reserves are refused with
   * SALE_NOT_ACTIVE until it is resumed. `status` still follows the window and the stock.
   */
  paused: boolean;
  /** The sale's waiting room (contract: "Waiting room"), `null` for a sale bought as a scramble. */
  waitingRoom: WaitingRoomSettings | null;
}

export interface CreateFlashSaleRequest {
  productId: string;
  salePriceCents: number;
  quantity: number;
  startsAt: string;
  endsAt: string;
  perUserLimit?: number;
  reservationTtlSeconds?: number;
  waitingRoom?: CreateWaitingRoomRequest;
}

export interface ReserveRequest {
  quantity: number;
}

/** One message of `GET /api/flash-sales/:id/events`. */
export interface FlashSaleEvent {
  /** Units free to reserve now (0 once the sale ended). */
  remaining: number;
  /**
   * Units in shoppers' active holds now: reserved, not paid yet, not released. They come back to
   * `remaining` when a hold is released (cancelled, failed payment, or lapsed: a lapsed hold counts until
   * the reaper releases it, within about a second) and leave for good when it is paid. 0 once the sale
   * ended, like `remaining`. On every sale's messages, waiting room or not.
   */
  held: number;
  status: FlashSaleStatus;
  paused: boolean;
  /** Present on a waiting-room sale's messages only. */
  queue?: SaleQueueState;
}

export const DEFAULT_PER_USER_LIMIT = 1;
export const DEFAULT_RESERVATION_TTL_SECONDS = 600;
export const MAX_RESERVATION_TTL_SECONDS = 3600;
