import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '@api/config/app-config';

export const REFRESH_COOKIE = 'flashline_refresh';

/** httpOnly so scripts cannot read it, SameSite=Strict so other sites cannot send it, scoped to auth routes. */
function cookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: config.isProduction, path: '/api/auth' };
}

export function setRefreshCookie(response: Response, token: string, config: AppConfig): void {
  response.cookie(REFRESH_COOKIE, token, {
    ...cookieOptions(config),
    maxAge: config.auth.refreshTokenTtlSeconds * 1000,
  });
}

export function clearRefreshCookie(response: Response, config: AppConfig): void {
  response.clearCookie(REFRESH_COOKIE, cookieOptions(config));
}

/** The body's token wins over the cookie: a client that sends one explicitly means that one. */
export function refreshTokenOf(request: Request, bodyToken: string | undefined): string | undefined {
  if (bodyToken) return bodyToken;
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const cookie = cookies?.[REFRESH_COOKIE];
  return typeof cookie === 'string' && cookie.length > 0 ? cookie : undefined;
}
