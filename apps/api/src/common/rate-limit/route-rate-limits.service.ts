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
/** A limit a route's script counts, with its ScriptLimit per user id and per address, made once each. */
interface ScriptCounted {
  limit: NamedLimit;
  byUser: Map<string, ScriptLimit>;
  byIp: Map<string, ScriptLimit>;
}

@Injectable()
export class RouteRateLimits {
  private readonly limits: NamedLimit[];
  private readonly storage: RedisThrottlerStorage;
  private readonly scriptCounted = new Map<RateLimitGroup, ScriptCounted[]>();
  private remembered = 0;

  constructor(config: AppConfig, @InjectRedis() redis: Redis) {
    this.limits = rateLimits(config.rateLimit);
    this.storage = new RedisThrottlerStorage(
      redis,
      new Set(this.limits.filter((limit) => limit.failOpen).map((limit) => limit.name)),
    );
    for (const limit of this.limits) {
      if (!limit.group || !limit.inScript) continue;
      if (limit.tracker !== 'user' && limit.tracker !== 'ip') {
        throw new Error(`${limit.name}: a script counts per user or per IP, not per ${limit.tracker}`);
      }
      const counted = this.scriptCounted.get(limit.group) ?? [];
      counted.push({ limit, byUser: new Map(), byIp: new Map() });
      this.scriptCounted.set(limit.group, counted);
    }
  }

  /** The group's limits for this client, in the order they are counted. */
  forScript(group: RateLimitGroup, client: RateLimitClient): ScriptLimit[] {
    return (this.scriptCounted.get(group) ?? []).map((counted) => this.scriptLimit(counted, client));
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
    if (limit.tracker !== 'user' && limit.tracker !== 'ip')
      throw new Error(`${name}: no ${limit.tracker} tracker here`);
    const ttlMs = limit.rule.ttlSeconds * 1000;
    const perUser = countsUser(limit, client);
    const key = keyOf(limit, perUser, countedValue(perUser, client));
    const record = await this.storage.increment(key, ttlMs, limit.rule.limit, ttlMs, limit.name);
    if (record.isBlocked) throw rateLimited(limit.name, record.timeToBlockExpire);
  }

  /**
   * The client's ScriptLimit, made on its first request and remembered by the raw user id or address, so a
   * hot request builds no string: normalising an address and hashing the tracker cost more than the rest of
   * the limit's work on the hot path.
   */
  private scriptLimit({ limit, byUser, byIp }: ScriptCounted, client: RateLimitClient): ScriptLimit {
    const perUser = countsUser(limit, client);
    const value = countedValue(perUser, client);
    const remembered = perUser ? byUser : byIp;
    let scriptLimit = remembered.get(value);
    if (scriptLimit === undefined) {
      if (++this.remembered > MAX_CACHED_KEYS) this.forgetAll();
      scriptLimit = {
        name: limit.name,
        key: keyOf(limit, perUser, value),
        limit: limit.rule.limit,
        windowMs: limit.rule.ttlSeconds * 1000,
      };
      remembered.set(value, scriptLimit);
    }
    return scriptLimit;
  }

  private forgetAll(): void {
    for (const group of this.scriptCounted.values()) {
      for (const { byUser, byIp } of group) {
        byUser.clear();
        byIp.clear();
      }
    }
    this.remembered = 1;
  }
}

/** Whether `limit` counts this client by its user (a per-user limit, signed in) rather than its address. */
function countsUser(limit: NamedLimit, client: RateLimitClient): boolean {
  return limit.tracker === 'user' && client.userId !== undefined;
}

/** The user id or the address the client is counted by. */
function countedValue(perUser: boolean, client: RateLimitClient): string {
  return (perUser ? client.userId : client.ip) || 'unknown';
}

/** The throttle key of a limit for a user id or a client address (IPv4-mapped IPv6 normalised). */
function keyOf(limit: NamedLimit, perUser: boolean, value: string): string {
  return throttleKey(limit.name, perUser ? userTracker(value) : ipTracker(value));
}
