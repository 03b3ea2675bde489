import { Injectable } from '@nestjs/common';
import type { FlashSale, FlashSaleEvent, FlashSaleStatus } from '@flashline/contracts';
import type { SaleDefinition } from './flash-sale.repository';
import { RedisClock } from './redis-clock';
import { ReservationStore } from './reservation.store';
import { SaleLoader } from './sale-loader';

/**
 * A sale's status by the clock the reservation scripts use. `sold_out` is a state of an open window: those
 * sales are listed with the active ones, and may become `active` again when a hold expires or is cancelled.
 */
export function saleStatus(sale: SaleDefinition, remaining: number, now: number): FlashSaleStatus {
  if (now < sale.startsAt.getTime()) return 'upcoming';
  if (now >= sale.endsAt.getTime()) return 'ended';
  return remaining > 0 ? 'active' : 'sold_out';
}

/** What a client sees: an ended sale has nothing left to reserve, whatever went back to the product. */
export function saleEvent(sale: SaleDefinition, free: number, now: number): FlashSaleEvent {
  const status = saleStatus(sale, free, now);
  return { remaining: status === 'ended' ? 0 : Math.max(free, 0), status };
}

/** Live remaining units and status of sales, read from Redis (rebuilt from MongoDB when missing). */
@Injectable()
export class LiveSales {
  constructor(
    private readonly store: ReservationStore,
    private readonly loader: SaleLoader,
    private readonly clock: RedisClock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** Free units in Redis; an ended sale needs no Redis read at all. */
  async free(sale: SaleDefinition): Promise<number> {
    if (this.now() >= sale.endsAt.getTime()) return 0;
    const stock = await this.store.saleStock(sale.id, sale.productId);
    if (stock) return stock.free;
    await this.loader.ensureLoaded(sale.id);
    return (await this.store.saleStock(sale.id, sale.productId))?.free ?? 0;
  }

  async event(sale: SaleDefinition): Promise<FlashSaleEvent> {
    return saleEvent(sale, await this.free(sale), this.now());
  }

  async toFlashSale(sale: SaleDefinition): Promise<FlashSale> {
    return toFlashSale(sale, await this.event(sale));
  }
}

export function toFlashSale(sale: SaleDefinition, live: FlashSaleEvent): FlashSale {
  return {
    id: sale.id,
    product: {
      id: sale.productId,
      name: sale.productName,
      ...(sale.productImageUrl ? { imageUrl: sale.productImageUrl } : {}),
    },
    salePriceCents: sale.salePriceCents,
    originalPriceCents: sale.originalPriceCents,
    currency: sale.currency,
    quantity: sale.quantity,
    remaining: live.remaining,
    startsAt: sale.startsAt.toISOString(),
    endsAt: sale.endsAt.toISOString(),
    status: live.status,
    perUserLimit: sale.perUserLimit,
    reservationTtlSeconds: sale.reservationTtlSeconds,
  };
}
