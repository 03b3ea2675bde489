import type { Redis } from 'ioredis';

/** A script's raw reply. */
export type Reply = Array<string | number | null>;

/** A product's units in one pool. */
export interface StockCounts {
  free: number;
  held: number;
  sold: number;
}

export async function readStockCounts(
  redis: Redis,
  key: string,
  productId: string,
): Promise<StockCounts | undefined> {
  const [free, held, sold] = await redis.hmget(
    key,
    `free:${productId}`,
    `held:${productId}`,
    `sold:${productId}`,
  );
  if (free === null) return undefined;
  return { free: Number(free), held: Number(held ?? 0), sold: Number(sold ?? 0) };
}

export function asReply(reply: unknown): Reply {
  if (!Array.isArray(reply)) throw new Error(`Unexpected script reply: ${String(reply)}`);
  return reply as Reply;
}

/** A flat field/value list of a stock hash (`free:<p>`, `held:<p>`, `sold:<p>`) -> counts per product. */
export function stockByProduct(flat: readonly string[]): Map<string, StockCounts> {
  const stock = new Map<string, StockCounts>();
  for (let i = 0; i < flat.length; i += 2) {
    const [counter, productId] = [flat[i].slice(0, 4), flat[i].slice(5)];
    const counts = stock.get(productId) ?? { free: 0, held: 0, sold: 0 };
    if (counter === 'free' || counter === 'held' || counter === 'sold') counts[counter] = Number(flat[i + 1]);
    stock.set(productId, counts);
  }
  return stock;
}

export function unitsByProduct(flat: readonly unknown[]): Map<string, number> {
  const units = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) units.set(String(flat[i]), Number(flat[i + 1]));
  return units;
}

export function text(value: string | number | null | undefined): string {
  if (value === null || value === undefined) throw new Error('Missing value in a script reply');
  return String(value);
}
