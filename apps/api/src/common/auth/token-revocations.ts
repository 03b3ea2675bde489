import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@api/config';
import {
  defineScripts,
  InjectRedis,
  TOKEN_REVOCATIONS_CHANNEL,
  TOKEN_REVOCATIONS_KEY,
  TOKEN_REVOKED_BEFORE_KEY,
} from '@api/redis';

/** A watermark no token's issue time reaches: every token of the user is refused (a deleted user). */
export const REVOKED_FOREVER = Number.MAX_SAFE_INTEGER;

/** How often each process asks Redis for the watermarks written since its last poll: one call, all users. */
export const REVOCATION_POLL_MS = 1000;

/**
 * With no successful poll for this long, a process cannot promise that it knows every revocation written
 * more than 5 s ago, so it refuses every signed-in request (503) until it can poll again. Checked each
 * tick, so a process either polled after a revocation was written or refuses everything by 4.5 s after it.
 */
export const REVOCATIONS_STALE_MS = 3500;

/** Kept past a watermark's last refusable token: covers a token signed a little after its watermark was read. */
const RETENTION_MARGIN_MS = 60_000;
/** The poll re-reads this much before its last `now`: duplicates are harmless, a missed write is not. */
const POLL_OVERLAP_MS = 1000;
const LOG_INTERVAL_MS = 10_000;

/** Why a verified token is refused by revocation, if it is. */
export type RevocationRefusal = 'revoked' | 'unchecked';

interface Watermark {
  /** Tokens of the user issued at or before this (ms) are refused. */
  before: number;
  /** When this process may forget it (ms, local clock): no token it refuses is still unexpired then. */
  dropAt: number;
}

/**
 * Access-token revocation ("tokens of this user issued at or before T are refused"), the additional
 * handling stateless tokens need. Writing one is a Lua script on Redis (revoke-tokens.lua) that PUBLISHes
 * it; every API process holds every live watermark in memory, from that message and from a poll each
 * second (revocations-since.lua) that lands a missed message anyway. So the token check is a Map lookup:
 * no Redis and no MongoDB per request. See docs/auth.md for the 5-second bound.
 */
@Injectable()
export class TokenRevocations implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TokenRevocations.name);
  private readonly watermarks = new Map<string, Watermark>();
  /** Access-token lifetime plus a margin: how long a watermark can still refuse a token. */
  private readonly retentionMs: number;
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  /** Redis clock of the last successful poll (0: none yet, read everything). */
  private polledUpTo = 0;
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private lastLogAt = 0;
  /** Set by the poll and the tick, read per request: true until the first poll succeeds. */
  private stale = true;

  constructor(
    @InjectRedis() private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.retentionMs = config.auth.accessTokenTtlSeconds * 1000 + RETENTION_MARGIN_MS;
    defineScripts(redis);
  }

  /** Waits for the first poll (bounded by REDIS_TIMEOUT_MS): until it succeeds, signed-in requests get 503. */
  async onModuleInit(): Promise<void> {
    this.subscribe();
    // A Redis that comes back is asked at once, not up to a second later, and not folded into a poll
    // still failing from before (a second poll in flight is harmless: each only adds watermarks).
    this.redis.on('ready', () => void this.pollOnce());
    this.timer = setInterval(() => this.tick(), REVOCATION_POLL_MS);
    this.timer.unref();
    await this.poll();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.subscriber?.disconnect();
  }

  /**
   * Why this verified token must be refused, or `undefined` to accept it. In-memory only: `unchecked` when
   * this process has not heard from Redis for REVOCATIONS_STALE_MS (the caller answers 503).
   */
  refusal(userId: string, issuedAtMs: number): RevocationRefusal | undefined {
    if (this.stale) return 'unchecked';
    const watermark = this.watermarks.get(userId);
    return watermark !== undefined && issuedAtMs <= watermark.before ? 'revoked' : undefined;
  }

  /**
   * Refuses the user's access tokens issued at or before `before` (ms; REVOKED_FOREVER for all of them) on
   * every API process within 5 s; at once on this one. Throws when Redis cannot take it (the caller's 503).
   */
  async revoke(userId: string, before: number): Promise<void> {
    const written = (await this.redis.flashlineRevokeTokens(
      TOKEN_REVOKED_BEFORE_KEY,
      TOKEN_REVOCATIONS_KEY,
      userId,
      before,
      this.retentionMs,
      TOKEN_REVOCATIONS_CHANNEL,
    )) as string;
    this.remember(userId, Number(written));
  }

  private subscribe(): void {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    // On every (re)connection: ioredis re-subscribes only channels whose first SUBSCRIBE succeeded.
    subscriber.on('ready', () => {
      subscriber.subscribe(TOKEN_REVOCATIONS_CHANNEL).catch(() => undefined);
    });
    this.subscriber = subscriber;
  }

  private receive(message: string): void {
    const [userId, before] = message.split(' ');
    if (userId && before) this.remember(userId, Number(before));
  }

  /**
   * Stale only when polls fail or hang past REVOCATIONS_STALE_MS, not when this tick merely comes late (a
   * busy event loop): then the poll it starts decides.
   */
  private tick(): void {
    const now = Date.now();
    if (this.polling && this.isOverdue(now)) this.stale = true;
    for (const [userId, watermark] of this.watermarks) {
      if (watermark.dropAt <= now) this.watermarks.delete(userId);
    }
    void this.poll();
  }

  /** One poll at a time; a tick during a slow poll does not start another. */
  private poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const startedAt = Date.now();
    try {
      const from = this.polledUpTo === 0 ? 0 : this.polledUpTo - POLL_OVERLAP_MS;
      const [now, ...pairs] = (await this.redis.flashlineRevocationsSince(
        TOKEN_REVOKED_BEFORE_KEY,
        TOKEN_REVOCATIONS_KEY,
        from,
      )) as string[];
      for (let i = 0; i + 1 < pairs.length; i += 2) this.remember(pairs[i], Number(pairs[i + 1]));
      this.polledUpTo = Number(now);
      // Fresh as of when the poll was sent: what it returned was current no earlier than that.
      this.lastPollAt = startedAt;
      this.stale = false;
    } catch (error) {
      if (this.isOverdue(Date.now())) this.stale = true;
      this.logFailure(error);
    }
  }

  private isOverdue(now: number): boolean {
    return now - this.lastPollAt > REVOCATIONS_STALE_MS;
  }

  private remember(userId: string, before: number): void {
    if (!Number.isFinite(before)) return;
    const known = this.watermarks.get(userId);
    if (known && known.before >= before) return;
    const from = before === REVOKED_FOREVER ? Date.now() : before;
    this.watermarks.set(userId, { before, dropAt: from + this.retentionMs });
  }

  private logFailure(error: unknown): void {
    const now = Date.now();
    if (now - this.lastLogAt < LOG_INTERVAL_MS) return;
    this.lastLogAt = now;
    this.logger.warn({ err: error }, 'cannot read token revocations from Redis');
  }
}
