import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { AuthSession } from '@flashline/contracts';
import {
  ensureListening,
  expectErrorBody,
  GENEROUS_RATE_LIMITS,
  signUpShopper,
  uniqueClientIp,
} from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { AdminAccount } from '@api/auth/admin-account.service';

const PASSWORD = 'shopper-password-1';
const newEmail = (): string => `hardening-${randomUUID()}@flashline.test`;

/** One app per setting; Redis and MongoDB are emptied after each. */
async function withApp(env: Record<string, string>, run: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await createTestApp({ ...GENEROUS_RATE_LIMITS, ...env });
  await ensureListening(app);
  try {
    await run(app);
  } finally {
    await app.reset();
    await app.close();
  }
}

function deviceCookieOf(response: Response): { pair: string; line: string } {
  const header = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const line = header.find((cookie) => cookie.startsWith('flashline_device_'));
  if (!line) throw new Error(`no device cookie in ${JSON.stringify(header)}`);
  return { pair: line.split(';')[0], line };
}

describe('auth hardening (issue 18)', () => {
  describe('login throttling with device cookies (finding 6)', () => {
    const LIMITS = { RATE_LIMIT_LOGIN_EMAIL_LIMIT: '5', RATE_LIMIT_LOGIN_EMAIL_TTL: '60' };

    const login = (app: TestApp, email: string, password: string, cookie?: string): Promise<Response> => {
      const call = app.http.post('/api/auth/login').set('X-Forwarded-For', uniqueClientIp());
      if (cookie) call.set('Cookie', cookie);
      return call.send({ email, password });
    };

    it('5 wrong passwords from 5 addresses lock strangers out (429 + Retry-After), not the owner with their device cookie', async () => {
      await withApp(LIMITS, async (app) => {
        const email = newEmail();
        const registered = await app.http
          .post('/api/auth/register')
          .set('X-Forwarded-For', uniqueClientIp())
          .send({ email, password: PASSWORD, name: 'Owner' });
        expect(registered.status).toBe(201);
        const device = deviceCookieOf(registered);
        expect(device.line).toMatch(/HttpOnly/);
        expect(device.line).toMatch(/SameSite=Strict/);
        expect(device.line).toMatch(/Path=\/api\/auth\/login/);

        for (let i = 0; i < 5; i++) expect((await login(app, email, 'wrong password')).status).toBe(401);
        // A stranger, even with the right password, waits.
        const stranger = await login(app, email, PASSWORD);
        expectErrorBody(stranger, 429, 'RATE_LIMITED');
        expect(Number(stranger.headers['retry-after'])).toBeGreaterThanOrEqual(1);

        const owner = await login(app, email, PASSWORD, device.pair);
        expect(owner.status).toBe(200);
        expect((owner.body as AuthSession).user.email).toBe(email);
        // A fresh device cookie on every sign-in.
        expect(deviceCookieOf(owner).pair).not.toBe(device.pair);
      });
    });

    it("counts a device cookie's own guesses, and no forged or other account's cookie helps a stranger", async () => {
      await withApp(LIMITS, async (app) => {
        const [owner, other] = [newEmail(), newEmail()];
        const device = deviceCookieOf(
          await app.http.post('/api/auth/register').send({ email: owner, password: PASSWORD, name: 'Owner' }),
        );
        const otherDevice = deviceCookieOf(
          await app.http.post('/api/auth/register').send({ email: other, password: PASSWORD, name: 'Other' }),
        );
        for (let i = 0; i < 5; i++) expect((await login(app, owner, 'wrong password')).status).toBe(401);

        const [name, value] = device.pair.split('=');
        const forged = `${name}=${value.slice(0, -2)}AA`;
        expectErrorBody(await login(app, owner, PASSWORD, forged), 429, 'RATE_LIMITED');
        // Another account's cookie, under this account's cookie name too.
        const [, otherValue] = otherDevice.pair.split('=');
        expectErrorBody(await login(app, owner, PASSWORD, `${name}=${otherValue}`), 429, 'RATE_LIMITED');

        // The device itself has a budget: five guesses through it, then it waits too.
        for (let i = 0; i < 5; i++) {
          expect((await login(app, owner, 'wrong password', device.pair)).status).toBe(401);
        }
        expectErrorBody(await login(app, owner, PASSWORD, device.pair), 429, 'RATE_LIMITED');
        // Another account is untouched by all of it.
        expect((await login(app, other, PASSWORD, otherDevice.pair)).status).toBe(200);
      });
    });
  });

  describe('absolute session lifetime (finding 7)', () => {
    it('a family ends SESSION_MAX_LIFETIME after sign-in: rotation never extends it past that', async () => {
      await withApp({}, async (app) => {
        const signedIn = await signUpShopper(app);
        const familyKey = `{rt:${signedIn.refreshToken.split('.')[0]}}:family`;
        const endsAt = Number(await app.redis.hget(familyKey, 'endsAt'));
        const lifetimeMs = app.config.auth.sessionMaxLifetimeSeconds * 1000;
        expect(lifetimeMs).toBe(30 * 24 * 3600 * 1000);
        expect(Math.abs(endsAt - (Date.now() + lifetimeMs))).toBeLessThan(60_000);

        // Near its end: a rotation renews the idle lifetime only up to it.
        await app.redis.hset(familyKey, 'endsAt', String(Date.now() + 5000));
        const rotated = await app.http
          .post('/api/auth/refresh')
          .send({ refreshToken: signedIn.refreshToken });
        expect(rotated.status).toBe(200);
        const next = (rotated.body as AuthSession).refreshToken;
        expect(await app.redis.pttl(familyKey)).toBeLessThanOrEqual(5000);

        // At its end, however recently used, the family is gone: the shopper signs in again.
        await app.redis.hset(familyKey, 'endsAt', String(Date.now() - 1));
        const ended = await app.http.post('/api/auth/refresh').send({ refreshToken: next });
        expectErrorBody(ended, 401, 'UNAUTHENTICATED');
        expect(await app.redis.exists(familyKey)).toBe(0);
      });
    });
  });

  describe('token answers are never cached (finding 8)', () => {
    it('register, login, refresh and logout-all answer Cache-Control: no-store', async () => {
      await withApp({}, async (app) => {
        const email = newEmail();
        const register = await app.http
          .post('/api/auth/register')
          .send({ email, password: PASSWORD, name: 'N' });
        const login = await app.http.post('/api/auth/login').send({ email, password: PASSWORD });
        const session = login.body as AuthSession;
        const refresh = await app.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
        const logoutAll = await app.http
          .post('/api/auth/logout-all')
          .set('Authorization', `Bearer ${(refresh.body as AuthSession).accessToken}`);
        expect(
          [register, login, refresh, logoutAll].map((response) => [
            response.status,
            response.headers['cache-control'],
          ]),
        ).toEqual([
          [201, 'no-store'],
          [200, 'no-store'],
          [200, 'no-store'],
          [204, 'no-store'],
        ]);
      });
    });
  });

  describe('the bcrypt waiting line is bounded (finding 10)', () => {
    it('past PASSWORD_HASH_QUEUE_LIMIT a login is refused at once: 503 with Retry-After', async () => {
      const env = { PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE_LIMIT: '2', BCRYPT_ROUNDS: '10' };
      await withApp(env, async (app) => {
        const email = newEmail();
        expect(
          (await app.http.post('/api/auth/register').send({ email, password: PASSWORD, name: 'N' })).status,
        ).toBe(201);
        // The line must be empty when the burst comes: the admin account, ensured in the background at
        // start-up, hashes its password through the same line on a fresh database. Ensure it here, then one
        // login: the line is first come, first served, so when that login is answered nothing is ahead.
        await app.app.get(AdminAccount).ensure();
        const warmUp = await app.http
          .post('/api/auth/login')
          .set('X-Forwarded-For', uniqueClientIp())
          .send({ email, password: 'wrong password' });
        expect(warmUp.status).toBe(401);
        const attempts = await Promise.all(
          Array.from({ length: 12 }, async () => {
            const started = performance.now();
            const response = await app.http
              .post('/api/auth/login')
              .set('X-Forwarded-For', uniqueClientIp())
              .send({ email, password: 'wrong password' });
            return { response, ms: performance.now() - started };
          }),
        );
        const refused = attempts.filter(({ response }) => response.status === 503);
        const answered = attempts.filter(({ response }) => response.status === 401);
        // One hashing, two waiting: everyone else is told at once to come back.
        expect(answered.length).toBeGreaterThanOrEqual(3);
        expect(refused.length).toBeGreaterThanOrEqual(1);
        expect(answered.length + refused.length).toBe(12);
        for (const { response } of refused) {
          expectErrorBody(response, 503, 'SERVICE_UNAVAILABLE');
          expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        }
        const slowestAnswer = Math.max(...answered.map(({ ms }) => ms));
        expect(Math.max(...refused.map(({ ms }) => ms))).toBeLessThan(slowestAnswer);
      });
    });
  });

  describe('registration and existing emails (finding 14, decided: the contract wins)', () => {
    it('a taken email is 409 CONFLICT, and the register-email limit bounds how often anyone may ask', async () => {
      await withApp({ RATE_LIMIT_REGISTER_EMAIL_LIMIT: '3' }, async (app) => {
        const email = newEmail();
        const register = (): Promise<Response> =>
          app.http
            .post('/api/auth/register')
            .set('X-Forwarded-For', uniqueClientIp())
            .send({ email, password: PASSWORD, name: 'N' });
        expect((await register()).status).toBe(201);
        expectErrorBody(await register(), 409, 'CONFLICT');
        expectErrorBody(await register(), 409, 'CONFLICT');
        expectErrorBody(await register(), 429, 'RATE_LIMITED');
        // Login says nothing either way: the same answer for an unknown email and a wrong password.
        const unknown = await app.http
          .post('/api/auth/login')
          .send({ email: newEmail(), password: PASSWORD });
        const wrong = await app.http.post('/api/auth/login').send({ email, password: 'wrong password' });
        expect((unknown.body as { error: { message: string } }).error.message).toBe(
          (wrong.body as { error: { message: string } }).error.message,
        );
      });
    });
  });
});
