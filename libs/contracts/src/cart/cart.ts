/** Why a cart line cannot be bought as it stands; absent when it can. */
export type CartLineProblem = 'archived' | 'insufficient_stock';

export interface CartLine {
  productId: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
  available?: number;
  problem?: CartLineProblem;
}

export interface Cart {
  items: CartLine[];
  totalCents: number;
  currency: string;
}

export interface SetCartItemRequest {
  quantity: number;
}

export const CART_LINE_MAX_QUANTITY = 99;
