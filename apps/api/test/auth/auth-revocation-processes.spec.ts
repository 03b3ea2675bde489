import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthSession } from '@flashline/contracts';
import { REVOKED_FOREVER } from '@api/common/auth';
import { TOKEN_REVOCATIONS_KEY, TOKEN_REVOKED_BEFORE_KEY } from '@api/redis';
import { type ApiProcess, startApi } from '../support/processes/api-process';
import { GENEROUS_RATE_LIMITS, signInAdmin, uniqueClientIp } from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { workerPortBase } from '../support/processes/ports';

/** Ports 5480-5509 belong to these tests; each jest worker takes its own three. */
const PORT_BASE = workerPortBase(5480, 3);
/** The contract's bound: a revocation is refused by every API process within this. */
const REVOKED_EVERYWHERE_WITHIN_MS = 5000;
const PASSWORD = 'shopper-password-1';

interface Answer {
  status: number;
  body: unknown;
}

/**
 * Revocation across three real API processes over one Redis and one MongoDB: a deleted user, a demoted
 * admin and "sign out everywhere" are refused by every process within 5 s, also when the pub/sub message
 * is lost (the poll), and each process had accepted the token just before (nothing is cached past it).
 */
describe('token revocation across API processes', () => {
  let app: TestApp;
  let admin: string;
  const processes: ApiProcess[] = [];

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMITS);
    await app.mongo.asPromise();
    admin = (await signInAdmin(app)).accessToken;
    const env = { ...GENEROUS_RATE_LIMITS, LOG_LEVEL: 'warn', REDIS_TIMEOUT_MS: '5000' };
    processes.push(...(await Promise.all([0, 1, 2].map((i) => startApi(PORT_BASE + i, env)))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await app.reset();
    await app.close();
  });

  async function call(
    target: ApiProcess,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<Answer> {
    const response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': uniqueClientIp(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  async function register(): Promise<AuthSession> {
    const email = `revoked-${Date.now()}-${Math.random().toString(36).slice(2)}@flashline.test`;
    const answer = await call(processes[0], 'POST', '/api/auth/register', undefined, {
      email,
      password: PASSWORD,
      name: 'Revoked',
    });
    expect(answer.status).toBe(201);
    return answer.body as AuthSession;
  }

  async function login(email: string): Promise<AuthSession> {
    const answer = await call(processes[1], 'POST', '/api/auth/login', undefined, {
      email,
      password: PASSWORD,
    });
    expect(answer.status).toBe(200);
    return answer.body as AuthSession;
  }

  async function refresh(refreshToken: string, on = processes[2]): Promise<Answer> {
    return call(on, 'POST', '/api/auth/refresh', undefined, { refreshToken });
  }

  /** Each process's status for the token on `path`: the control before a revocation. */
  async function statuses(token: string, path: string): Promise<number[]> {
    return Promise.all(processes.map(async (target) => (await call(target, 'GET', path, token)).status));
  }

  /**
   * How long after `since` each process first answered `expected` for the token (polled every 50 ms), or
   * Infinity when it did not within twice the bound.
   */
  async function refusedAfter(
    token: string,
    path: string,
    expected: number,
    since: number,
  ): Promise<number[]> {
    return Promise.all(
      processes.map(async (target) => {
        while (Date.now() - since < 2 * REVOKED_EVERYWHERE_WITHIN_MS) {
          if ((await call(target, 'GET', path, token)).status === expected) return Date.now() - since;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return Number.POSITIVE_INFINITY;
      }),
    );
  }

  const withinBound = (delays: number[]): boolean[] =>
    delays.map((delay) => delay <= REVOKED_EVERYWHERE_WITHIN_MS);

  it('a deleted user: every process refuses its token within 5 s, and it cannot sign in or refresh', async () => {
    const doomed = await register();
    expect(await statuses(doomed.accessToken, '/api/orders')).toEqual([200, 200, 200]);

    const since = Date.now();
    expect((await call(processes[1], 'DELETE', `/api/admin/users/${doomed.user.id}`, admin)).status).toBe(
      204,
    );
    expect(withinBound(await refusedAfter(doomed.accessToken, '/api/orders', 401, since))).toEqual([
      true,
      true,
      true,
    ]);
    expect((await refresh(doomed.refreshToken)).status).toBe(401);
    const again = await call(processes[0], 'POST', '/api/auth/login', undefined, {
      email: doomed.user.email,
      password: PASSWORD,
    });
    expect(again.status).toBe(401);
  });

  it('a demoted admin: every process refuses the admin token within 5 s; a refresh signs the new role', async () => {
    const promoted = await register();
    const patch = (role: string): Promise<Answer> =>
      call(processes[2], 'PATCH', `/api/admin/users/${promoted.user.id}`, admin, { role });
    expect(await patch('admin')).toMatchObject({ status: 200, body: { role: 'admin' } });
    // Its shopper token was revoked too; the refresh reads the role from MongoDB.
    const asAdmin = (await refresh(promoted.refreshToken)).body as AuthSession;
    expect(asAdmin.user.role).toBe('admin');
    expect(await statuses(asAdmin.accessToken, '/api/admin/orders')).toEqual([200, 200, 200]);

    const since = Date.now();
    expect(await patch('shopper')).toMatchObject({ status: 200, body: { role: 'shopper' } });
    expect(withinBound(await refusedAfter(asAdmin.accessToken, '/api/admin/orders', 401, since))).toEqual([
      true,
      true,
      true,
    ]);
    const asShopper = (await refresh(asAdmin.refreshToken, processes[0])).body as AuthSession;
    expect(asShopper.user.role).toBe('shopper');
    expect(await statuses(asShopper.accessToken, '/api/admin/orders')).toEqual([403, 403, 403]);
    expect(await statuses(asShopper.accessToken, '/api/orders')).toEqual([200, 200, 200]);
  });

  it('sign out everywhere: every session of the caller ends on every process within 5 s; a new sign-in works at once', async () => {
    const first = await register();
    const second = await login(first.user.email);
    expect(await statuses(second.accessToken, '/api/orders')).toEqual([200, 200, 200]);

    const since = Date.now();
    const answer = await call(processes[0], 'POST', '/api/auth/logout-all', first.accessToken);
    expect(answer.status).toBe(204);
    for (const token of [first.accessToken, second.accessToken]) {
      expect(withinBound(await refusedAfter(token, '/api/orders', 401, since))).toEqual([true, true, true]);
    }
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await refresh(second.refreshToken)).status).toBe(401);

    // Signed in again right after (likely in the same second): not refused by the watermark.
    const third = await login(first.user.email);
    expect(await statuses(third.accessToken, '/api/orders')).toEqual([200, 200, 200]);
    expect((await refresh(third.refreshToken)).status).toBe(200);
  });

  it('a revocation whose pub/sub message is lost still reaches every process within 5 s (the poll)', async () => {
    const shopper = await register();
    expect(await statuses(shopper.accessToken, '/api/orders')).toEqual([200, 200, 200]);

    const since = Date.now();
    // The write script itself, publishing on a channel nobody hears.
    const script = readFileSync(join(__dirname, '../../src/common/auth/lua/revoke-tokens.lua'), 'utf8');
    await app.redis.eval(
      script,
      2,
      TOKEN_REVOKED_BEFORE_KEY,
      TOKEN_REVOCATIONS_KEY,
      shopper.user.id,
      String(REVOKED_FOREVER),
      '960000',
      'flashline:nobody-listens',
    );
    expect(withinBound(await refusedAfter(shopper.accessToken, '/api/orders', 401, since))).toEqual([
      true,
      true,
      true,
    ]);
  });
});
