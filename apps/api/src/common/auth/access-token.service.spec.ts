import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '@api/config';
import { AccessTokenService } from './access-token.service';
import type { RevocationRefusal, TokenRevocations } from './token-revocations';

const TTL_SECONDS = 60;

/** TokenRevocations' in-memory answer, without its Redis side: user id -> watermark (ms). */
function revocations(watermarks: Map<string, number>): TokenRevocations {
  const refusal = (userId: string, issuedAtMs: number): RevocationRefusal | undefined => {
    const before = watermarks.get(userId);
    return before !== undefined && issuedAtMs <= before ? 'revoked' : undefined;
  };
  return { refusal } as unknown as TokenRevocations;
}

const SECRET = 'a-development-secret-of-32-characters!';

function service(secret = SECRET, watermarks = new Map<string, number>()): AccessTokenService {
  return new AccessTokenService(
    { auth: { accessSecret: secret, accessTokenTtlSeconds: TTL_SECONDS } } as AppConfig,
    revocations(watermarks),
  );
}

describe('AccessTokenService.check', () => {
  const user = { id: '665f1c2e8b3e4a0012345678', role: 'shopper' } as const;

  afterEach(() => jest.useRealTimers());

  it('accepts a token it signed, the first time and again from memory', () => {
    const tokens = service();
    const token = tokens.sign(user);
    const first = tokens.check(token);
    expect(first).toEqual(expect.objectContaining({ sub: user.id, role: 'shopper', typ: 'access' }));
    expect(tokens.check(token)).toBe(first);
  });

  it('refuses a remembered token once it expires', () => {
    jest.useFakeTimers({ now: new Date('2026-11-24T12:00:00Z') });
    const tokens = service();
    const token = tokens.sign(user);
    expect(typeof tokens.check(token)).toBe('object');
    jest.setSystemTime(new Date('2026-11-24T12:00:00Z').getTime() + (TTL_SECONDS - 1) * 1000);
    expect(typeof tokens.check(token)).toBe('object');
    jest.setSystemTime(new Date('2026-11-24T12:00:00Z').getTime() + TTL_SECONDS * 1000);
    expect(tokens.check(token)).toBe('expired');
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('says "expired" for an expired token it never saw', () => {
    jest.useFakeTimers({ now: new Date('2026-11-24T12:00:00Z') });
    const token = service().sign(user);
    jest.setSystemTime(new Date('2026-11-24T13:00:00Z'));
    expect(service().check(token)).toBe('expired');
  });

  it('refuses a token whose payload was changed after one like it was remembered', () => {
    const tokens = service();
    const token = tokens.sign(user);
    expect(typeof tokens.check(token)).toBe('object');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expect(tokens.check(`${header}.${promoted}.${signature}`)).toBe('invalid');
  });

  it('refuses a token signed with another secret', () => {
    const token = service('another-secret-that-is-32-characters-long').sign(user);
    expect(service().check(token)).toBe('invalid');
  });

  it('hands out claims nobody can change for the next request', () => {
    const tokens = service();
    const token = tokens.sign(user);
    const claims = tokens.check(token);
    expect(Object.isFrozen(claims)).toBe(true);
  });

  it('carries a millisecond issue time: a token signed in the same second as a revocation but after it works', () => {
    const watermarks = new Map<string, number>();
    const tokens = service(undefined, watermarks);
    const second = Math.floor(Date.now() / 1000) * 1000;
    const before = tokens.sign(user, second + 100);
    const after = tokens.sign(user, second + 101);
    expect(typeof tokens.check(before)).toBe('object');
    watermarks.set(user.id, second + 100);
    // Remembered or not, a token issued at or before the watermark is refused; one after it is not.
    expect(tokens.check(before)).toBe('revoked');
    expect(tokens.check(after)).toEqual(expect.objectContaining({ sub: user.id, iatMs: second + 101 }));
  });

  describe('accepts HS256 tokens signed with its key and nothing else', () => {
    const tokens = service();
    const claims = { sub: user.id, role: 'admin', typ: 'access', jti: 'x', iatMs: Date.now() };
    const hmac = (signed: string): string => createHmac('sha256', SECRET).update(signed).digest('base64url');
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signedWith = (header: object, payload: string): string => {
      const signed = `${encode(header)}.${payload}`;
      return `${signed}.${hmac(signed)}`;
    };
    const payload = encode({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 });
    const good = signedWith({ alg: 'HS256', typ: 'JWT' }, payload);

    it.each([
      ['the same claims, signed correctly (the control)', good, 'object'],
      ['alg "none", no signature', `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'invalid'],
      [
        'another algorithm, same key',
        new JwtService({ secret: SECRET }).sign(claims, { algorithm: 'HS512' }),
        'invalid',
      ],
      ['a header of its own, signed: HS256 is what counts', signedWith({ alg: 'HS256' }, payload), 'object'],
      ['a header that is not JSON, signed', `e3.${payload}.${hmac(`e3.${payload}`)}`, 'invalid'],
      ['a signature with one more character', `${good}A`, 'invalid'],
      ['a signature cut short', good.slice(0, -1), 'invalid'],
      ['no signature part', good.slice(0, good.lastIndexOf('.')), 'invalid'],
      [
        'a payload that is not JSON, signed',
        signedWith({ alg: 'HS256', typ: 'JWT' }, encode('x').slice(0, 3)),
        'invalid',
      ],
      [
        'a payload of another kind of token, signed',
        signedWith({ alg: 'HS256', typ: 'JWT' }, encode({ ...claims, typ: 'refresh', exp: 9e9 })),
        'invalid',
      ],
      ['an empty string', '', 'invalid'],
    ])('%s', (_, token, verdict) => {
      const checked = tokens.check(token);
      expect(typeof checked === 'object' ? 'object' : checked).toBe(verdict);
    });
  });
});
