import { createHmac } from 'node:crypto';
import { Types } from 'mongoose';
import type { Response } from 'supertest';
import type { AuthSession } from '@flashline/contracts';
import {
  ensureListening,
  expectErrorBody,
  GENEROUS_RATE_LIMITS,
  type SignedIn,
  signInAdmin,
  signUpShopper,
} from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT made by hand, so a test controls every header field, claim and signature. */
function craftJwt(header: object, claims: object, secret?: string, hmac = 'sha256'): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  const signature = secret ? createHmac(hmac, secret).update(unsigned).digest('base64url') : '';
  return `${unsigned}.${signature}`;
}

describe('access tokens', () => {
  let app: TestApp;
  let shopper: SignedIn;

  const me = (authorization?: string): Promise<Response> => {
    const call = app.http.get('/api/auth/me');
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };
  const claimsOf = (userId: string, overrides: object = {}): object => {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: userId,
      role: 'admin',
      typ: 'access',
      jti: 'x',
      iat: now,
      iatMs: Date.now(),
      exp: now + 600,
      ...overrides,
    };
  };
  const refresh = (refreshToken: string): Promise<Response> =>
    app.http.post('/api/auth/refresh').send({ refreshToken });

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMITS);
    await ensureListening(app);
    shopper = await signUpShopper(app);
  });
  afterAll(async () => {
    await app.reset();
    await app.close();
  });

  it('are accepted when valid (the control case)', async () => {
    expect((await me(`Bearer ${shopper.accessToken}`)).status).toBe(200);
    const handMade = craftJwt(
      { alg: 'HS256', typ: 'JWT' },
      claimsOf(shopper.user.id),
      app.config.auth.accessSecret,
    );
    expect((await me(`Bearer ${handMade}`)).status).toBe(200);
  });

  it('carry sub, role, typ "access", jti, a millisecond issue time and a TTL from config, signed HS256', () => {
    const [header, payload] = shopper.accessToken
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString());
    expect(JSON.parse(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(payload) as { exp: number; iat: number };
    expect(claims).toEqual(
      expect.objectContaining({
        sub: shopper.user.id,
        role: 'shopper',
        typ: 'access',
        jti: expect.any(String),
        iatMs: expect.any(Number),
      }),
    );
    expect(claims.exp - claims.iat).toBe(app.config.auth.accessTokenTtlSeconds);
  });

  describe('are refused with 401 UNAUTHENTICATED', () => {
    const cases: Array<[string, (secret: string) => string]> = [
      ['no Authorization header', () => ''],
      ['a malformed token', () => 'Bearer not-a-jwt'],
      ['three garbage segments', () => 'Bearer aaa.bbb.ccc'],
      ['another scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
      [
        'alg "none"',
        () => `Bearer ${craftJwt({ alg: 'none', typ: 'JWT' }, claimsOf(new Types.ObjectId().toHexString()))}`,
      ],
      [
        'another secret',
        () =>
          `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf(new Types.ObjectId().toHexString()), 'x'.repeat(40))}`,
      ],
      [
        'HS512 with the right secret',
        (secret) =>
          `Bearer ${craftJwt({ alg: 'HS512' }, claimsOf(new Types.ObjectId().toHexString()), secret, 'sha512')}`,
      ],
      [
        'an expired token',
        (secret) =>
          `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf(new Types.ObjectId().toHexString(), { exp: 1_000_000 }), secret)}`,
      ],
      [
        'typ "refresh"',
        (secret) =>
          `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf(new Types.ObjectId().toHexString(), { typ: 'refresh' }), secret)}`,
      ],
      [
        'no typ',
        (secret) =>
          `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf(new Types.ObjectId().toHexString(), { typ: undefined }), secret)}`,
      ],
      [
        'no millisecond issue time',
        (secret) =>
          `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf(new Types.ObjectId().toHexString(), { iatMs: undefined }), secret)}`,
      ],
      [
        'a role that is not one',
        (secret) =>
          `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf(new Types.ObjectId().toHexString(), { role: 'root' }), secret)}`,
      ],
      [
        'a sub that is not a user id',
        (secret) => `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf('{"$ne":null}'), secret)}`,
      ],
      [
        'a sub of nobody',
        (secret) =>
          `Bearer ${craftJwt({ alg: 'HS256' }, claimsOf(new Types.ObjectId().toHexString()), secret)}`,
      ],
    ];

    it.each(cases)('%s', async (_what, authorization) => {
      const response = await me(authorization(app.config.auth.accessSecret) || undefined);
      expectErrorBody(response, 401, 'UNAUTHENTICATED');
    });

    it('a tampered payload (role changed, signature kept)', async () => {
      const [header, payload, signature] = shopper.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
      const tampered = `${header}.${b64({ ...claims, role: 'admin' })}.${signature}`;
      expectErrorBody(await me(`Bearer ${tampered}`), 401, 'UNAUTHENTICATED');
    });

    it('a refresh token used as an access token', async () => {
      expectErrorBody(await me(`Bearer ${shopper.refreshToken}`), 401, 'UNAUTHENTICATED');
    });

    it('an access token of a deleted user', async () => {
      const doomed = await signUpShopper(app);
      await app.mongo.collection('users').deleteOne({ _id: new Types.ObjectId(doomed.user.id) });
      expectErrorBody(await me(`Bearer ${doomed.accessToken}`), 401, 'UNAUTHENTICATED');
    });

    it('an access token of a user deleted through the admin route, at once on this process', async () => {
      const doomed = await signUpShopper(app);
      const orders = (): Promise<Response> =>
        app.http.get('/api/orders').set('Authorization', `Bearer ${doomed.accessToken}`);
      expect((await orders()).status).toBe(200);
      const admin = await signInAdmin(app);
      const deleted = await app.http
        .delete(`/api/admin/users/${doomed.user.id}`)
        .set('Authorization', `Bearer ${admin.accessToken}`);
      expect(deleted.status).toBe(204);
      expectErrorBody(await orders(), 401, 'UNAUTHENTICATED');
      expectErrorBody(await refresh(doomed.refreshToken), 401, 'UNAUTHENTICATED');
    });
  });

  it('are trusted without a database read: a validly signed token of an id never stored works on a route that needs no user record', async () => {
    const token = craftJwt(
      { alg: 'HS256' },
      claimsOf(new Types.ObjectId().toHexString(), { role: 'shopper', iatMs: Date.now() }),
      app.config.auth.accessSecret,
    );
    expect((await app.http.get('/api/orders').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });
});

describe('refresh tokens', () => {
  let app: TestApp;

  const refresh = (refreshToken?: string, cookie?: string): Promise<Response> => {
    const call = app.http.post('/api/auth/refresh');
    if (cookie) call.set('Cookie', cookie);
    return refreshToken === undefined ? call : call.send({ refreshToken });
  };
  const logout = (accessToken: string, refreshToken?: string): Promise<Response> => {
    const call = app.http.post('/api/auth/logout').set('Authorization', `Bearer ${accessToken}`);
    return refreshToken === undefined ? call : call.send({ refreshToken });
  };
  const sessionOf = (response: Response): AuthSession => {
    expect(response.status).toBe(200);
    return response.body as AuthSession;
  };

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMITS);
    await ensureListening(app);
  });
  afterAll(async () => {
    await app.reset();
    await app.close();
  });

  it('rotate: the new token works, the used one is refused, and reusing it revokes the new one too', async () => {
    const signedIn = await signUpShopper(app);
    const first = sessionOf(await refresh(signedIn.refreshToken));
    expect(first.user).toEqual(signedIn.user);
    expect(first.refreshToken).not.toBe(signedIn.refreshToken);
    expect(
      (await app.http.get('/api/auth/me').set('Authorization', `Bearer ${first.accessToken}`)).status,
    ).toBe(200);

    const second = sessionOf(await refresh(first.refreshToken));
    expectErrorBody(await refresh(first.refreshToken), 401, 'UNAUTHENTICATED');
    // The reuse above revoked the family: the token issued after it is dead as well.
    expectErrorBody(await refresh(second.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('let exactly one of several concurrent refreshes with one token win', async () => {
    for (const parallel of [2, 10]) {
      const signedIn = await signUpShopper(app);
      const responses = await Promise.all(
        Array.from({ length: parallel }, () => refresh(signedIn.refreshToken)),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 401)).toHaveLength(parallel - 1);
    }
  });

  it('work from the httpOnly cookie alone, and rotate the cookie', async () => {
    const signedIn = await signUpShopper(app);
    const response = await refresh(undefined, `flashline_refresh=${signedIn.refreshToken}`);
    const session = sessionOf(response);
    expect(String(response.headers['set-cookie'])).toContain(`flashline_refresh=${session.refreshToken}`);
    expect(String(response.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it.each([
    ['no token', undefined],
    ['garbage', 'garbage'],
    ['a well-formed token never issued', `${'a'.repeat(22)}.${'b'.repeat(43)}`],
    ['an access token', 'ACCESS'],
  ])('refuse %s with 401', async (_what, token) => {
    const signedIn = await signUpShopper(app);
    const response = await refresh(token === 'ACCESS' ? signedIn.accessToken : token);
    expectErrorBody(response, 401, 'UNAUTHENTICATED');
  });

  it('refuse an operator in place of the token with 400', async () => {
    const response = await app.http.post('/api/auth/refresh').send({ refreshToken: { $ne: null } });
    expectErrorBody(response, 400, 'VALIDATION_FAILED');
  });

  it('stop working with their whole family at logout (204), other sign-ins unaffected', async () => {
    const signedIn = await signUpShopper(app);
    const otherDevice = sessionOf(
      await app.http
        .post('/api/auth/login')
        .send({ email: signedIn.user.email, password: 'shopper-password-1' }),
    );
    const rotated = sessionOf(await refresh(signedIn.refreshToken));

    const response = await logout(rotated.accessToken, rotated.refreshToken);
    expect(response.status).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/flashline_refresh=;.*Expires=Thu, 01 Jan 1970/);
    expectErrorBody(await refresh(rotated.refreshToken), 401, 'UNAUTHENTICATED');
    expectErrorBody(await refresh(signedIn.refreshToken), 401, 'UNAUTHENTICATED');
    expect((await refresh(otherDevice.refreshToken)).status).toBe(200);
  });

  it('are revoked at logout from the cookie too', async () => {
    const signedIn = await signUpShopper(app);
    const response = await app.http
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${signedIn.accessToken}`)
      .set('Cookie', `flashline_refresh=${signedIn.refreshToken}`);
    expect(response.status).toBe(204);
    expectErrorBody(await refresh(signedIn.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it("cannot be revoked by someone else's logout", async () => {
    const [ada, eve] = await Promise.all([signUpShopper(app), signUpShopper(app)]);
    expect((await logout(eve.accessToken, ada.refreshToken)).status).toBe(204);
    expect((await refresh(ada.refreshToken)).status).toBe(200);
  });

  it('need a signed-in caller to log out', async () => {
    const signedIn = await signUpShopper(app);
    const response = await app.http.post('/api/auth/logout').send({ refreshToken: signedIn.refreshToken });
    expectErrorBody(response, 401, 'UNAUTHENTICATED');
    expect((await refresh(signedIn.refreshToken)).status).toBe(200);
  });

  it('of a deleted user are refused', async () => {
    const doomed = await signUpShopper(app);
    await app.mongo.collection('users').deleteOne({ _id: new Types.ObjectId(doomed.user.id) });
    expectErrorBody(await refresh(doomed.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('are stored in Redis only as hashes', async () => {
    const signedIn = await signUpShopper(app);
    const [familyId, secret] = signedIn.refreshToken.split('.');
    const stored = await app.redis.hgetall(`{rt:${familyId}}:family`);
    expect(stored).toEqual({
      userId: signedIn.user.id,
      current: expect.any(String),
      endsAt: expect.any(String),
    });
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await app.redis.pttl(`{rt:${familyId}}:family`)).toBeGreaterThan(
      (app.config.auth.refreshTokenTtlSeconds - 60) * 1000,
    );
  });
});
