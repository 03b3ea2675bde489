import { type FlashSale, type FlashSaleEvent, type FlashSaleStatus } from '@flashline/contracts';

/** What the shopper can do with a sale right now: its status, or paused by an admin while it runs. */
export type SalePhase = FlashSaleStatus | 'paused';

/**
 * The sale's phase at server time `now`: the server's latest word (the event stream, else the sale as
 * read), moved on by the clock at `startsAt` and `endsAt`, so the page changes at the exact moment
 * rather than when the next message arrives. A running sale an admin paused is `paused` until resumed.
 */
export function salePhase(sale: FlashSale, live: FlashSaleEvent | null, now: number): SalePhase {
  const status = live?.status ?? sale.status;
  const remaining = live?.remaining ?? sale.remaining;
  if (status === 'ended' || now >= Date.parse(sale.endsAt)) return 'ended';
  if (status === 'upcoming' && now < Date.parse(sale.startsAt)) return 'upcoming';
  if (remaining <= 0) return 'sold_out';
  return (live?.paused ?? sale.paused) ? 'paused' : 'active';
}
