import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions, type ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { AccessTokenModule, AccessTokenService, DeviceCookies } from '@api/common/auth';
import { AppConfig } from '@api/config';
import { REDIS_CLIENT } from '@api/redis';
import { RateLimitGuard } from './rate-limit.guard';
import { routeGroups } from './rate-limit.decorator';
import { RateLimitTrackers, throttleKey } from './rate-limit-trackers';
import { type NamedLimit, rateLimits } from './rate-limits';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RouteRateLimits } from './route-rate-limits.service';

function toThrottler(limit: NamedLimit, trackers: RateLimitTrackers): ThrottlerOptions {
  const { group } = limit;
  return {
    name: limit.name,
    limit: limit.rule.limit,
    ttl: limit.rule.ttlSeconds * 1000,
    getTracker: (request) => trackers.of(limit.tracker, request as FastifyRequest),
    // Named limits apply only where a route opts in; `default` applies everywhere.
    skipIf: group ? (context) => !routeGroups(context).includes(group) : undefined,
    // X-RateLimit-* headers for the default limit only; every 429 gets Retry-After from the guard.
    setHeaders: !group,
  };
}

function throttlerOptions(
  config: AppConfig,
  tokens: AccessTokenService,
  redis: Redis,
  devices: DeviceCookies,
): ThrottlerModuleOptions {
  const trackers = new RateLimitTrackers(tokens, devices);
  const limits = rateLimits(config.rateLimit);
  const failOpen = new Set(limits.filter((limit) => limit.failOpen).map((limit) => limit.name));
  return {
    storage: new RedisThrottlerStorage(redis, failOpen),
    // Limits counted in their route's script are not the guard's (it skips those routes altogether).
    // Neither are the limits a route charges itself (RouteRateLimits.charge).
    throttlers: limits
      .filter((limit) => !limit.inScript && !limit.chargedByRoute)
      .map((limit) => toThrottler(limit, trackers)),
    // One budget per limit and client across routes (not per route), under a hashed key.
    generateKey: (_context, tracker, name) => throttleKey(name, tracker),
  };
}

/**
 * Rate limits for the whole API, counted in Redis so they hold across processes: the `default` limit on
 * every route, and named limits on routes marked `@RateLimit(group)`. Over a limit: 429 RATE_LIMITED with
 * `Retry-After`. All limits come from `AppConfig.rateLimit` (env `RATE_LIMIT_*`). Routes whose limits their
 * own script counts (the flash-sale reserve) use the exported RouteRateLimits instead of the guard.
 */
@Module({
  imports: [
    AccessTokenModule,
    ThrottlerModule.forRootAsync({
      imports: [AccessTokenModule],
      inject: [AppConfig, AccessTokenService, REDIS_CLIENT, DeviceCookies],
      useFactory: throttlerOptions,
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }, RouteRateLimits],
  exports: [RouteRateLimits],
})
export class RateLimitModule {}
