import type { RateLimitConfig, RateLimitRule } from '@api/config/app-config';

/** Groups of named limits a route opts into with `@RateLimit(...)`. */
export type RateLimitGroup = 'login' | 'register' | 'reserve';

/**
 * Whom a limit counts: `user` is the signed-in user (by a valid access token), or the client IP when there
 * is none; `ip` is always the client IP; `email` is the `email` of the request body (else the IP).
 */
export type RateLimitTracker = 'user' | 'ip' | 'email';

export interface NamedLimit {
  /** Throttler name: part of its Redis keys; `@Throttle({ [name]: {...} })` can override it per route. */
  name: string;
  /** `undefined`: applies to every route. Otherwise only to routes marked `@RateLimit(group)`. */
  group?: RateLimitGroup;
  tracker: RateLimitTracker;
  rule: RateLimitRule;
  /**
   * When Redis cannot count: `true` lets requests through (the general abuse limit must not take down routes
   * that work without Redis, such as /api/health); `false` refuses them with 503 (brute-force protection
   * must not lapse while Redis is away).
   */
  failOpen: boolean;
}

/**
 * Every rate limit of the API, in one place. To add one (e.g. `reserve` per user and per IP): add its rules
 * to `rateLimit` in app-config.ts, its group to {@link RateLimitGroup}, and its lines here; then mark the
 * route `@RateLimit('reserve')`.
 */
export function rateLimits(config: RateLimitConfig): NamedLimit[] {
  return [
    { name: 'default', tracker: 'user', rule: config.default, failOpen: true },
    { name: 'login-ip', group: 'login', tracker: 'ip', rule: config.loginPerIp, failOpen: false },
    { name: 'login-email', group: 'login', tracker: 'email', rule: config.loginPerEmail, failOpen: false },
    { name: 'register-ip', group: 'register', tracker: 'ip', rule: config.registerPerIp, failOpen: false },
    {
      name: 'register-email',
      group: 'register',
      tracker: 'email',
      rule: config.registerPerEmail,
      failOpen: false,
    },
    // Flash-sale reserves (flash-sale module). Fail open: without Redis the reserve fails anyway.
    { name: 'reserve-user', group: 'reserve', tracker: 'user', rule: config.reservePerUser, failOpen: true },
    { name: 'reserve-ip', group: 'reserve', tracker: 'ip', rule: config.reservePerIp, failOpen: true },
  ];
}
