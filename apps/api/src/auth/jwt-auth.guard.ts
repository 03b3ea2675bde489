import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import {
  type AccessTokenClaims,
  AccessTokenService,
  type AuthUser,
  IS_PUBLIC_KEY,
  type TokenRefusal,
} from '@api/common/auth';
import { DomainError } from '@api/common/errors';

/**
 * One error per refusal kind, built once: the guard is on the hot path, where no exception is built per
 * refusal (they carry no per-request state; the filter adds the request id to the body it writes).
 */
const REFUSALS: Readonly<Record<TokenRefusal, DomainError>> = {
  invalid: new DomainError('UNAUTHENTICATED', 'A valid access token is required.'),
  expired: new DomainError('UNAUTHENTICATED', 'The access token has expired.'),
  revoked: new DomainError('UNAUTHENTICATED', 'The access token has been revoked: sign in again.'),
  unchecked: new DomainError(
    'SERVICE_UNAVAILABLE',
    'Sign-ins cannot be checked right now: try again shortly.',
    undefined,
    { 'Retry-After': '1' },
  ),
};

/**
 * Global guard: every route needs a valid access token unless it is `@Public()`. Stateless: the token's
 * signature, expiry and claims say who the caller is and with which role, and its revocation is an
 * in-memory lookup (TokenRevocations), so no request reads MongoDB or Redis to authenticate.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  /** One AuthUser per verified token (its claims object is the one the token cache keeps). */
  private readonly users = new WeakMap<Readonly<AccessTokenClaims>, AuthUser>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = AccessTokenService.bearerOf(request);
    const checked = token === undefined ? 'invalid' : this.tokens.check(token);
    if (typeof checked === 'string') throw REFUSALS[checked];
    request.user = this.userOf(checked);
    return true;
  }

  private userOf(claims: Readonly<AccessTokenClaims>): AuthUser {
    let user = this.users.get(claims);
    if (!user) {
      user = Object.freeze({ id: claims.sub, role: claims.role });
      this.users.set(claims, user);
    }
    return user;
  }
}
