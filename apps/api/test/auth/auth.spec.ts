import { randomUUID } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { Response } from 'supertest';
import type { AuthSession, User } from '@flashline/contracts';
import { AppModule } from '@api/app.module';
import { AdminAccount } from '@api/auth/admin-account.service';
import { configureApp, createHttpAdapter } from '@api/bootstrap';
import { type AuthUser, CurrentUser, Public, Roles } from '@api/common/auth';
import { AppConfig, loadConfig } from '@api/config';
import {
  ensureListening,
  expectErrorBody,
  GENEROUS_RATE_LIMITS,
  signInAdmin,
  signUpShopper,
  uniqueClientIp,
} from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';

const PASSWORD = 'correct horse battery';

function newEmail(): string {
  return `ada-${randomUUID()}@auth-spec.test`;
}

/** Every response body of this suite is checked for anything that looks like a password hash. */
function expectNoSecrets(response: Response): void {
  expect(response.text).not.toMatch(/\$2[aby]\$/);
  expect(response.text).not.toMatch(/passwordHash|emailNormalized/);
}

function register(app: TestApp, body: object): Promise<Response> {
  return app.http.post('/api/auth/register').set('X-Forwarded-For', uniqueClientIp()).send(body);
}

function login(app: TestApp, body: object): Promise<Response> {
  return app.http.post('/api/auth/login').set('X-Forwarded-For', uniqueClientIp()).send(body);
}

function expectSession(response: Response, status: number, user: Partial<User>): AuthSession {
  expect(response.status).toBe(status);
  expectNoSecrets(response);
  const session = response.body as AuthSession;
  expect(session).toEqual({
    accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    refreshToken: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
    expiresIn: expect.any(Number),
    user: { id: expect.stringMatching(/^[0-9a-f]{24}$/), name: expect.any(String), role: 'shopper', ...user },
  });
  const cookie = String(response.headers['set-cookie']);
  expect(cookie).toContain(`flashline_refresh=${session.refreshToken}`);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(cookie).toMatch(/Path=\/api\/auth/);
  return session;
}

