import { createHash } from 'node:crypto';
import { normalizeIp } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService, cookieOf, type DeviceCookies } from '@api/common/auth';
import type { RateLimitTracker } from './rate-limits';

/**
 * Who a request counts against. The rate-limit guard may run before the JWT guard, so a signed-in caller
 * is recognised by verifying the access token here (pure crypto, no I/O); a forged or expired token counts
 * against its IP instead, so it can neither dodge a limit nor spend someone else's.
 */
export class RateLimitTrackers {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly devices: DeviceCookies,
  ) {}

  of(tracker: RateLimitTracker, request: FastifyRequest): string {
    switch (tracker) {
      case 'ip':
        return ipOf(request);
      case 'user':
        return this.userOf(request) ?? ipOf(request);
      case 'email':
        return emailTrackerOf(request) ?? ipOf(request);
      case 'login-ip':
        return this.deviceOf(request) ?? ipOf(request);
      case 'login-email':
        return this.deviceOf(request) ?? emailTrackerOf(request) ?? ipOf(request);
    }
  }

  /** The device cookie this client holds for the body's email, when valid: `device:<nonce>`. */
  private deviceOf(request: FastifyRequest): string | undefined {
    const email = emailOf(request);
    if (email === undefined) return undefined;
    const nonce = this.devices.verify(email, cookieOf(request, this.devices.nameFor(email)));
    return nonce === undefined ? undefined : `device:${nonce}`;
  }

  private userOf(request: FastifyRequest): string | undefined {
    const known = request.user?.id;
    if (known) return userTracker(known);
    const token = AccessTokenService.bearerOf(request);
    const sub = token ? this.tokens.verify(token)?.sub : undefined;
    return sub ? userTracker(sub) : undefined;
  }
}

export const userTracker = (userId: string): string => `user:${userId}`;

/** IPv6 clients are counted per /64, which one client usually holds whole. */
export const ipTracker = (ip: string): string => `ip:${normalizeIp(ip)}`;

/** The client address Fastify reports (its `trustProxy`, TRUST_PROXY, decides whose X-Forwarded-For counts). */
export const clientIpOf = (request: FastifyRequest): string => request.ip || 'unknown';

function ipOf(request: FastifyRequest): string {
  return ipTracker(clientIpOf(request));
}

/** Runs before validation: only a string counts, anything else falls back to the IP. */
function emailOf(request: FastifyRequest): string | undefined {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : undefined;
}

function emailTrackerOf(request: FastifyRequest): string | undefined {
  const email = emailOf(request);
  return email === undefined ? undefined : `email:${email.trim().toLowerCase()}`;
}

/** The throttle key: hashed so Redis keys are short and hold no emails or IPs. */
export function throttleKey(throttlerName: string, tracker: string): string {
  return `${throttlerName}:${createHash('sha256').update(tracker).digest('base64url')}`;
}
