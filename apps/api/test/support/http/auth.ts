import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Response } from 'supertest';
import type { AuthSession, ErrorBody, ErrorCode, RegisterRequest, User } from '@flashline/contracts';
import { AdminAccount } from '@api/auth/admin-account.service';
import { AuthService } from '@api/auth/auth.service';
import { type TestApp } from './test-app';

export interface SignedIn {
  user: User;
  accessToken: string;
  refreshToken: string;
}

/** A unique documentation-range IPv4 address (198.18.0.0/15), so helper calls never share per-IP limits. */
export function uniqueClientIp(): string {
  const [a, b] = randomBytes(2);
  return `198.${18 + (a & 1)}.${b}.${1 + Math.floor(Math.random() * 254)}`;
}

const listening = new WeakMap<object, Promise<void>>();

/**
 * Makes the app's HTTP server listen on an ephemeral port, once. Until it listens, supertest opens and
 * closes a listener around every request, and concurrent requests then die with ECONNRESET when the first
 * one to finish closes the listener the others are using.
 */
export function ensureListening(app: TestApp): Promise<void> {
  const server = app.app.getHttpServer() as Server;
  let ready = listening.get(server);
  if (!ready) {
    ready = server.listening ? Promise.resolve() : app.app.listen(0, '127.0.0.1').then(() => undefined);
    listening.set(server, ready);
  }
  return ready;
}

function signedIn(body: unknown, status: number, expected: number, what: string): SignedIn {
  if (status !== expected) {
    throw new Error(`${what} answered ${status} instead of ${expected}: ${JSON.stringify(body)}`);
  }
  const session = body as AuthSession;
  return { user: session.user, accessToken: session.accessToken, refreshToken: session.refreshToken };
}

/**
 * Registers a new shopper through the real `POST /api/auth/register` (a unique email on every call) and
 * returns the session. Safe to call many times concurrently: the server is made to listen first (see
 * {@link ensureListening}), and each call comes from its own client address (the API trusts
 * X-Forwarded-For from loopback), so per-IP sign-up limits do not pile up across calls.
 */
export async function signUpShopper(
  app: TestApp,
  overrides: Partial<RegisterRequest> = {},
): Promise<SignedIn> {
  const body: RegisterRequest = {
    email: `shopper-${randomUUID()}@flashline.test`,
    password: 'shopper-password-1',
    name: 'Test Shopper',
    ...overrides,
  };
  await ensureListening(app);
  const response = await app.http
    .post('/api/auth/register')
    .set('X-Forwarded-For', uniqueClientIp())
    .send(body);
  return signedIn(response.body, response.status, 201, 'POST /api/auth/register');
}

/**
 * Signs in as the admin that start-up creates from `ADMIN_EMAIL` / `ADMIN_PASSWORD`, creating it first if
 * it is missing (start-up does it in the background, and `reset()` drops it with the database). It calls
 * the same AuthService.login as the route (real bcrypt check, real tokens) rather than HTTP: every call
 * uses the one admin email, and the per-email login limit would refuse the sixth call within a minute.
 */
export async function signInAdmin(app: TestApp): Promise<SignedIn> {
  await app.app.get(AdminAccount).ensure();
  const session = await app.app
    .get(AuthService)
    .login({ email: app.config.auth.adminEmail, password: app.config.auth.adminPassword });
  return { user: session.user, accessToken: session.accessToken, refreshToken: session.refreshToken };
}

/** Asserts the contract's error shape (status, code, requestId = X-Request-Id) and returns the body. */
export function expectErrorBody(response: Response, status: number, code: ErrorCode): ErrorBody {
  expect({ status: response.status, code: (response.body as Partial<ErrorBody>).error?.code }).toEqual({
    status,
    code,
  });
  const body = response.body as ErrorBody;
  expect(typeof body.error.message).toBe('string');
  expect(body.error.requestId).toBe(response.headers['x-request-id']);
  return body;
}

/** Raw rate-limit settings high enough that only the limit a test is about can trigger. */
export const GENEROUS_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_DEFAULT_LIMIT: '1000000',
  RATE_LIMIT_LOGIN_IP_LIMIT: '1000000',
  RATE_LIMIT_LOGIN_EMAIL_LIMIT: '1000000',
  RATE_LIMIT_REGISTER_IP_LIMIT: '1000000',
  RATE_LIMIT_REGISTER_EMAIL_LIMIT: '1000000',
};
