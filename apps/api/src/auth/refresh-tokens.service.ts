import { createHmac, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@api/config';
import {
  defineScripts,
  InjectRedis,
  refreshFamilyKey,
  refreshUsedKey,
  refreshUserFamiliesKey,
} from '@api/redis';

/** `<familyId>.<secret>`: 16 and 32 random bytes, base64url. */
const TOKEN_FORMAT = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/;

export interface Rotated {
  userId: string;
  refreshToken: string;
}

/**
 * Opaque, single-use refresh tokens grouped in families (one family per sign-in). Each refresh rotates the
 * family's token; presenting a used one revokes the family, since then two parties hold it (theft). A
 * family ends at the latest SESSION_MAX_LIFETIME after its sign-in, however often it is refreshed, and a
 * user's families are listed per user so "sign out everywhere" can end them all.
 *
 * The state lives only in Redis, which keeps nothing on disk here: losing Redis signs everyone out, which
 * is safe. Only a keyed SHA-256 (HMAC with JWT_REFRESH_SECRET) of each token is stored, so a copy of Redis
 * yields no usable token.
 */
@Injectable()
export class RefreshTokenService {
  private readonly ttlMs: number;
  private readonly sessionMs: number;
  private readonly logger = new Logger(RefreshTokenService.name);

  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {
    this.ttlMs = config.auth.refreshTokenTtlSeconds * 1000;
    this.sessionMs = config.auth.sessionMaxLifetimeSeconds * 1000;
    defineScripts(redis);
  }

  /** Starts a new family for a fresh sign-in and returns its first token. */
  async issue(userId: string): Promise<string> {
    const familyId = randomBytes(16).toString('base64url');
    const token = newToken(familyId);
    const key = refreshFamilyKey(familyId);
    const endsAt = Date.now() + this.sessionMs;
    await this.redis
      .multi()
      .hset(key, { userId, current: this.hash(token), endsAt })
      .pexpire(key, Math.min(this.ttlMs, this.sessionMs))
      .exec();
    // Another slot: its own command. The list outlives every family in it (each ends by endsAt).
    const families = refreshUserFamiliesKey(userId);
    await this.redis.multi().sadd(families, familyId).pexpire(families, this.sessionMs).exec();
    return token;
  }

  /** Ends every refresh family of the user (sign out everywhere). */
  async revokeAll(userId: string): Promise<void> {
    const families = refreshUserFamiliesKey(userId);
    const familyIds = await this.redis.smembers(families);
    // One command per family: each lives in its own slot.
    await Promise.all(
      familyIds.map((familyId) => this.redis.del(refreshFamilyKey(familyId), refreshUsedKey(familyId))),
    );
    // SREM, not DEL: a sign-in that raced this one stays listed (it is a new session, after the call).
    if (familyIds.length > 0) await this.redis.srem(families, ...familyIds);
  }

  /** The token's owner and its replacement; `undefined` when it is not the family's current token. */
  async rotate(token: string): Promise<Rotated | undefined> {
    const familyId = familyOf(token);
    if (!familyId) return undefined;
    const refreshToken = newToken(familyId);
    const result = (await this.redis.flashlineConsumeRefreshToken(
      refreshFamilyKey(familyId),
      refreshUsedKey(familyId),
      this.hash(token),
      this.hash(refreshToken),
      this.ttlMs,
      Date.now(),
      this.sessionMs,
    )) as [number, string?];
    if (result[0] === 1 && result[1]) return { userId: result[1], refreshToken };
    if (result[0] === -1) {
      this.logger.warn({ familyId }, 'a used refresh token was presented again: its family is revoked');
    }
    return undefined;
  }

  /** Revokes the token's family if it belongs to `userId`; anything else is a no-op (logout is idempotent). */
  async revoke(token: string, userId: string): Promise<void> {
    const familyId = familyOf(token);
    if (!familyId) return;
    await this.redis.flashlineRevokeRefreshFamily(
      refreshFamilyKey(familyId),
      refreshUsedKey(familyId),
      userId,
    );
  }

  private hash(token: string): string {
    return createHmac('sha256', this.config.auth.refreshSecret).update(token).digest('base64url');
  }
}

function newToken(familyId: string): string {
  return `${familyId}.${randomBytes(32).toString('base64url')}`;
}

function familyOf(token: string): string | undefined {
  return TOKEN_FORMAT.exec(token)?.[1];
}
