export type ReservationKind = 'flash_sale' | 'cart';

export type ReservationStatus = 'active' | 'paid' | 'completed' | 'expired' | 'cancelled' | 'refunded';

export interface ReservationLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Reservation {
  id: string;
  kind: ReservationKind;
  saleId?: string;
  lines: ReservationLine[];
  amountCents: number;
  currency: string;
  status: ReservationStatus;
  expiresAt: string;
  orderId?: string;
}

export interface PaymentIntentResponse {
  paymentIntentId: string;
  clientSecret: string;
  amountCents: number;
  currency: string;
}
