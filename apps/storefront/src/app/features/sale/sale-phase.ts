import { type FlashSale, type FlashSaleEvent, type FlashSaleStatus } from '@flashline/contracts';

/** What the shopper can do with a sale right now. */
export type SalePhase = FlashSaleStatus;

/**
 * The sale's phase at server time `now`: the server's latest word (the event stream, else the sale as
 * read), moved on by the clock at `startsAt` and `endsAt`, so the page changes at the exact moment
 * rather than when the next message arrives.
 */
export function salePhase(sale: FlashSale, live: FlashSaleEvent | null, now: number): SalePhase {
  const status = live?.status ?? sale.status;
  const remaining = live?.remaining ?? sale.remaining;
  if (status === 'ended' || now >= Date.parse(sale.endsAt)) return 'ended';
  if (status === 'upcoming' && now < Date.parse(sale.startsAt)) return 'upcoming';
  return remaining > 0 ? 'active' : 'sold_out';
}
