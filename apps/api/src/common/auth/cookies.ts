import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@api/config';

/*
 * Every cookie the API writes or reads goes through this file: it is the one place that knows the HTTP
 * framework's cookie API. All are auth cookies (the refresh token's, the device cookies), httpOnly (scripts
 * cannot read them), SameSite=Strict (other sites cannot send them), Secure in production, and scoped to
 * the auth routes that need them.
 */

/** What `@fastify/cookie` serializes a cookie with (Path, HttpOnly, SameSite, Secure, Max-Age, Expires). */
type CookieOptions = NonNullable<Parameters<FastifyInstance['serializeCookie']>[2]>;

/** A cookie to set: its name, value, path and lifetime. */
export interface CookieToSet {
  name: string;
  value: string;
  path: string;
  maxAgeMs: number;
}

/** httpOnly, SameSite=Strict and Secure in production: the same for writing and clearing. */
function cookieOptions(config: AppConfig, path: string): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: config.isProduction, path };
}

/**
 * Adds a `Set-Cookie` header (Fastify appends each one). Serialized by `@fastify/cookie`, which is
 * registered with `hook: false`: no cookie work on requests that touch none.
 */
function writeCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  void reply.header('set-cookie', reply.server.serializeCookie(name, value, options));
}

/** Writes `cookie` for its lifetime (Max-Age and Expires, as browsers want both). */
export function setCookie(reply: FastifyReply, cookie: CookieToSet, config: AppConfig): void {
  writeCookie(reply, cookie.name, cookie.value, {
    ...cookieOptions(config, cookie.path),
    maxAge: Math.floor(cookie.maxAgeMs / 1000),
    expires: new Date(Date.now() + cookie.maxAgeMs),
  });
}

/** Tells the browser to drop the cookie `name` on `path` (empty, expired in 1970). */
export function clearCookie(reply: FastifyReply, name: string, path: string, config: AppConfig): void {
  writeCookie(reply, name, '', { ...cookieOptions(config, path), maxAge: 0, expires: new Date(0) });
}

/**
 * The non-empty value of the cookie `name` the request carries. Cookies are parsed here, when a route asks,
 * not by a hook on every request (`@fastify/cookie` is registered with `hook: false`).
 */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  const value = request.server.parseCookie(header)[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
