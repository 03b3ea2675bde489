import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, cookieOf, setCookie } from '@api/common/auth';
import type { AppConfig } from '@api/config';

/** The refresh token's cookie: written on sign-in and refresh, read by refresh, cleared by logout. */
export const REFRESH_COOKIE = 'flashline_refresh';
const REFRESH_COOKIE_PATH = '/api/auth';

export function setRefreshCookie(reply: FastifyReply, token: string, config: AppConfig): void {
  setCookie(
    reply,
    {
      name: REFRESH_COOKIE,
      value: token,
      path: REFRESH_COOKIE_PATH,
      maxAgeMs: config.auth.refreshTokenTtlSeconds * 1000,
    },
    config,
  );
}

export function clearRefreshCookie(reply: FastifyReply, config: AppConfig): void {
  clearCookie(reply, REFRESH_COOKIE, REFRESH_COOKIE_PATH, config);
}

/** The body's token wins over the cookie: a client that sends one explicitly means that one. */
export function refreshTokenOf(request: FastifyRequest, bodyToken: string | undefined): string | undefined {
  return bodyToken || cookieOf(request, REFRESH_COOKIE);
}
