import { Injectable, Logger } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import type { AuthUser } from '@api/common/auth/auth-user';
import {
  type AccessTokenClaims,
  AccessTokenService,
  isAccessClaims,
  type TokenRefusal,
} from '@api/common/auth/access-token.service';
import { userDuringOutage } from '@api/common/auth/user-during-outage';
import { DomainError } from '@api/common/errors/domain-error';
import { mapError } from '@api/common/errors/error-mapping';
import { AppConfig } from '@api/config/app-config';
import { DatabaseStatus } from '@api/database/database-status.service';
import { UsersService } from '@api/users/users.service';

const USER_CACHE_MAX_ENTRIES = 50_000;
/** Logged at most this often during a MongoDB outage, not once per request. */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

/** What a failed authentication tells JwtAuthGuard. */
export interface AuthFailure {
  reason: TokenRefusal | 'unknown-user';
}

/**
 * Accepts only HS256 access tokens (`typ: "access"`) of users that still exist. The bearer token is
 * checked by AccessTokenService (signature, algorithm, expiry; verified tokens are remembered), then
 * `validate` finds its user. While MongoDB is unreachable, who a token stands for is decided by
 * {@link userDuringOutage} (reserving must keep working).
 *
 * passport runs `authenticate` on a fresh object per request whose prototype is this instance (see
 * JwtAuthGuard): state lives in objects that instance holds, never in fields assigned per request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly logger = new Logger(JwtStrategy.name);
  /** Entries stay past their expiry: during a MongoDB outage they are the last known answer. */
  private readonly cache = new Map<string, { user: AuthUser | null; expiresAt: number }>();
  /** Lookups in flight: a burst of one user's requests shares one MongoDB read. */
  private readonly pending = new Map<string, Promise<AuthUser | null>>();
  /**
   * How long a user looked up for a token is reused by this process (`USER_CACHE_TTL_MS`). A deleted user
   * keeps access for at most this long instead of the token's lifetime; in exchange a flash crowd of
   * signed-in shoppers costs one MongoDB read per shopper and process, not one per request.
   */
  private readonly cacheTtlMs: number;
  private readonly outageLog = { lastAt: 0 };

  constructor(
    private readonly tokens: AccessTokenService,
    private readonly users: UsersService,
    private readonly database: DatabaseStatus,
    config: AppConfig,
  ) {
    super();
    this.cacheTtlMs = config.auth.userCacheTtlMs;
  }

  /** passport's entry point, once per request: success with the user, fail (401) or error (e.g. 503). */
  override authenticate(request: Request): void {
    const token = AccessTokenService.bearerOf(request);
    const checked = token === undefined ? 'invalid' : this.tokens.check(token);
    if (typeof checked === 'string') {
      this.fail({ reason: checked } satisfies AuthFailure, 401);
      return;
    }
    this.validate(checked).then(
      (user) =>
        user ? this.success(user) : this.fail({ reason: 'unknown-user' } satisfies AuthFailure, 401),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** `null` makes passport fail the request: 401. */
  async validate(claims: Readonly<Partial<AccessTokenClaims>>): Promise<AuthUser | null> {
    if (!isAccessClaims(claims)) return null;
    return this.lookUp(claims);
  }

  private lookUp(claims: AccessTokenClaims): Promise<AuthUser | null> {
    const id = claims.sub;
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.user);
    let lookup = this.pending.get(id);
    if (!lookup) {
      lookup = this.fetchUser(claims).finally(() => this.pending.delete(id));
      this.pending.set(id, lookup);
    }
    return lookup;
  }

  private async fetchUser(claims: AccessTokenClaims): Promise<AuthUser | null> {
    let found: Awaited<ReturnType<UsersService['findById']>>;
    try {
      // Known to be down: fall back now rather than after MONGO_TIMEOUT_MS.
      if (this.database.down) throw databaseDown();
      found = await this.users.findById(claims.sub);
    } catch (error) {
      if (mapError(error).code !== 'SERVICE_UNAVAILABLE') throw error;
      return this.duringOutage(claims, error);
    }
    const user = found ? { id: found.id, email: found.email, role: found.role } : null;
    if (this.cache.size >= USER_CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(claims.sub, { user, expiresAt: Date.now() + this.cacheTtlMs });
    return user;
  }

  /** Not cached: the first request after the outage looks the user up again. */
  private duringOutage(claims: AccessTokenClaims, error: unknown): AuthUser | null {
    const user = userDuringOutage(claims, this.cache.get(claims.sub));
    if (user === undefined) throw error;
    const now = Date.now();
    if (now - this.outageLog.lastAt >= OUTAGE_LOG_INTERVAL_MS) {
      this.outageLog.lastAt = now;
      this.logger.warn({ err: error }, 'MongoDB is unreachable: users are taken from verified tokens');
    }
    return user;
  }
}

const databaseDown = (): DomainError =>
  new DomainError('SERVICE_UNAVAILABLE', 'The user database is unavailable: try again shortly.');
