import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { Counter, register } from 'prom-client';
import { DomainError } from '../errors/domain-error';

/** Created once per process (tests build several apps in one process). */
const rejections =
  (register.getSingleMetric('rate_limit_rejections_total') as Counter<'limit'> | undefined) ??
  new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused by a rate limit.',
    labelNames: ['limit'],
  });

/**
 * The throttler guard, answering over-limit requests with 429 RATE_LIMITED and a plain `Retry-After`
 * header. Throttler itself names the header `Retry-After-<name>` for every limit but `default`.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    rejections.inc({ limit: detail.key.split(':')[0] ?? 'unknown' });
    throw new DomainError('RATE_LIMITED', 'Too many requests: try again later.', undefined, {
      'Retry-After': String(Math.max(1, detail.timeToBlockExpire)),
    });
  }
}
