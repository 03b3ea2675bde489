import type { ReservationLine } from '../reservations/reservation';

export type OrderStatus = 'paid' | 'refunded';

/** A line as sold: the product's name and price are kept even if the product changes later. */
export interface OrderLine extends ReservationLine {
  name: string;
}

export interface Order {
  id: string;
  userId: string;
  reservationId: string;
  lines: OrderLine[];
  amountCents: number;
  currency: string;
  status: OrderStatus;
  paymentIntentId: string;
  createdAt: string;
}
