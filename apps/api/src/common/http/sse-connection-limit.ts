import {
  type CanActivate,
  type ExecutionContext,
  Global,
  Injectable,
  Module,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenModule, AccessTokenService, DeviceCookies } from '@api/common/auth';
import { DomainError } from '@api/common/errors';
import { RateLimitTrackers } from '@api/common/rate-limit';
import { AppConfig } from '@api/config';
import { counter, gauge } from '@api/metrics';

/** What a refused client is told to wait: streams close when their pages do, so a slot frees up soon. */
const RETRY_AFTER_SECONDS = 5;

const openStreams = gauge('sse_streams_open', 'Server-Sent Event streams open in this process.');
const refusedStreams = counter(
  'sse_streams_refused_total',
  'Server-Sent Event streams refused because their client already held SSE_MAX_STREAMS_PER_CLIENT.',
);

/**
 * Caps the Server-Sent Event streams one client holds open at once (`SSE_MAX_STREAMS_PER_CLIENT`). A
 * stream pins a socket and a subscription for as long as the client likes, so without a cap one client
 * could hold thousands. The client is the signed-in user (by a valid access token), else the IP (IPv6 per
 * /64), as the rate limits count. Counted in this process only: a stream costs the process that serves
 * it, and a count in Redis would leak slots whenever a process died with streams open; behind N processes
 * a client can hold at most N times the cap.
 */
@Injectable()
export class SseConnectionLimit {
  private readonly open = new Map<string, number>();
  private readonly trackers: RateLimitTrackers;
  private readonly max: number;

  constructor(config: AppConfig, tokens: AccessTokenService, devices: DeviceCookies) {
    this.trackers = new RateLimitTrackers(tokens, devices);
    this.max = config.http.sseMaxStreamsPerClient;
  }

  /**
   * Counts one more stream for the request's client until its response closes (the client leaving, the
   * stream ending, or an error answered instead); 429 RATE_LIMITED when the client is at the cap.
   */
  claim(request: FastifyRequest, reply: FastifyReply): void {
    const client = this.trackers.of('user', request);
    const held = this.open.get(client) ?? 0;
    if (held >= this.max) {
      refusedStreams.inc();
      throw new DomainError(
        'RATE_LIMITED',
        `Too many open event streams: at most ${this.max} at once. Close one and try again.`,
        undefined,
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    this.open.set(client, held + 1);
    openStreams.inc();
    reply.raw.once('close', () => this.release(client));
  }

  private release(client: string): void {
    const held = (this.open.get(client) ?? 1) - 1;
    if (held > 0) this.open.set(client, held);
    else this.open.delete(client);
    openStreams.dec();
  }
}

/** Route guard: runs after authentication and the rate limits, before the handler opens anything. */
@Injectable()
export class SseConnectionGuard implements CanActivate {
  constructor(private readonly limit: SseConnectionLimit) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    this.limit.claim(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
    return true;
  }
}

/** Marks a Server-Sent Events route: its streams count against the client's cap. */
export const LimitSseStreams = (): MethodDecorator & ClassDecorator => UseGuards(SseConnectionGuard);

/** Global, so any module's SSE route can use {@link LimitSseStreams} without importing anything. */
@Global()
@Module({
  imports: [AccessTokenModule],
  providers: [SseConnectionLimit, SseConnectionGuard],
  exports: [SseConnectionLimit, SseConnectionGuard],
})
export class SseConnectionLimitModule {}
