import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import type { Cart, CartLine, Product } from '@flashline/contracts';
import { DomainError } from '@api/common/errors';
import { IndexesReady, isDuplicateKey, parseObjectId } from '@api/database';
import { ProductsService } from '@api/products';
import { type CartItemLean, CartItemRecord } from './schemas/cart-item.schema';

/** What a user put in the cart: a product and how many. Prices and stock are looked up when needed. */
export interface CartItem {
  productId: string;
  quantity: number;
}

/** The currency an empty cart reports. */
export const DEFAULT_CURRENCY = 'usd';

/**
 * Carts, one per user, stored as one document per line. Every method takes the user's id from the
 * authenticated request, so a user only ever reads or writes their own lines.
 */
@Injectable()
export class CartService {
  private readonly indexes: IndexesReady;

  constructor(
    @InjectModel(CartItemRecord.name) private readonly items: Model<CartItemRecord>,
    private readonly products: ProductsService,
  ) {
    this.indexes = new IndexesReady(items);
  }

  /** The cart priced now: current prices, on-hand stock, and each line's problem if it cannot be bought. */
  async getCart(userId: string): Promise<Cart> {
    const lines = await this.getLines(userId);
    const products = await this.products.findManyByIds(lines.map((line) => line.productId));
    return priceCart(lines, new Map(products.map((product) => [product.id, product])));
  }

  /** The raw lines, oldest first (what checkout reserves). */
  async getLines(userId: string): Promise<CartItem[]> {
    const records = await this.items.find({ userId }).sort({ createdAt: 1, _id: 1 }).lean<CartItemLean[]>();
    return records.map((record) => ({
      productId: record.productId.toHexString(),
      quantity: record.quantity,
    }));
  }

  /** Sets a line's quantity (adding the line if new). NOT_FOUND for an unknown or archived product. */
  async setQuantity(userId: string, productId: string, quantity: number): Promise<Cart> {
    const product = await this.products.findActiveById(productId);
    await this.refuseMixedCurrency(userId, product);
    await this.upsertLine(userId, product.id, quantity);
    return this.getCart(userId);
  }

  /** Removes a line; removing a line that is not there is not an error. */
  async removeLine(userId: string, productId: string): Promise<Cart> {
    const objectId = parseObjectId(productId);
    if (objectId) await this.items.deleteOne({ userId, productId: objectId });
    return this.getCart(userId);
  }

  /**
   * Empties the cart. With `lines` (what checkout read and reserved) only those lines are removed, and only
   * while their quantity is unchanged: a line the user added or changed meanwhile stays in the cart.
   */
  async clear(userId: string, lines?: readonly CartItem[]): Promise<void> {
    if (!lines) {
      await this.items.deleteMany({ userId });
      return;
    }
    const matches = lines.flatMap((line) => {
      const productId = parseObjectId(line.productId);
      return productId ? [{ productId, quantity: line.quantity }] : [];
    });
    if (matches.length > 0) await this.items.deleteMany({ userId, $or: matches });
  }

  /** One currency per cart: the total would mean nothing otherwise. */
  private async refuseMixedCurrency(userId: string, product: Product): Promise<void> {
    const others = (await this.getLines(userId)).filter((line) => line.productId !== product.id);
    if (others.length === 0) return;
    const inCart = await this.products.findManyByIds(others.map((line) => line.productId));
    const foreign = inCart.find((other) => other.currency !== product.currency);
    if (foreign) {
      throw new DomainError(
        'CONFLICT',
        `Your cart holds products priced in ${foreign.currency.toUpperCase()}; ` +
          `this one is priced in ${product.currency.toUpperCase()}.`,
      );
    }
  }

  /**
   * Last writer wins on the user's own line. Two first writes of a line may both try the upsert's insert;
   * the unique {userId, productId} index lets one in and the other then updates the line it created.
   */
  private async upsertLine(userId: string, productId: string, quantity: number): Promise<void> {
    await this.indexes.wait();
    const filter = { userId, productId: parseObjectId(productId) };
    try {
      await this.items.updateOne(filter, { $set: { quantity } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.items.updateOne(filter, { $set: { quantity } });
    }
  }
}

/** Prices every line; the total is the sum of all lines, problem lines included (checkout refuses those). */
function priceCart(lines: readonly CartItem[], products: ReadonlyMap<string, Product>): Cart {
  const items = lines.map((line) => priceLine(line, products.get(line.productId)));
  const currency = lines.map((line) => products.get(line.productId)?.currency).find(Boolean);
  return {
    items,
    totalCents: items.reduce((sum, item) => sum + item.lineTotalCents, 0),
    currency: currency ?? DEFAULT_CURRENCY,
  };
}

/** A line of a product that is gone or archived is reported as `archived`, never silently dropped. */
function priceLine(line: CartItem, product: Product | undefined): CartLine {
  const unitPriceCents = product?.priceCents ?? 0;
  const priced = {
    productId: line.productId,
    name: product?.name ?? '',
    unitPriceCents,
    quantity: line.quantity,
    lineTotalCents: unitPriceCents * line.quantity,
  };
  if (!product || product.archived) return { ...priced, available: 0, problem: 'archived' };
  const available = Math.max(product.stock, 0);
  return line.quantity > available
    ? { ...priced, available, problem: 'insufficient_stock' }
    : { ...priced, available };
}
