import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { ErrorBody } from '@flashline/contracts';
import { type ApiProcess, startApi } from '../support/processes/api-process';
import {
  ensureListening,
  expectErrorBody,
  GENEROUS_RATE_LIMITS,
  signUpShopper,
  uniqueClientIp,
} from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';

const newEmail = (): string => `rl-${randomUUID()}@rate-limit-spec.test`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function expectRateLimited(response: Response, maxRetryAfter: number): void {
  expectErrorBody(response, 429, 'RATE_LIMITED');
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
}

/** One app per limit setting; Redis and MongoDB are emptied after each. */
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

const login = (app: TestApp, email: string, ip = uniqueClientIp()): Promise<Response> =>
  app.http.post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password: 'wrong password' });

describe('rate limits', () => {
  it('limit login attempts per email, from any address, with 429 + Retry-After', async () => {
    await withApp({ RATE_LIMIT_LOGIN_EMAIL_LIMIT: '3', RATE_LIMIT_LOGIN_EMAIL_TTL: '60' }, async (app) => {
      const email = newEmail();
      for (let i = 0; i < 3; i++) expect((await login(app, email)).status).toBe(401);
      expectRateLimited(await login(app, email), 60);
      expectRateLimited(await login(app, email.toUpperCase()), 60);
      expect((await login(app, newEmail())).status).toBe(401);
    });
  });

  it('limit login attempts per IP, whatever the email', async () => {
    await withApp({ RATE_LIMIT_LOGIN_IP_LIMIT: '3' }, async (app) => {
      const ip = uniqueClientIp();
      for (let i = 0; i < 3; i++) expect((await login(app, newEmail(), ip)).status).toBe(401);
      expectRateLimited(await login(app, newEmail(), ip), 60);
      expect((await login(app, newEmail())).status).toBe(401);
    });
  });

  it('limit registrations per IP and per email', async () => {
    await withApp(
      { RATE_LIMIT_REGISTER_IP_LIMIT: '2', RATE_LIMIT_REGISTER_EMAIL_LIMIT: '2' },
      async (app) => {
        const register = (email: string, ip: string): Promise<Response> =>
          app.http
            .post('/api/auth/register')
            .set('X-Forwarded-For', ip)
            .send({ email, password: 'password-1', name: 'Ada' });
        const ip = uniqueClientIp();
        expect((await register(newEmail(), ip)).status).toBe(201);
        expect((await register(newEmail(), ip)).status).toBe(201);
        expectRateLimited(await register(newEmail(), ip), 60);

        const email = newEmail();
        expect((await register(email, uniqueClientIp())).status).toBe(201);
        expect((await register(email, uniqueClientIp())).status).toBe(409);
        expectRateLimited(await register(email, uniqueClientIp()), 60);
      },
    );
  });

  it('hold exactly under concurrency (one atomic count per request)', async () => {
    await withApp({ RATE_LIMIT_LOGIN_EMAIL_LIMIT: '10' }, async (app) => {
      const email = newEmail();
      const responses = await Promise.all(Array.from({ length: 40 }, () => login(app, email)));
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(10);
      expect(statuses.filter((status) => status === 429)).toHaveLength(30);
    });
  });

  it('count every route against a default limit: per user when signed in, else per IP', async () => {
    await withApp({ RATE_LIMIT_DEFAULT_LIMIT: '5' }, async (app) => {
      const ip = uniqueClientIp();
      const health = (): Promise<Response> => app.http.get('/api/health').set('X-Forwarded-For', ip);
      for (let i = 0; i < 5; i++) expect((await health()).status).toBe(200);
      expectRateLimited(await health(), 60);
      expect((await app.http.get('/api/health').set('X-Forwarded-For', uniqueClientIp())).status).toBe(200);

      const [ada, eve] = await Promise.all([signUpShopper(app), signUpShopper(app)]);
      const me = (token: string): Promise<Response> =>
        app.http
          .get('/api/auth/me')
          .set('Authorization', `Bearer ${token}`)
          .set('X-Forwarded-For', uniqueClientIp());
      // Registering was anonymous (counted against its address); five requests from five addresses fill Ada's budget.
      for (let i = 0; i < 5; i++) expect((await me(ada.accessToken)).status).toBe(200);
      expectRateLimited(await me(ada.accessToken), 60);
      expect((await me(eve.accessToken)).status).toBe(200);
    });
  });

  it('count a forged token against its IP, not against the user it names', async () => {
    await withApp({ RATE_LIMIT_DEFAULT_LIMIT: '3' }, async (app) => {
      const ada = await signUpShopper(app);
      const [header, payload] = ada.accessToken.split('.');
      const forged = `${header}.${payload}.${'A'.repeat(43)}`;
      const ip = uniqueClientIp();
      for (let i = 0; i < 3; i++) {
        const response = await app.http
          .get('/api/auth/me')
          .set('Authorization', `Bearer ${forged}`)
          .set('X-Forwarded-For', ip);
        expect(response.status).toBe(401);
      }
      const blocked = await app.http.get('/api/health').set('X-Forwarded-For', ip);
      expectRateLimited(blocked, 60);
      const own = await app.http.get('/api/auth/me').set('Authorization', `Bearer ${ada.accessToken}`);
      expect(own.status).toBe(200);
    });
  });

  it('let the client in again once Retry-After has passed', async () => {
    await withApp({ RATE_LIMIT_LOGIN_EMAIL_LIMIT: '1', RATE_LIMIT_LOGIN_EMAIL_TTL: '1' }, async (app) => {
      const email = newEmail();
      expect((await login(app, email)).status).toBe(401);
      const blocked = await login(app, email);
      expectRateLimited(blocked, 1);
      await sleep(Number(blocked.headers['retry-after']) * 1000 + 100);
      expect((await login(app, email)).status).toBe(401);
    });
  });

  it('keep their counters in Redis under hashed, hash-tagged keys (no emails)', async () => {
    await withApp({}, async (app) => {
      const email = newEmail();
      await login(app, email);
      const keys = await app.redis.keys('{rl:*');
      expect(keys.some((key) => /^\{rl:login-email:[\w-]{43}\}:hits$/.test(key))).toBe(true);
      expect(keys.join(' ')).not.toContain(email);
    });
  });
});

describe('rate limits across API processes', () => {
  const ports = [3300 + Math.floor(Math.random() * 40) * 2];
  ports.push(ports[0] + 1);
  let apis: ApiProcess[] = [];
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
    await app.reset();
    const env = {
      ...GENEROUS_RATE_LIMITS,
      RATE_LIMIT_LOGIN_EMAIL_LIMIT: '4',
      RATE_LIMIT_LOGIN_EMAIL_TTL: '60',
      LOG_LEVEL: 'silent',
    };
    apis = await Promise.all(ports.map((port) => startApi(port, env)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await app.reset();
    await app.close();
  });

  it('count one login limit over both processes', async () => {
    const email = newEmail();
    const attempt = async (
      api: ApiProcess,
    ): Promise<{ status: number; retryAfter: string | null; body: unknown }> => {
      const response = await fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: 'wrong password' }),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: await response.json(),
      };
    };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt(apis[i % 2])).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    for (const api of apis) {
      const refused = await attempt(api);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      const body = refused.body as ErrorBody;
      expect(body.error).toEqual(
        expect.objectContaining({ code: 'RATE_LIMITED', requestId: expect.any(String) }),
      );
    }
  });
});
