import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { type Observable, Subject } from 'rxjs';
import { notFound } from '@api/common/errors';
import { IndexesReady, isDuplicateKey, parseObjectId } from '@api/database';
import type { NewMovement, RecordedMovement, StockReadOptions } from './inventory.types';
import { MOVEMENT_REASONS } from './products.storage';
import { InventoryMovementRecord } from './schemas/inventory-movement.schema';
import { StockCache } from './stock-cache';

/** How long this process trusts a stock sum it computed (writes of other processes show up after this). */
const STOCK_CACHE_TTL_MS = 2000;
const MAX_OPERATION_ID_LENGTH = 256;

/**
 * The inventory ledger: stock changes are inserted movements, never in-place updates, and on-hand stock is
 * their sum. Internal to the products module; other modules go through ProductsService.
 */
@Injectable()
export class InventoryLedger {
  private readonly recorded = new Subject<RecordedMovement>();
  /** Every movement this process newly inserted, after it was stored. */
  readonly movements$: Observable<RecordedMovement> = this.recorded.asObservable();
  private readonly cache = new StockCache(STOCK_CACHE_TTL_MS);
  private readonly indexes: IndexesReady;

  constructor(
    @InjectModel(InventoryMovementRecord.name)
    private readonly movements: Model<InventoryMovementRecord>,
  ) {
    this.indexes = new IndexesReady(movements);
  }

  /** Inserts the movement; false when its operationId was already recorded (nothing changes then). */
  async record(movement: NewMovement): Promise<boolean> {
    const productId = checkMovement(movement);
    const key = productId.toHexString();
    // Without the unique index a racing duplicate would be stored twice.
    await this.indexes.wait();
    let stored: InventoryMovementRecord;
    try {
      stored = await this.movements.create({ ...movement, productId });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    } finally {
      // Also after a failure: a timed-out insert may have been written all the same.
      this.cache.invalidate(key);
    }
    this.recorded.next({ ...movement, productId: key, createdAt: stored.createdAt });
    return true;
  }

  async onHandStock(productId: string, options: StockReadOptions = {}): Promise<number> {
    return (await this.onHandStocks([productId], options)).get(productId) ?? 0;
  }

  /**
   * On-hand stock of each product, keyed by the ids as given: 0 for a product without movements (or an id
   * that names no product).
   */
  async onHandStocks(
    productIds: readonly string[],
    options: StockReadOptions = {},
  ): Promise<Map<string, number>> {
    // Ids as given -> canonical hex ids: the cache and the ledger know a product by one spelling only.
    const keys = new Map(productIds.map((id) => [id, parseObjectId(id)?.toHexString()]));
    const known = new Map<string, number>();
    const toSum: string[] = [];
    for (const key of new Set(keys.values())) {
      if (key === undefined) continue;
      const cached = options.fresh ? undefined : this.cache.get(key);
      if (cached === undefined) toSum.push(key);
      else known.set(key, cached);
    }
    if (toSum.length > 0) {
      const snapshot = this.cache.snapshot();
      const sums = await this.sumMovements(toSum);
      for (const key of toSum) {
        known.set(key, sums.get(key) ?? 0);
        this.cache.set(key, sums.get(key) ?? 0, snapshot);
      }
    }
    return new Map([...keys].map(([id, key]) => [id, key === undefined ? 0 : (known.get(key) ?? 0)]));
  }

  /** One aggregation over the `{productId, delta}` index; `keys` are canonical hex ids. */
  private async sumMovements(keys: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.movements.aggregate<{ _id: Types.ObjectId; stock: number }>([
      { $match: { productId: { $in: keys.map((key) => new Types.ObjectId(key)) } } },
      { $group: { _id: '$productId', stock: { $sum: '$delta' } } },
    ]);
    return new Map(rows.map((row) => [row._id.toHexString(), row.stock]));
  }
}

/**
 * Rejects a malformed movement before anything is written; returns its product's ObjectId. Callers are
 * other services, so anything but an unknown product is a bug and fails loudly (500).
 */
function checkMovement(movement: NewMovement): Types.ObjectId {
  const productId = parseObjectId(movement.productId);
  if (!productId) throw notFound('Product');
  if (!Number.isSafeInteger(movement.delta) || movement.delta === 0) {
    throw new TypeError(`A movement needs a non-zero integer delta, got ${movement.delta}.`);
  }
  if (!MOVEMENT_REASONS.includes(movement.reason)) {
    throw new TypeError(`Unknown movement reason "${String(movement.reason)}".`);
  }
  const { operationId } = movement;
  if (
    typeof operationId !== 'string' ||
    operationId.length === 0 ||
    operationId.length > MAX_OPERATION_ID_LENGTH
  ) {
    throw new TypeError(`A movement needs an operationId of 1-${MAX_OPERATION_ID_LENGTH} characters.`);
  }
  return productId;
}
