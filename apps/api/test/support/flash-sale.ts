import { Types } from 'mongoose';
import { Redis } from 'ioredis';
import { ReservationStore, type SaleSnapshot } from '@api/flash-sale/reservation.store';
import { NOTHING_SOLD } from '@api/flash-sale/sold-units';

export const MINUTE_MS = 60_000;

export const newId = (): string => new Types.ObjectId().toHexString();

/** A store on its own client to this worker's test Redis database (see test-env.ts). */
export function storeOnTestRedis(): { redis: Redis; store: ReservationStore } {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    enableAutoPipelining: true,
    lazyConnect: false,
  });
  const store = new ReservationStore(redis);
  store.onModuleInit();
  return { redis, store };
}

/** A sale that is open now (by this machine's clock, which is the Redis server's too). */
export function openSale(overrides: Partial<SaleSnapshot> = {}): SaleSnapshot {
  const now = Date.now();
  return {
    saleId: newId(),
    productId: newId(),
    quantity: 10,
    priceCents: 1999,
    currency: 'usd',
    startsAt: new Date(now - MINUTE_MS),
    endsAt: new Date(now + 60 * MINUTE_MS),
    perUserLimit: 1,
    reservationTtlSeconds: 600,
    sold: NOTHING_SOLD,
    ...overrides,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last answer. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 5000,
  stepMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}

/** Every key of one pool hash tag, to delete what a test made. */
export async function deleteTagged(redis: Redis, tag: string): Promise<void> {
  const keys = await redis.keys(`{${tag}}:*`);
  if (keys.length > 0) await redis.del(...keys);
}