describe('auth routes', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMITS);
    await ensureListening(app);
  });
  afterAll(async () => {
    await app.reset();
    await app.close();
  });

  describe('POST /api/auth/register', () => {
    it('creates a shopper and signs them in (201 AuthSession + refresh cookie)', async () => {
      const email = newEmail();
      const response = await register(app, { email, password: PASSWORD, name: '  Ada Lovelace ' });
      expectSession(response, 201, { email, name: 'Ada Lovelace', role: 'shopper' });
    });

    it('refuses a taken email with 409 CONFLICT, whatever its case', async () => {
      const email = newEmail();
      expect((await register(app, { email, password: PASSWORD, name: 'Ada' })).status).toBe(201);
      const again = await register(app, { email: email.toUpperCase(), password: PASSWORD, name: 'Eve' });
      expectErrorBody(again, 409, 'CONFLICT');
    });

    it('lets exactly one of two simultaneous registrations of one email in', async () => {
      for (let round = 0; round < 3; round++) {
        const email = newEmail();
        const responses = await Promise.all([
          register(app, { email, password: PASSWORD, name: 'Ada' }),
          register(app, { email: email.toUpperCase(), password: PASSWORD, name: 'Eve' }),
        ]);
        expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
        expectErrorBody(responses.find((response) => response.status === 409) as Response, 409, 'CONFLICT');
      }
    });

    it('refuses a role in the body (mass assignment) with 400', async () => {
      const response = await register(app, {
        email: newEmail(),
        password: PASSWORD,
        name: 'Eve',
        role: 'admin',
      });
      const body = expectErrorBody(response, 400, 'VALIDATION_FAILED');
      expect(body.error.details).toEqual([expect.objectContaining({ field: 'role' })]);
    });

    it.each([
      ['a bad email', { email: 'not-an-email' }],
      ['a 7-character password', { password: '1234567' }],
      ['a 129-character password', { password: 'p'.repeat(129) }],
      ['an empty name', { name: '' }],
      ['a blank name', { name: '   ' }],
      ['a 101-character name', { name: 'n'.repeat(101) }],
      ['a missing field', { name: undefined }],
      ['an operator as email', { email: { $gt: '' } }],
      ['an operator as password', { password: { $ne: null } }],
      ['an array as name', { name: ['Ada'] }],
      ['an unknown field', { isAdmin: true }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_what, change) => {
      const response = await register(app, { email: newEmail(), password: PASSWORD, name: 'Ada', ...change });
      expectErrorBody(response, 400, 'VALIDATION_FAILED');
    });

    it('accepts passwords of exactly 8 and 128 characters, and tells 128-character passwords apart', async () => {
      const email = newEmail();
      const long = 'p'.repeat(127) + 'a';
      expect((await register(app, { email, password: long, name: 'Ada' })).status).toBe(201);
      expect((await register(app, { email: newEmail(), password: '12345678', name: 'Ada' })).status).toBe(
        201,
      );
      // bcrypt alone would ignore everything after byte 72.
      expectErrorBody(await login(app, { email, password: 'p'.repeat(127) + 'b' }), 401, 'UNAUTHENTICATED');
      expect((await login(app, { email, password: long })).status).toBe(200);
    });
  });

  describe('POST /api/auth/login', () => {
    let email: string;

    beforeAll(async () => {
      email = newEmail();
      expect((await register(app, { email, password: PASSWORD, name: 'Ada' })).status).toBe(201);
    });

    it('signs in with the right password, the email in any case (200 AuthSession + cookie)', async () => {
      expectSession(await login(app, { email, password: PASSWORD }), 200, { email, name: 'Ada' });
      expectSession(await login(app, { email: ` ${email.toUpperCase()} `, password: PASSWORD }), 200, {
        email,
      });
    });

    it('answers an unknown email and a wrong password with the same 401 and message', async () => {
      const unknown = expectErrorBody(
        await login(app, { email: newEmail(), password: PASSWORD }),
        401,
        'UNAUTHENTICATED',
      );
      const wrong = expectErrorBody(
        await login(app, { email, password: 'wrong password' }),
        401,
        'UNAUTHENTICATED',
      );
      expect(unknown.error.message).toBe(wrong.error.message);
    });

    it.each([
      ['operators for both fields', { email: { $ne: null }, password: { $ne: null } }],
      ['an operator for the password', { email: 'admin@flashline.test', password: { $gt: '' } }],
      ['a regex for the email', { email: { $regex: '.*' }, password: PASSWORD }],
      ['a $where', { email: 'admin@flashline.test', password: PASSWORD, $where: '1 == 1' }],
      ['arrays', { email: ['admin@flashline.test'], password: [PASSWORD] }],
      ['a number as password', { email: 'admin@flashline.test', password: 12345678 }],
      ['nothing', {}],
    ])('refuses %s with 400, never signing in', async (_what, body) => {
      const response = await login(app, body);
      expectErrorBody(response, 400, 'VALIDATION_FAILED');
      expect(response.text).not.toContain('accessToken');
    });
  });

  describe('GET /api/auth/me', () => {
    it("is the token's own user", async () => {
      const [ada, eve] = await Promise.all([signUpShopper(app), signUpShopper(app, { name: 'Eve' })]);
      for (const { user, accessToken } of [ada, eve]) {
        const response = await app.http.get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`);
        expect(response.status).toBe(200);
        expectNoSecrets(response);
        expect(response.body).toEqual(user);
      }
    });

    it('is 401 without a token', async () => {
      expectErrorBody(await app.http.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('the admin account', () => {
    it('is created at start-up from config, once, and can sign in', async () => {
      const admin = await signInAdmin(app);
      expect(admin.user).toEqual(
        expect.objectContaining({ email: app.config.auth.adminEmail, role: 'admin' }),
      );
      const me = await app.http.get('/api/auth/me').set('Authorization', `Bearer ${admin.accessToken}`);
      expect(me.body).toEqual(admin.user);
    });

    it('stays one account when many processes ensure it at once', async () => {
      await app.reset();
      const accounts = app.app.get(AdminAccount);
      const results = await Promise.all(Array.from({ length: 8 }, () => accounts.ensure()));
      expect(results.filter((result) => result === 'created')).toHaveLength(1);
      const count = await app.mongo
        .collection('users')
        .countDocuments({ emailNormalized: app.config.auth.adminEmail });
      expect(count).toBe(1);
    });

    it('signs in through the login route too', async () => {
      await app.app.get(AdminAccount).ensure();
      const response = await login(app, {
        email: app.config.auth.adminEmail,
        password: app.config.auth.adminPassword,
      });
      expectSession(response, 200, { email: app.config.auth.adminEmail, role: 'admin' });
    });
  });

  it('documents every auth route in the OpenAPI document, bearer auth on the protected ones', async () => {
    const response = await app.http.get('/docs-json');
    const paths = (response.body as { paths: Record<string, Record<string, { security?: object[] }>> }).paths;
    for (const path of ['register', 'login', 'refresh', 'logout']) {
      expect(paths[`/api/auth/${path}`]?.post).toBeDefined();
    }
    expect(paths['/api/auth/me']?.get?.security).toEqual([{ bearer: [] }]);
    expect(paths['/api/auth/logout']?.post?.security).toEqual([{ bearer: [] }]);
    expect(paths['/api/auth/login']?.post?.security).toBeUndefined();
  });
});

describe('password checks take the same time for unknown emails and wrong passwords', () => {
  let app: TestApp;

  beforeAll(async () => {
    // A real cost, so that skipping bcrypt for unknown emails would show as a ~20x difference.
    app = await createTestApp({ ...GENEROUS_RATE_LIMITS, BCRYPT_ROUNDS: '10' });
    await ensureListening(app);
  });
  afterAll(async () => {
    await app.reset();
    await app.close();
  });

  async function medianMs(body: object): Promise<number> {
    const durations: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = process.hrtime.bigint();
      expect((await login(app, body)).status).toBe(401);
      durations.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return durations.sort((a, b) => a - b)[2];
  }

  it('is within the same order of magnitude', async () => {
    const email = newEmail();
    expect((await register(app, { email, password: PASSWORD, name: 'Ada' })).status).toBe(201);
    const wrongPassword = await medianMs({ email, password: 'wrong password' });
    const unknownEmail = await medianMs({ email: newEmail(), password: 'wrong password' });
    const ratio = Math.max(wrongPassword, unknownEmail) / Math.min(wrongPassword, unknownEmail);
    expect(ratio).toBeLessThan(5);
  });
});

@Controller('auth-spec-probe')
class ProbeController {
  @Public()
  @Get('public')
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('signed-in')
  signedIn(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Roles('admin')
  @Get('admin')
  adminOnly(): { ok: true } {
    return { ok: true };
  }
}

describe('the global guards', () => {
  let app: TestApp;
  let probe: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMITS);
    await ensureListening(app);
    const config = loadConfig({ ...process.env, ...GENEROUS_RATE_LIMITS });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule], controllers: [ProbeController] })
      .overrideProvider(AppConfig)
      .useValue(config)
      .compile();
    probe = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
      bodyParser: false,
      logger: false,
    });
    await configureApp(probe);
    await probe.init();
    await probe.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await probe.close();
    await app.reset();
    await app.close();
  });

  const get = (path: string, token?: string): Promise<Response> => {
    const call = request(probe.getHttpServer()).get(`/api/auth-spec-probe/${path}`);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  it('lets anyone reach a @Public() route', async () => {
    expect((await get('public')).status).toBe(200);
  });

  it('requires a valid access token everywhere else, and hands the route its AuthUser', async () => {
    expectErrorBody(await get('signed-in'), 401, 'UNAUTHENTICATED');
    const shopper = await signUpShopper(app);
    const response = await get('signed-in', shopper.accessToken);
    // What the token's claims say: stateless, so no email (that would need the user record).
    expect(response.body).toEqual({ id: shopper.user.id, role: 'shopper' });
  });

  it('answers a shopper on a @Roles("admin") route with 403 FORBIDDEN, and lets the admin in', async () => {
    const shopper = await signUpShopper(app);
    expectErrorBody(await get('admin', shopper.accessToken), 403, 'FORBIDDEN');
    expectErrorBody(await get('admin'), 401, 'UNAUTHENTICATED');
    const admin = await signInAdmin(app);
    expect((await get('admin', admin.accessToken)).status).toBe(200);
  });
});
