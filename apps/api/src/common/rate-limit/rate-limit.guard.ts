import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { Counter, register } from 'prom-client';
import { DomainError } from '@api/common/errors';
import { routeGroups } from './rate-limit.decorator';
import { SCRIPT_COUNTED_GROUPS } from './rate-limits';

/** Created once per process (tests build several apps in one process). */
const rejections =
  (register.getSingleMetric('rate_limit_rejections_total') as Counter<'limit'> | undefined) ??
  new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused by a rate limit.',
    labelNames: ['limit'],
  });

/**
 * The one answer to a request over a limit, whoever counted it (this guard or a route's script): 429
 * RATE_LIMITED with a plain `Retry-After` (whole seconds, at least 1), counted by limit name.
 */
export function rateLimited(limitName: string, retryAfterSeconds: number): DomainError {
  rejections.inc({ limit: limitName });
  return new DomainError('RATE_LIMITED', 'Too many requests: try again later.', undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
}

/**
 * The throttler guard, answering over-limit requests with 429 RATE_LIMITED and a plain `Retry-After`
 * header. Throttler itself names the header `Retry-After-<name>` for every limit but `default`. Routes
 * whose limits their own script counts (SCRIPT_COUNTED_GROUPS) are skipped.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(routeGroups(context).some((group) => SCRIPT_COUNTED_GROUPS.has(group)));
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw rateLimited(detail.key.split(':')[0] ?? 'unknown', detail.timeToBlockExpire);
  }
}
