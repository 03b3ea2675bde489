import type { RateLimitConfig, RateLimitRule } from '@api/config';

/** Groups of named limits a route opts into with `@RateLimit(...)`. */
export type RateLimitGroup = 'login' | 'register' | 'reserve' | 'queue' | 'webhook';

/**
 * Whom a limit counts: `user` is the signed-in user (by a valid access token), or the client IP when there
 * is none; `ip` is always the client IP; `email` is the `email` of the request body (else the IP).
 * `login-ip` and `login-email` are `ip` and `email`, except for a client presenting a valid device cookie
 * for the body's email (common/auth/device-cookies.ts): it is counted as that device alone, so strangers
 * who exhaust the account's or their address's limit do not lock its owner out (OWASP device cookies).
 */
export type RateLimitTracker = 'user' | 'ip' | 'email' | 'login-ip' | 'login-email';

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
  /**
   * Counted by the route's own Lua script in the round trip that does the route's work, instead of by the
   * guard in one round trip per limit (see {@link SCRIPT_COUNTED_GROUPS}).
   */
  inScript?: boolean;
  /**
   * Counted only when its route decides, through RouteRateLimits.charge (the webhook counts its rejects,
   * never Stripe's signed deliveries); never by the guard.
   */
  chargedByRoute?: boolean;
}

/**
 * Groups whose limits their route counts inside its own Redis script: `reserve` and `queue` (joining a line),
 * the hot path of a flash sale (reserve.lua and join.lua count them under the sale's hash tag, so per sale, and
 * in the same round trip as the route's work). The guard skips such routes entirely, the `default` limit included: every request there is
 * already counted by limits stricter than it, and a reserve that has to read MongoDB (its sale is not in
 * Redis) is charged the `default` limit by the route itself (RouteRateLimits.charge).
 */
export const SCRIPT_COUNTED_GROUPS: ReadonlySet<RateLimitGroup> = new Set<RateLimitGroup>([
  'reserve',
  'queue',
]);

/**
 * Every rate limit of the API, in one place. To add one (e.g. `reserve` per user and per IP): add its rules
 * to `rateLimit` in app-config.ts, its group to {@link RateLimitGroup}, and its lines here; then mark the
 * route `@RateLimit('reserve')`. A limit counted in a script (`inScript`) needs its route's script to count
 * it (see RouteRateLimits).
 */
export function rateLimits(config: RateLimitConfig): NamedLimit[] {
  return [
    { name: 'default', tracker: 'user', rule: config.default, failOpen: true },
    { name: 'login-ip', group: 'login', tracker: 'login-ip', rule: config.loginPerIp, failOpen: false },
    {
      name: 'login-email',
      group: 'login',
      tracker: 'login-email',
      rule: config.loginPerEmail,
      failOpen: false,
    },
    { name: 'register-ip', group: 'register', tracker: 'ip', rule: config.registerPerIp, failOpen: false },
    {
      name: 'register-email',
      group: 'register',
      tracker: 'email',
      rule: config.registerPerEmail,
      failOpen: false,
    },
    // Webhook deliveries that do not verify, per client IP: Stripe's signed volume is never counted.
    {
      name: 'webhook-reject',
      group: 'webhook',
      tracker: 'ip',
      rule: config.webhookRejectsPerIp,
      failOpen: true,
      chargedByRoute: true,
    },
    // Flash-sale reserves, counted per sale by reserve.lua (without Redis the reserve fails anyway).
    {
      name: 'reserve-user',
      group: 'reserve',
      tracker: 'user',
      rule: config.reservePerUser,
      failOpen: true,
      inScript: true,
    },
    {
      name: 'reserve-ip',
      group: 'reserve',
      tracker: 'ip',
      rule: config.reservePerIp,
      failOpen: true,
      inScript: true,
    },
    // Joining a waiting-room line, per user: the `default` rule, counted by join.lua (per sale) in the join's
    // own round trip instead of by the guard in one more.
    {
      name: 'queue-user',
      group: 'queue',
      tracker: 'user',
      rule: config.default,
      failOpen: true,
      inScript: true,
    },
  ];
}
