import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError, notFound } from '@api/common/errors';
import { AppConfig } from '@api/config';

/**
 * Lets only operators scrape: `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time. Without
 * a token configured (production's default) metrics are off: 404, as if the route did not exist.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  /** The token's digest: equal lengths for timingSafeEqual, whatever a client sends. */
  private readonly expected?: Buffer;

  constructor(config: AppConfig) {
    this.expected = config.metrics.token === undefined ? undefined : digest(config.metrics.token);
  }

  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    this.check(headers.authorization);
    return true;
  }

  /** Throws 404 (metrics off) or 401 (no or another token). */
  check(authorization: unknown): void {
    if (!this.expected) throw notFound();
    const token = typeof authorization === 'string' ? /^Bearer (.+)$/i.exec(authorization)?.[1] : undefined;
    if (!token || !timingSafeEqual(digest(token), this.expected)) {
      throw new DomainError('UNAUTHENTICATED', 'Metrics need the operators’ bearer token.', undefined, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
