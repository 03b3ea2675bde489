import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@api/config';
import { InjectRedis } from '@api/redis';
import { rateLimited } from './rate-limit.guard';
import { ipTracker, throttleKey, userTracker } from './rate-limit-trackers';
import { type NamedLimit, type RateLimitGroup, rateLimits } from './rate-limits';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** Throttle keys remembered (clients in a flash crowd): bounded, emptied when full. */
const MAX_CACHED_KEYS = 50_000;

/** Who a request comes from, as a route that counts its own limits knows it (after authentication). */
export interface RateLimitClient {
  userId?: string;
  /** The client address (Fastify `request.ip`). */
  ip: string;
}

/**
 * One limit a route's script counts: the script adds one to its counter and refuses the request over
 * `limit` hits per window; a refused client waits one window.
 */
export interface ScriptLimit {
  /** The limit's name (`reserve-user`), for metrics. */
  name: string;
  /** `<name>:<hashed tracker>`: the script's Redis key names it (within the script's own hash tag). */
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Rate limits for routes that count them inside their own Redis script (SCRIPT_COUNTED_GROUPS), so a limited
 * request costs no round trip of its own: the limits for a client, the one 429 answer, and the `default`
 * limit for when such a route has to do what any route does (e.g. read MongoDB).
 */
@Injectable()
export class RouteRateLimits {
  private readonly limits: NamedLimit[];
  private readonly storage: RedisThrottlerStorage;
  private readonly keys = new Map<string, string>();

  constructor(config: AppConfig, @InjectRedis() redis: Redis) {
    this.limits = rateLimits(config.rateLimit);
    this.storage = new RedisThrottlerStorage(
      redis,
      new Set(this.limits.filter((limit) => limit.failOpen).map((limit) => limit.name)),
    );
  }

  /** The group's limits for this client, in the order they are counted. */
  forScript(group: RateLimitGroup, client: RateLimitClient): ScriptLimit[] {
    return this.limits
      .filter((limit) => limit.group === group && limit.inScript)
      .map((limit) => ({
        name: limit.name,
        key: this.keyOf(limit, this.tracker(limit, client)),
        limit: limit.rule.limit,
        windowMs: limit.rule.ttlSeconds * 1000,
      }));
  }

  /** A script said the client is over `limit` for another `retryAfterMs`: 429 with Retry-After. */
  refuse(limit: ScriptLimit, retryAfterMs: number): Error {
    return rateLimited(limit.name, retryAfterMs / 1000);
  }

  /**
   * Counts the request against a limit the guard counts everywhere else (`default`), under the same key
   * the guard uses; throws 429 over it. One round trip: for a route's slow path only.
   */
  async charge(name: string, client: RateLimitClient): Promise<void> {
    const limit = this.limits.find((candidate) => candidate.name === name);
    if (!limit) throw new Error(`No rate limit named ${name}`);
    const ttlMs = limit.rule.ttlSeconds * 1000;
    const key = this.keyOf(limit, this.tracker(limit, client));
    const record = await this.storage.increment(key, ttlMs, limit.rule.limit, ttlMs, limit.name);
    if (record.isBlocked) throw rateLimited(limit.name, record.timeToBlockExpire);
  }

  private tracker(limit: NamedLimit, client: RateLimitClient): string {
    if (limit.tracker === 'user' && client.userId) return userTracker(client.userId);
    if (limit.tracker !== 'user' && limit.tracker !== 'ip') {
      throw new Error(`${limit.name}: no ${limit.tracker} tracker outside the guard`);
    }
    return `ip:${client.ip || 'unknown'}`;
  }

  /**
   * The throttle key of a limit and raw tracker, remembered: normalising an address (IPv4-mapped IPv6 from
   * a dual-stack socket) and hashing cost more than the rest of the limit's work on the hot path.
   */
  private keyOf(limit: NamedLimit, tracker: string): string {
    const cacheKey = `${limit.name}\n${tracker}`;
    let key = this.keys.get(cacheKey);
    if (key === undefined) {
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
      const normalized = tracker.startsWith('ip:') ? ipTracker(tracker.slice(3)) : tracker;
      key = throttleKey(limit.name, normalized);
      this.keys.set(cacheKey, key);
    }
    return key;
  }
}
