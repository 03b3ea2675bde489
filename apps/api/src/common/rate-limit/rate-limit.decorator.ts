import { SetMetadata } from '@nestjs/common';
import type { RateLimitGroup } from './rate-limits';

export const RATE_LIMIT_GROUPS_KEY = 'flashline:rateLimitGroups';

/**
 * Applies named rate limits to a route (or controller) on top of the default limit every route has, e.g.
 * `@RateLimit('login')` counts the route against the `login-ip` and `login-email` limits. The limits of a
 * group are defined once, from config, in `rate-limits.ts`.
 */
export const RateLimit = (...groups: RateLimitGroup[]): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_GROUPS_KEY, groups);
