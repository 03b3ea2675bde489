import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@api/config/app-config';

export const REFRESH_COOKIE = 'flashline_refresh';

/** What `@fastify/cookie` serializes a cookie with (Path, HttpOnly, SameSite, Secure, Max-Age, Expires). */
type CookieOptions = NonNullable<Parameters<FastifyInstance['serializeCookie']>[2]>;

/**
 * The one place that knows the HTTP framework's cookie API (`@fastify/cookie`): every cookie the API
 * writes, reads or clears goes through these helpers.
 */
export interface CookieSpec {
  name: string;
  /** httpOnly, SameSite, Secure and Path: the same for writing and clearing. */
  options: CookieOptions;
}

/**
 * Adds a `Set-Cookie` header (Fastify appends each one). Serialized by `@fastify/cookie`, which is
 * registered with `hook: false`: no cookie work on requests that touch none.
 */
function writeCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  void reply.header('set-cookie', reply.server.serializeCookie(name, value, options));
}

/** Writes `value` under `cookie` for `maxAgeSeconds` (Max-Age and Expires, as browsers want both). */
export function setCookie(
  reply: FastifyReply,
  cookie: CookieSpec,
  value: string,
  maxAgeSeconds: number,
): void {
  writeCookie(reply, cookie.name, value, {
    ...cookie.options,
    maxAge: maxAgeSeconds,
    expires: new Date(Date.now() + maxAgeSeconds * 1000),
  });
}

/** Tells the browser to drop `cookie` (empty, expired in 1970). */
export function clearCookie(reply: FastifyReply, cookie: CookieSpec): void {
  writeCookie(reply, cookie.name, '', { ...cookie.options, maxAge: 0, expires: new Date(0) });
}

/**
 * The non-empty value of `cookie` the request carries. Cookies are parsed here, when a route asks, not by a
 * hook on every request (`@fastify/cookie` is registered with `hook: false`): only auth routes read one.
 */
export function cookieOf(request: FastifyRequest, cookie: CookieSpec): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  const value = request.server.parseCookie(header)[cookie.name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** httpOnly so scripts cannot read it, SameSite=Strict so other sites cannot send it, scoped to auth routes. */
function refreshCookie(config: AppConfig): CookieSpec {
  return {
    name: REFRESH_COOKIE,
    options: { httpOnly: true, sameSite: 'strict', secure: config.isProduction, path: '/api/auth' },
  };
}

export function setRefreshCookie(reply: FastifyReply, token: string, config: AppConfig): void {
  setCookie(reply, refreshCookie(config), token, config.auth.refreshTokenTtlSeconds);
}

export function clearRefreshCookie(reply: FastifyReply, config: AppConfig): void {
  clearCookie(reply, refreshCookie(config));
}

/** The body's token wins over the cookie: a client that sends one explicitly means that one. */
export function refreshTokenOf(
  request: FastifyRequest,
  bodyToken: string | undefined,
  config: AppConfig,
): string | undefined {
  return bodyToken || cookieOf(request, refreshCookie(config));
}
