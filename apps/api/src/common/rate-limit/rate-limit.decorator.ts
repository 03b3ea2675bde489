import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RateLimitGroup } from './rate-limits';

export const RATE_LIMIT_GROUPS_KEY = 'flashline:rateLimitGroups';

/**
 * Applies named rate limits to a route (or controller) on top of the default limit every route has, e.g.
 * `@RateLimit('login')` counts the route against the `login-ip` and `login-email` limits. The limits of a
 * group are defined once, from config, in `rate-limits.ts`.
 */
export const RateLimit = (...groups: RateLimitGroup[]): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_GROUPS_KEY, groups);

const reflector = new Reflector();
/** A route's groups never change: read once per handler, not on every request (and every limit). */
const groupsByHandler = new WeakMap<object, readonly RateLimitGroup[]>();

/** The groups a route is marked with (`@RateLimit` on the handler and its controller). */
export function routeGroups(context: ExecutionContext): readonly RateLimitGroup[] {
  const handler = context.getHandler();
  let groups = groupsByHandler.get(handler);
  if (!groups) {
    groups = reflector.getAllAndMerge<RateLimitGroup[]>(RATE_LIMIT_GROUPS_KEY, [handler, context.getClass()]);
    groupsByHandler.set(handler, groups);
  }
  return groups;
}
