/** The common rate-limit room's public API: other modules import from `@api/common/rate-limit` only. */
export { clientIpOf, RateLimitTrackers } from './rate-limit-trackers';
export { RateLimit } from './rate-limit.decorator';
export { RateLimitModule } from './rate-limit.module';
export { type RateLimitClient, RouteRateLimits, type ScriptLimit } from './route-rate-limits.service';
