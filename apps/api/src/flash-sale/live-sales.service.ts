import { Injectable } from '@nestjs/common';
import type { FlashSale, FlashSaleEvent, FlashSaleStatus } from '@flashline/contracts';
import type { SaleDefinition } from './flash-sale.repository';
import { RedisClock, SaleStateStore, type SaleLiveState } from '@api/holds';
import { SaleLoader } from './sale-loader.service';

/**
 * A sale's status by the clock the reservation scripts use. `sold_out` is a state of an open window: those
 * sales are listed with the active ones, and may become `active` again when a hold expires or is cancelled.
 */
export function saleStatus(sale: SaleDefinition, remaining: number, now: number): FlashSaleStatus {
  if (now < sale.startsAt.getTime()) return 'upcoming';
  if (now >= sale.endsAt.getTime()) return 'ended';
  return remaining > 0 ? 'active' : 'sold_out';
}

/**
 * What a client sees: an ended sale has nothing left to reserve, whatever went back to the product, and
 * nothing to wait for in carts.
 */
export function saleEvent(sale: SaleDefinition, live: SaleLiveState, now: number): FlashSaleEvent {
  const status = saleStatus(sale, live.free, now);
  const ended = status === 'ended';
  const event = {
    remaining: ended ? 0 : Math.max(live.free, 0),
    held: ended ? 0 : Math.max(live.held, 0),
    status,
    paused: live.paused,
  };
  if (!sale.waitingRoom) return event;
  // A waiting-room sale's messages always say where the line is (nobody waits once the sale ended).
  const queue = live.queue ?? { waiting: 0, admittedUpTo: 0 };
  return { ...event, queue: ended ? { ...queue, waiting: 0 } : queue };
}

/** Live free and held units, status and pause of sales, read from Redis (rebuilt from MongoDB when missing). */
@Injectable()
export class LiveSales {
  constructor(
    private readonly saleState: SaleStateStore,
    private readonly loader: SaleLoader,
    private readonly clock: RedisClock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /**
   * Free and held units and the pause, from Redis (where reserve reads them); an ended sale needs no Redis
   * read at all (its pause as MongoDB said when this process read it).
   */
  async state(sale: SaleDefinition): Promise<SaleLiveState> {
    if (this.now() >= sale.endsAt.getTime()) return { free: 0, held: 0, paused: sale.paused };
    const withQueue = sale.waitingRoom !== null;
    const live = await this.saleState.saleLiveState(sale.id, sale.productId, withQueue);
    if (live) return live;
    await this.loader.ensureLoaded(sale.id);
    return (
      (await this.saleState.saleLiveState(sale.id, sale.productId, withQueue)) ?? {
        free: 0,
        held: 0,
        paused: sale.paused,
      }
    );
  }

  async event(sale: SaleDefinition): Promise<FlashSaleEvent> {
    return saleEvent(sale, await this.state(sale), this.now());
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
    paused: live.paused,
    waitingRoom: sale.waitingRoom,
  };
}
