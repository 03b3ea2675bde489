import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import type { Role } from '@flashline/contracts';
import { AppConfig } from '@api/config/app-config';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/** The claims of an access token. `typ` keeps any other token signed with this key from passing as one. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  typ: 'access';
  jti: string;
  iat: number;
  exp: number;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/**
 * Signs and verifies access tokens (JWT HS256). The secret is a `KeyObject` built once: jsonwebtoken
 * otherwise turns a string secret into a key on every call, which makes verification ~50x slower.
 */
@Injectable()
export class AccessTokenService {
  readonly key: KeyObject;
  readonly ttlSeconds: number;
  private readonly jwt: JwtService;

  constructor(config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.auth.accessSecret, 'utf8'));
    this.ttlSeconds = config.auth.accessTokenTtlSeconds;
    this.jwt = new JwtService({
      secret: this.key,
      signOptions: { algorithm: ACCESS_TOKEN_ALGORITHM, expiresIn: this.ttlSeconds },
      verifyOptions: { algorithms: [ACCESS_TOKEN_ALGORITHM] },
    });
  }

  sign(user: { id: string; role: Role }): string {
    return this.jwt.sign({ sub: user.id, role: user.role, typ: 'access', jti: randomUUID() });
  }

  /** The claims of a valid, unexpired access token; `undefined` for anything else. Pure crypto, no I/O. */
  verify(token: string): AccessTokenClaims | undefined {
    try {
      const claims = this.jwt.verify<Partial<AccessTokenClaims>>(token);
      return isAccessClaims(claims) ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  /** The bearer token of a request, if it has a well-formed one. */
  static bearerOf(request: Pick<Request, 'headers'>): string | undefined {
    const header = request.headers.authorization;
    return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  }
}

export function isAccessClaims(
  claims: Partial<AccessTokenClaims> | null | undefined,
): claims is AccessTokenClaims {
  return (
    typeof claims === 'object' &&
    claims !== null &&
    claims.typ === 'access' &&
    typeof claims.sub === 'string' &&
    claims.sub.length > 0
  );
}
