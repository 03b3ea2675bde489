import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '@api/common/auth/auth-user';
import {
  ACCESS_TOKEN_ALGORITHM,
  type AccessTokenClaims,
  AccessTokenService,
  isAccessClaims,
} from '@api/common/auth/access-token.service';
import { AppConfig } from '@api/config/app-config';
import { UsersService } from '@api/users/users.service';

const USER_CACHE_MAX_ENTRIES = 50_000;

/**
 * Accepts only HS256 access tokens (`typ: "access"`) of users that still exist. passport-jwt checks the
 * signature, the algorithm and the expiry; `validate` checks the rest.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly cache = new Map<string, { user: AuthUser | null; expiresAt: number }>();
  /** Lookups in flight: a burst of one user's requests shares one MongoDB read. */
  private readonly pending = new Map<string, Promise<AuthUser | null>>();
  /**
   * How long a user looked up for a token is reused by this process (`USER_CACHE_TTL_MS`). A deleted user
   * keeps access for at most this long instead of the token's lifetime; in exchange a flash crowd of
   * signed-in shoppers costs one MongoDB read per shopper and process, not one per request.
   */
  private readonly cacheTtlMs: number;

  constructor(
    tokens: AccessTokenService,
    private readonly users: UsersService,
    config: AppConfig,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's types predate KeyObject; jsonwebtoken 9, which it calls, accepts one.
      secretOrKey: tokens.key as unknown as Buffer,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      ignoreExpiration: false,
    });
    this.cacheTtlMs = config.auth.userCacheTtlMs;
  }

  /** `null` makes passport fail the request: 401. */
  async validate(claims: Partial<AccessTokenClaims>): Promise<AuthUser | null> {
    if (!isAccessClaims(claims)) return null;
    return this.lookUp(claims.sub);
  }

  private lookUp(id: string): Promise<AuthUser | null> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.user);
    let lookup = this.pending.get(id);
    if (!lookup) {
      lookup = this.fetchUser(id).finally(() => this.pending.delete(id));
      this.pending.set(id, lookup);
    }
    return lookup;
  }

  private async fetchUser(id: string): Promise<AuthUser | null> {
    const found = await this.users.findById(id);
    const user = found ? { id: found.id, email: found.email, role: found.role } : null;
    if (this.cache.size >= USER_CACHE_MAX_ENTRIES) this.cache.clear();
    this.cache.set(id, { user, expiresAt: Date.now() + this.cacheTtlMs });
    return user;
  }
}
