import type { Redis } from 'ioredis';
import type { SaleQueueState } from '@flashline/contracts';
import { saleLineEarlyKey, saleLineKey, saleLineWaitingKey } from '@api/redis';

/**
 * A sale's line as its event stream first shows it (admit.lua publishes every change after that): tickets
 * waiting (none once the line closed) and the highest number admitted. Plain reads, sent together. It lives
 * with the holds (SaleStateStore.saleLiveState reads it, as reserve.lua reads the line's admissions) because
 * the waiting room depends on the holds module, not the other way round.
 */
export async function readQueueState(redis: Redis, saleId: string): Promise<SaleQueueState> {
  const [[upTo, closed], early, numbered] = await Promise.all([
    redis.hmget(saleLineKey(saleId), 'upTo', 'closed'),
    redis.scard(saleLineEarlyKey(saleId)),
    redis.zcard(saleLineWaitingKey(saleId)),
  ]);
  return { waiting: closed ? 0 : early + numbered, admittedUpTo: Number(upTo ?? 0) };
}
