import { createHmac, createSecretKey, type KeyObject, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@flashline/contracts';
import { AppConfig } from '@api/config';
import { type RevocationRefusal, TokenRevocations } from './token-revocations';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/**
 * The claims of an access token: everything the guards need, so a valid token is trusted without a
 * database read. `typ` keeps any other token signed with this key from passing as one.
 */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  typ: 'access';
  jti: string;
  iat: number;
  /**
   * Issue time in milliseconds, compared with the user's revocation watermark (TokenRevocations):
   * `iat` has whole seconds, and a token signed in the same second as "sign out everywhere" but after it
   * must work. Taken before the credentials or the refresh token were checked, never after.
   */
  iatMs: number;
  exp: number;
}

/** Why a token is refused: `unchecked` means revocations cannot be checked now (503, not 401). */
export type TokenRefusal = 'invalid' | 'expired' | RevocationRefusal;

/** A user id (MongoDB ObjectId, hex): only this API signs tokens, but a claim it trusts is checked anyway. */
const USER_ID = /^[0-9a-f]{24}$/;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** The header of every token this service signs (jsonwebtoken's for HS256), base64url: checked without parsing. */
const SIGNED_HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');

/** Verified tokens one process remembers; when full, it starts over (as the user cache does). */
const VERIFIED_TOKENS_MAX_ENTRIES = 20_000;

/**
 * Signs and verifies access tokens (JWT HS256). The secret is a `KeyObject` built once: jsonwebtoken
 * otherwise turns a string secret into a key on every call, which makes verification ~50x slower.
 *
 * A token that verified once is remembered until it expires: a flash crowd sends each shopper's token with
 * every reserve, retry, poll and stream, and jsonwebtoken's parsing and HMAC were a tenth of a refused
 * reserve's CPU. The key is the whole token, signature included, so only the very bytes that verified are
 * accepted again; the expiry is checked on every use. A token seen for the first time (each shopper of a
 * drop, on each process) is verified here, not by jsonwebtoken, which took 13 µs a token against 7 for the
 * same checks: an HS256 header, the HMAC compared in constant time, the expiry, then the claims.
 */
@Injectable()
export class AccessTokenService {
  readonly key: KeyObject;
  readonly ttlSeconds: number;
  private readonly jwt: JwtService;
  private readonly verified = new Map<string, Readonly<AccessTokenClaims>>();

  constructor(
    config: AppConfig,
    private readonly revocations: TokenRevocations,
  ) {
    this.key = createSecretKey(Buffer.from(config.auth.accessSecret, 'utf8'));
    this.ttlSeconds = config.auth.accessTokenTtlSeconds;
    this.jwt = new JwtService({
      secret: this.key,
      signOptions: { algorithm: ACCESS_TOKEN_ALGORITHM, expiresIn: this.ttlSeconds },
    });
  }

  /** `issuedAtMs`: when the session was proven (before the password or refresh token was checked). */
  sign(user: { id: string; role: Role }, issuedAtMs = Date.now()): string {
    return this.jwt.sign({
      sub: user.id,
      role: user.role,
      typ: 'access',
      jti: randomUUID(),
      iatMs: issuedAtMs,
    });
  }

  /** The claims of a valid, unexpired, unrevoked access token; `undefined` for anything else. No I/O. */
  verify(token: string): Readonly<AccessTokenClaims> | undefined {
    const checked = this.check(token);
    return typeof checked === 'string' ? undefined : checked;
  }

  /** The claims of a valid, unexpired, unrevoked access token, or why it is refused. No I/O. */
  check(token: string): Readonly<AccessTokenClaims> | TokenRefusal {
    const known = this.verified.get(token);
    if (known) {
      if (hasExpired(known.exp)) return 'expired';
      return this.revocations.refusal(known.sub, known.iatMs) ?? known;
    }
    const claims = this.verifySignature(token);
    if (typeof claims === 'string') return claims;
    if (this.verified.size >= VERIFIED_TOKENS_MAX_ENTRIES) this.verified.clear();
    // Frozen: one object now answers every request that carries this token.
    this.verified.set(token, Object.freeze(claims));
    return this.revocations.refusal(claims.sub, claims.iatMs) ?? claims;
  }

  /** The claims of a token this service signed, checked as jsonwebtoken would (signature, then `exp`). */
  private verifySignature(token: string): AccessTokenClaims | 'invalid' | 'expired' {
    const payloadAt = token.indexOf('.') + 1;
    const signatureAt = token.lastIndexOf('.');
    if (payloadAt === 0 || signatureAt < payloadAt || !isHs256Header(token.slice(0, payloadAt - 1)))
      return 'invalid';
    const signed = token.slice(0, signatureAt);
    const expected = Buffer.from(createHmac('sha256', this.key).update(signed).digest('base64url'));
    const given = Buffer.from(token.slice(signatureAt + 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    const claims = parseJsonSegment<Partial<AccessTokenClaims>>(token.slice(payloadAt, signatureAt));
    if (typeof claims?.exp === 'number' && hasExpired(claims.exp)) return 'expired';
    return isAccessClaims(claims) ? claims : 'invalid';
  }

  /** The bearer token of a request, if it has a well-formed one. */
  static bearerOf(request: Pick<FastifyRequest, 'headers'>): string | undefined {
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
    typeof claims.exp === 'number' &&
    typeof claims.iatMs === 'number' &&
    (claims.role === 'shopper' || claims.role === 'admin') &&
    typeof claims.sub === 'string' &&
    USER_ID.test(claims.sub)
  );
}

/** Only HS256, as jsonwebtoken was told (`algorithms`): never `none`, never another key type. */
function isHs256Header(header: string): boolean {
  return (
    header === SIGNED_HEADER || parseJsonSegment<{ alg?: unknown }>(header)?.alg === ACCESS_TOKEN_ALGORITHM
  );
}

function parseJsonSegment<T>(segment: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/** jsonwebtoken's rule: expired from the second `exp` names. */
function hasExpired(exp: number): boolean {
  return Math.floor(Date.now() / 1000) >= exp;
}
