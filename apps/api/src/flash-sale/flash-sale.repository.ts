import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type FilterQuery, Model, Types } from 'mongoose';
import { SALE_ID_PATTERN } from '@api/holds';
import { type FlashSaleLean, FlashSaleRecord } from './schemas/flash-sale.schema';

/** A sale's definition as the module works with it (immutable once created, except `paused`). */
export interface SaleDefinition {
  id: string;
  productId: string;
  productName: string;
  productImageUrl?: string;
  salePriceCents: number;
  originalPriceCents: number;
  currency: string;
  quantity: number;
  startsAt: Date;
  endsAt: Date;
  perUserLimit: number;
  reservationTtlSeconds: number;
  /**
   * Paused by an admin, as MongoDB said when this was read: a cached definition may be stale. The live
   * value is in the sale's Redis definition (LiveSales reads it); loading a sale reads MongoDB afresh.
   */
  paused: boolean;
}

export type NewSale = SaleDefinition;

export type WindowFilter = 'upcoming' | 'active' | 'ended';

/** Most sales one list returns; the contract's list is not paged. */
export const MAX_LISTED_SALES = 200;
const MAX_CACHED_DEFINITIONS = 10_000;

/**
 * Flash-sale definitions in MongoDB. Definitions never change after creation (but for `paused`, which the
 * hot paths read from Redis), so this process caches the ones it has read: the hot paths (reserve, reads,
 * the reaper) then do not touch MongoDB.
 */
@Injectable()
export class FlashSaleRepository {
  private readonly cache = new Map<string, SaleDefinition>();

  constructor(@InjectModel(FlashSaleRecord.name) private readonly sales: Model<FlashSaleRecord>) {}

  static newId(): string {
    return new Types.ObjectId().toHexString();
  }

  async insert(sale: NewSale): Promise<void> {
    const { id, ...fields } = sale;
    await this.sales.create({ _id: new Types.ObjectId(id), ...fields });
    this.remember(sale);
  }

  /** The sale, or undefined for an unknown or malformed id. */
  async find(id: string): Promise<SaleDefinition | undefined> {
    const cached = this.cache.get(id);
    if (cached || !SALE_ID_PATTERN.test(id)) return cached;
    const record = await this.sales.findById(id).lean<FlashSaleLean>();
    return record ? this.remember(toDefinition(record)) : undefined;
  }

  /** The sale as MongoDB has it now (not from the cache, which it refreshes): for loading it into Redis. */
  async findFresh(id: string): Promise<SaleDefinition | undefined> {
    if (!SALE_ID_PATTERN.test(id)) return undefined;
    const record = await this.sales.findById(id).lean<FlashSaleLean>();
    return record ? this.remember(toDefinition(record)) : undefined;
  }

  /**
   * An admin pauses or resumes the sale: a blind `$set` (the last admin's word stands, nothing is read
   * first). False when there is no such sale.
   */
  async setPaused(id: string, paused: boolean): Promise<boolean> {
    if (!SALE_ID_PATTERN.test(id)) return false;
    const result = await this.sales.updateOne({ _id: new Types.ObjectId(id) }, { $set: { paused } });
    const cached = this.cache.get(id);
    if (cached) this.cache.set(id, { ...cached, paused });
    return result.matchedCount > 0;
  }

  /** MongoDB's `paused` for the sale as it is now (never the cache); undefined for an unknown sale. */
  async storedPaused(id: string): Promise<boolean | undefined> {
    if (!SALE_ID_PATTERN.test(id)) return undefined;
    const record = await this.sales.findById(id, { paused: 1 }).lean<{ paused?: boolean }>().exec();
    return record ? record.paused === true : undefined;
  }

  /** The sale if this process has read it before; no I/O. */
  cached(id: string): SaleDefinition | undefined {
    return this.cache.get(id);
  }

  /** Sales whose window is in the given state at `now` (all of them without a filter). */
  async list(window: WindowFilter | undefined, now: Date): Promise<SaleDefinition[]> {
    const filters: Record<WindowFilter, FilterQuery<FlashSaleRecord>> = {
      upcoming: { startsAt: { $gt: now } },
      active: { startsAt: { $lte: now }, endsAt: { $gt: now } },
      ended: { endsAt: { $lte: now } },
    };
    const records = await this.sales
      .find(window ? filters[window] : {})
      .sort(window === 'ended' ? { endsAt: -1, _id: 1 } : { startsAt: 1, _id: 1 })
      .limit(MAX_LISTED_SALES)
      .lean<FlashSaleLean[]>();
    return records.map((record) => this.remember(toDefinition(record)));
  }

  /** Sales whose unsold units have not gone back yet: the ones the reaper looks after. */
  async unsettled(): Promise<SaleDefinition[]> {
    const records = await this.sales.find({ settledAt: { $exists: false } }).lean<FlashSaleLean[]>();
    return records.map((record) => this.remember(toDefinition(record)));
  }

  /**
   * Sales whose holds may still be settling a payment: every sale not settled yet, and those whose window
   * ended after `since` (a paid hold outlives its sale's settlement until its order is written).
   */
  async recent(since: Date): Promise<SaleDefinition[]> {
    const records = await this.sales
      .find({ $or: [{ settledAt: { $exists: false } }, { endsAt: { $gte: since } }] })
      .lean<FlashSaleLean[]>();
    return records.map((record) => this.remember(toDefinition(record)));
  }

  /** Blind write of values every process computes alike: safe if several processes settle at once. */
  async markSettled(id: string, returnedUnits: number, at: Date): Promise<void> {
    await this.sales.updateOne({ _id: new Types.ObjectId(id) }, { $set: { settledAt: at, returnedUnits } });
  }

  private remember(sale: SaleDefinition): SaleDefinition {
    if (this.cache.size >= MAX_CACHED_DEFINITIONS) this.cache.clear();
    this.cache.set(sale.id, sale);
    return sale;
  }
}

function toDefinition(record: FlashSaleLean): SaleDefinition {
  return {
    id: record._id.toHexString(),
    productId: record.productId,
    productName: record.productName,
    ...(record.productImageUrl ? { productImageUrl: record.productImageUrl } : {}),
    salePriceCents: record.salePriceCents,
    originalPriceCents: record.originalPriceCents,
    currency: record.currency,
    quantity: record.quantity,
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    perUserLimit: record.perUserLimit,
    reservationTtlSeconds: record.reservationTtlSeconds,
    // Sales created before pausing existed have no field: not paused.
    paused: record.paused === true,
  };
}
