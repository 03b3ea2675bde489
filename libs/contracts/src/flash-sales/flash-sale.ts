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
}

export interface CreateFlashSaleRequest {
  productId: string;
  salePriceCents: number;
  quantity: number;
  startsAt: string;
  endsAt: string;
  perUserLimit?: number;
  reservationTtlSeconds?: number;
}

export interface ReserveRequest {
  quantity: number;
}

/** One message of `GET /api/flash-sales/:id/events`. */
export interface FlashSaleEvent {
  remaining: number;
  status: FlashSaleStatus;
  paused: boolean;
}

export const DEFAULT_PER_USER_LIMIT = 1;
export const DEFAULT_RESERVATION_TTL_SECONDS = 600;
export const MAX_RESERVATION_TTL_SECONDS = 3600;
