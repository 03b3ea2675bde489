import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '@api/config/app-config';

/*
 * Every cookie the API writes or reads goes through this file: it is the one place that knows the HTTP
 * framework's cookie API. All are httpOnly (scripts cannot read them), SameSite=Strict (other sites cannot
 * send them), Secure in production, and scoped to the auth routes that need them.
 */

export const REFRESH_COOKIE = 'flashline_refresh';
const REFRESH_COOKIE_PATH = '/api/auth';

/** A cookie to set: its name, value, path and lifetime. */
export interface CookieToSet {
  name: string;
  value: string;
  path: string;
  maxAgeMs: number;
}

function cookieOptions(config: AppConfig, path: string): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: config.isProduction, path };
}

export function setCookie(response: Response, cookie: CookieToSet, config: AppConfig): void {
  response.cookie(cookie.name, cookie.value, {
    ...cookieOptions(config, cookie.path),
    maxAge: cookie.maxAgeMs,
  });
}

export function clearCookie(response: Response, name: string, path: string, config: AppConfig): void {
  response.clearCookie(name, cookieOptions(config, path));
}

/** The request's cookie of this name, when it is a non-empty string. */
export function cookieOf(request: Pick<Request, 'cookies'>, name: string): string | undefined {
  const cookies = request.cookies as Record<string, unknown> | undefined;
  const cookie = cookies?.[name];
  return typeof cookie === 'string' && cookie.length > 0 ? cookie : undefined;
}

export function setRefreshCookie(response: Response, token: string, config: AppConfig): void {
  setCookie(
    response,
    {
      name: REFRESH_COOKIE,
      value: token,
      path: REFRESH_COOKIE_PATH,
      maxAgeMs: config.auth.refreshTokenTtlSeconds * 1000,
    },
    config,
  );
}

export function clearRefreshCookie(response: Response, config: AppConfig): void {
  clearCookie(response, REFRESH_COOKIE, REFRESH_COOKIE_PATH, config);
}

/** The body's token wins over the cookie: a client that sends one explicitly means that one. */
export function refreshTokenOf(request: Request, bodyToken: string | undefined): string | undefined {
  return bodyToken || cookieOf(request, REFRESH_COOKIE);
}
