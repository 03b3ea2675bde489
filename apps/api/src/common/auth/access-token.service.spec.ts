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

function service(
  secret = 'a-development-secret-of-32-characters!',
  watermarks = new Map<string, number>(),
): AccessTokenService {
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
});
