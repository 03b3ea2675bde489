import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type Types, type UpdateQuery } from 'mongoose';
import type { Observable } from 'rxjs';
import {
  type CreateProductRequest,
  DEFAULT_PAGE_LIMIT,
  type Page,
  type Product,
  type ProductListQuery,
  type UpdateProductRequest,
} from '@flashline/contracts';
import { notFound } from '@api/common/errors';
import { InventoryLedger } from './inventory-ledger.service';
import type { NewMovement, RecordedMovement, StockReadOptions } from './inventory.types';
import { parseObjectId } from '@api/database';
import { initialOperationId, searchableName } from './products.storage';
import { type ProductLean, ProductRecord } from './schemas/product.schema';

/** An update as the admin route takes it: `imageUrl: null` removes the image. */
export type ProductChanges = Omit<UpdateProductRequest, 'imageUrl'> & { imageUrl?: string | null };

/**
 * The catalogue and its stock. The only way other modules reach products: they never touch its models.
 * Stock is an inventory ledger (see InventoryLedger); every read of a `Product` carries on-hand stock.
 */
@Injectable()
export class ProductsService {
  /**
   * Every movement THIS process newly inserted, right after it was stored (a duplicate operationId emits
   * nothing). Other API processes' movements do not appear here. Subscribers must not throw.
   */
  readonly movements$: Observable<RecordedMovement>;

  constructor(
    @InjectModel(ProductRecord.name) private readonly products: Model<ProductRecord>,
    private readonly ledger: InventoryLedger,
  ) {
    this.movements$ = ledger.movements$;
  }

