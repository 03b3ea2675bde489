import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { FlashSale, ReserveRejectionReason } from '@flashline/contracts';
import { notFound } from '@api/common/errors/domain-error';
import { InjectRedis } from '@api/redis/redis.module';
import { saleStatsKey, saleStockKey } from '@api/redis/redis-keys';
import { FlashSaleRepository, type SaleDefinition } from './flash-sale.repository';
import { saleEvent, toFlashSale } from './live-sales';
import { RedisClock } from './redis-clock';
import type { StockCounts } from './reservation.store';
import { SaleLoader, saleReloading } from './sale-loader';

export const REJECTION_REASONS: readonly ReserveRejectionReason[] = [
  'sold_out',
  'limit_reached',
  'not_active',
  'rate_limited',
];

/** The sale's funnel totals across every API process, from its stats hash (see `saleStatsKey`). */
export interface SaleStats {
  /** Holds taken, and what became of them. */
  taken: number;
  paid: number;
  expired: number;
  cancelled: number;
  refunded: number;
  /** Units sold through paid holds. */
  sold: number;
  rejections: Record<ReserveRejectionReason, number>;
}

/** One sale read at one instant: its counters and funnel come from one atomic Redis read. */
export interface SaleFunnelReading {
  /** The sale with its live remaining units and status. */
  sale: FlashSale;
  /** Units: free to reserve, in active holds, sold. */
  stock: StockCounts;
  stats: SaleStats;
  /** When it was read, by the Redis clock (ms). */
  at: number;
}

/**
 * Reads a sale for operators: its stock counters and its funnel stats in one MULTI (both keys share the
 * sale's hash tag), so `remaining`, `heldUnits` and the funnel describe the same instant. Counters that are
 * missing (Redis lost them) are rebuilt from MongoDB first, exactly as a reserve would.
 */
@Injectable()
export class SaleFunnel {
  constructor(
    private readonly sales: FlashSaleRepository,
    private readonly loader: SaleLoader,
    private readonly clock: RedisClock,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  /** NOT_FOUND for an unknown (or malformed) sale id. */
  async read(saleId: string): Promise<SaleFunnelReading> {
    const sale = await this.sales.find(saleId);
    if (!sale) throw notFound('Flash sale');
    let counts = await this.counts(sale);
    if (!counts) {
      await this.loader.ensureLoaded(saleId);
      counts = await this.counts(sale);
      if (!counts) throw saleReloading();
    }
    const at = this.clock.now();
    return { sale: toFlashSale(sale, saleEvent(sale, counts.stock.free, at)), ...counts, at };
  }

  private async counts(sale: SaleDefinition): Promise<Omit<SaleFunnelReading, 'sale' | 'at'> | undefined> {
    const product = sale.productId;
    const replies = await this.redis
      .multi()
      .hmget(saleStockKey(sale.id), `free:${product}`, `held:${product}`, `sold:${product}`)
      .hgetall(saleStatsKey(sale.id))
      .exec();
    const [stockReply, statsReply] = (replies ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    const [free, held, sold] = stockReply as (string | null)[];
    if (free === null || free === undefined) return undefined;
    return {
      stock: { free: Number(free), held: Number(held ?? 0), sold: Number(sold ?? 0) },
      stats: parseStats(statsReply as Record<string, string>),
    };
  }
}

/** The stats hash as numbers; a field never written (nothing counted yet) is 0. */
export function parseStats(hash: Readonly<Record<string, string>>): SaleStats {
  const count = (field: string): number => {
    const value = Number(hash[field] ?? 0);
    return Number.isFinite(value) ? value : 0;
  };
  return {
    taken: count('taken'),
    paid: count('paid'),
    expired: count('expired'),
    cancelled: count('cancelled'),
    refunded: count('refunded'),
    sold: count('sold'),
    rejections: Object.fromEntries(
      REJECTION_REASONS.map((reason) => [reason, count(`rejected:${reason}`)]),
    ) as Record<ReserveRejectionReason, number>,
  };
}
