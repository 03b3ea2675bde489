import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { defineScripts, rateLimitBlockKey, rateLimitHitsKey } from '@api/redis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Logged at most this often while Redis is down, not once per request. */
const FAIL_OPEN_LOG_INTERVAL_MS = 10_000;

/**
 * Throttler storage on the shared Redis: limits hold across every API process. One Lua script per request
 * (fixed window + block), sent by SHA. When Redis fails, limits named in `failOpen` let the request through
 * and the others fail it (503), as each limit's definition says.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastFailOpenLog = 0;

  constructor(
    private readonly redis: Redis,
    private readonly failOpen: ReadonlySet<string>,
  ) {
    defineScripts(redis);
  }

  /** `ttl` and `blockDuration` in ms (throttler 6); the record's times in whole seconds, as throttler expects. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      return await this.count(key, ttl, limit, blockDuration);
    } catch (error) {
      if (!this.failOpen.has(throttlerName)) throw error;
      this.logFailOpen(error);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private async count(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const [totalHits, windowMs, blocked, blockMs] = (await this.redis.flashlineThrottleHit(
      rateLimitHitsKey(key),
      rateLimitBlockKey(key),
      ttl,
      limit,
      Math.max(blockDuration, 1),
    )) as [number, number, number, number];
    return {
      totalHits,
      timeToExpire: Math.ceil(windowMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockMs / 1000),
    };
  }

  private logFailOpen(error: unknown): void {
    const now = Date.now();
    if (now - this.lastFailOpenLog < FAIL_OPEN_LOG_INTERVAL_MS) return;
    this.lastFailOpenLog = now;
    this.logger.warn(
      { err: error },
      'rate limits cannot be counted (Redis failed): letting requests through',
    );
  }
}