  /**
   * Active products by name, a page at a time. `q` matches anywhere in the name, case-insensitively and
   * literally (it is regex-escaped). A substring pattern cannot use index bounds the way an anchored prefix
   * (`^q`) would, but the filter runs on the `{archived, nameLower, _id}` index keys: MongoDB scans the keys
   * of active products and fetches only matching documents, and that index also gives the sort. For a
   * flash-sale catalogue (thousands of products) that is cheap, and shoppers expect "phone" to find
   * "Smartphone". A catalogue of millions would want a text or search index instead.
   */
  async list(query: ProductListQuery): Promise<Page<Product>> {
    const page = query.page ?? 1;
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const q = query.q?.trim();
    const filter = q
      ? { archived: false, nameLower: { $regex: escapeRegex(searchableName(q)) } }
      : { archived: false };
    const [records, total] = await Promise.all([
      this.products
        .find(filter)
        .sort({ nameLower: 1, _id: 1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean<ProductLean[]>(),
      this.products.countDocuments(filter),
    ]);
    return { items: await this.withStock(records), total, page, limit };
  }

  /** NOT_FOUND for a malformed or unknown id. Archived products are found: check `archived`. */
  async findById(id: string): Promise<Product> {
    const record = await this.findRecord(id);
    return toProduct(record, await this.ledger.onHandStock(id));
  }

  /** Like findById, but an archived product is NOT_FOUND too: for anything that sells it. */
  async findActiveById(id: string): Promise<Product> {
    const product = await this.findById(id);
    if (product.archived) throw notFound('Product');
    return product;
  }

  /** The products that exist among `ids` (archived included), in no particular order; bad ids are skipped. */
  async findManyByIds(ids: readonly string[]): Promise<Product[]> {
    const objectIds = ids.map(parseObjectId).filter((id): id is Types.ObjectId => id !== undefined);
    if (objectIds.length === 0) return [];
    const records = await this.products.find({ _id: { $in: objectIds } }).lean<ProductLean[]>();
    return this.withStock(records);
  }

  async create(input: CreateProductRequest): Promise<Product> {
    const created = await this.products.create({
      name: input.name,
      nameLower: searchableName(input.name),
      description: input.description,
      priceCents: input.priceCents,
      currency: input.currency,
      imageUrl: input.imageUrl,
      archived: false,
    });
    const id = created._id.toHexString();
    // Product first, movement second: a movements$ subscriber can always look the product up.
    if (input.stock > 0) {
      await this.recordMovement({
        productId: id,
        delta: input.stock,
        reason: 'initial',
        operationId: initialOperationId(id),
      });
    }
    // A new product's only movement is the one just recorded.
    return toProduct(created.toObject<ProductLean>(), input.stock);
  }

  /**
   * Changes the given fields (last writer wins per field). `stock` records the difference to the current
   * on-hand stock as an `adjustment`; `operationKey` (an Idempotency-Key) makes a retry record it once.
   */
  async update(id: string, changes: ProductChanges, operationKey?: string): Promise<Product> {
    const { stock, ...fields } = changes;
    const update = toUpdate(fields);
    const record = update
      ? await this.products
          .findOneAndUpdate({ _id: requireObjectId(id) }, update, { new: true })
          .lean<ProductLean>()
      : await this.products.findById(requireObjectId(id)).lean<ProductLean>();
    if (!record) throw notFound('Product');
    const productId = record._id.toHexString();
    if (stock !== undefined) await this.adjustStockTo(productId, stock, operationKey);
    return toProduct(record, await this.ledger.onHandStock(productId));
  }

  /** Hides the product from lists; it stays readable by id (orders and sales keep pointing at it). */
  async archive(id: string): Promise<void> {
    const result = await this.products.updateOne({ _id: requireObjectId(id) }, { $set: { archived: true } });
    if (result.matchedCount === 0) throw notFound('Product');
  }

  /** On-hand stock: the sum of the product's movements (0 without any). Cached briefly unless `fresh`. */
  onHandStock(productId: string, options?: StockReadOptions): Promise<number> {
    return this.ledger.onHandStock(productId, options);
  }

  onHandStocks(productIds: readonly string[], options?: StockReadOptions): Promise<Map<string, number>> {
    return this.ledger.onHandStocks(productIds, options);
  }

  /**
   * Appends a movement to the ledger. Returns true when newly recorded, false when its operationId was
   * already recorded (then nothing changed and nothing is emitted). Safe to call concurrently and to retry.
   */
  recordMovement(movement: NewMovement): Promise<boolean> {
    return this.ledger.record(movement);
  }

  private async findRecord(id: string): Promise<ProductLean> {
    const record = await this.products.findById(requireObjectId(id)).lean<ProductLean>();
    if (!record) throw notFound('Product');
    return record;
  }

  /**
   * The admin sets a number; the ledger only takes differences. Reading the sum and inserting the
   * difference is not atomic on purpose: a sale recorded in between is not erased by the adjustment (stock
   * ends at target minus that sale), because nothing is ever overwritten, only appended.
   */
  private async adjustStockTo(id: string, target: number, operationKey?: string): Promise<void> {
    const current = await this.ledger.onHandStock(id, { fresh: true });
    if (target === current) return;
    await this.recordMovement({
      productId: id,
      delta: target - current,
      reason: 'adjustment',
      operationId: `adjustment:${id}:${operationKey ?? randomUUID()}`,
    });
  }

  private async withStock(records: readonly ProductLean[]): Promise<Product[]> {
    const stocks = await this.ledger.onHandStocks(records.map((record) => record._id.toHexString()));
    return records.map((record) => toProduct(record, stocks.get(record._id.toHexString()) ?? 0));
  }
}

function requireObjectId(id: string): Types.ObjectId {
  const objectId = parseObjectId(id);
  if (!objectId) throw notFound('Product');
  return objectId;
}

/** `$set` for the given fields (keeping `nameLower` in step with `name`), `$unset` for a removed image. */
function toUpdate(fields: Omit<ProductChanges, 'stock'>): UpdateQuery<ProductRecord> | undefined {
  const set: Partial<ProductRecord> = {};
  if (fields.name !== undefined) {
    set.name = fields.name;
    set.nameLower = searchableName(fields.name);
  }
  if (fields.description !== undefined) set.description = fields.description;
  if (fields.priceCents !== undefined) set.priceCents = fields.priceCents;
  if (fields.currency !== undefined) set.currency = fields.currency;
  if (fields.imageUrl) set.imageUrl = fields.imageUrl;
  const update: UpdateQuery<ProductRecord> = {};
  if (Object.keys(set).length > 0) update.$set = set;
  if (fields.imageUrl === null) update.$unset = { imageUrl: 1 };
  return Object.keys(update).length > 0 ? update : undefined;
}

export function toProduct(record: ProductLean, stock: number): Product {
  return {
    id: record._id.toHexString(),
    name: record.name,
    description: record.description,
    priceCents: record.priceCents,
    currency: record.currency,
    stock,
    ...(record.imageUrl ? { imageUrl: record.imageUrl } : {}),
    archived: record.archived,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** Makes user input match itself literally inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
