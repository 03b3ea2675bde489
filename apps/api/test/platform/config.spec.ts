import { once } from 'node:events';
import { DEVELOPMENT_SECRETS, loadConfig } from '@api/config';
import { spawnApi } from '../support/processes/api-process';

/** Production values: each secret its own, long enough, none a development default. */
const REAL_SECRETS: Record<keyof typeof DEVELOPMENT_SECRETS, string> = {
  JWT_ACCESS_SECRET: 'real-access-secret-0123456789abcdef-xyz',
  JWT_REFRESH_SECRET: 'real-refresh-secret-0123456789abcdef-xyz',
  STRIPE_WEBHOOK_SECRET: 'whsec_real_0123456789abcdef',
  ADMIN_PASSWORD: 'real-admin-password-42',
  METRICS_TOKEN: 'real-metrics-token-0123456789abcdef-xyz',
  STRIPE_SECRET_KEY: 'sk_live_real_0123456789',
};
/** The test environment's fast hashing is refused in production, so these processes get the real rounds. */
const PRODUCTION = { NODE_ENV: 'production', BCRYPT_ROUNDS: '12', ...REAL_SECRETS };
const SECRET_VARIABLES = Object.keys(DEVELOPMENT_SECRETS) as Array<keyof typeof DEVELOPMENT_SECRETS>;
/** Every secret variable with every known development default in it: 6 × 6 cases. */
const EVERY_DEFAULT_IN_EVERY_SECRET = SECRET_VARIABLES.flatMap((variable) =>
  Object.entries(DEVELOPMENT_SECRETS).map(([owner, value]) => [variable, owner, value] as const),
);

async function refusal(env: Record<string, string>): Promise<string> {
  const { child, output } = spawnApi(env);
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code).not.toBe(0);
  return output();
}

describe('start-up configuration', () => {
  it('exits non-zero with one line naming PORT when PORT=abc', async () => {
    const text = await refusal({ PORT: 'abc' });
    expect(text).toContain('Invalid configuration: PORT must be an integer');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('refuses to start in production with the development secrets', async () => {
    const text = await refusal({
      NODE_ENV: 'production',
      BCRYPT_ROUNDS: '12',
      STRIPE_SECRET_KEY: 'sk_live_x',
    });
    expect(text).toContain('JWT_ACCESS_SECRET is the development default');
  });

  it('accepts production values that are each their own', () => {
    expect(loadConfig(PRODUCTION).isProduction).toBe(true);
  });

  // Issue #18 (3): a published development value under another variable's name signed admin tokens.
  it.each(EVERY_DEFAULT_IN_EVERY_SECRET)(
    'refuses %s set to the development default of %s, naming the variable (the config loader)',
    (variable, owner, value) => {
      const expected = `${variable} is the development default${owner === variable ? '' : ` of ${owner}`}`;
      expect(() => loadConfig({ ...PRODUCTION, [variable]: value })).toThrow(new RegExp(`^${expected}:`));
    },
  );

  it('refuses each secret variable holding another variable’s development default (the real process, one line)', async () => {
    // One process per variable, each given the next variable's published default; run side by side.
    const outputs = await Promise.all(
      SECRET_VARIABLES.map((variable, i) => {
        const owner = SECRET_VARIABLES[(i + 1) % SECRET_VARIABLES.length]!;
        return refusal({ ...PRODUCTION, [variable]: DEVELOPMENT_SECRETS[owner] });
      }),
    );
    SECRET_VARIABLES.forEach((variable, i) => {
      const owner = SECRET_VARIABLES[(i + 1) % SECRET_VARIABLES.length]!;
      const lines = outputs[i]!.trim().split('\n');
      expect(lines).toEqual([
        `Invalid configuration: ${variable} is the development default of ${owner}: set a real secret in production`,
      ]);
    });
  }, 60_000);

  it.each([
    ['JWT_REFRESH_SECRET', 'JWT_ACCESS_SECRET'],
    ['STRIPE_WEBHOOK_SECRET', 'JWT_ACCESS_SECRET'],
    ['ADMIN_PASSWORD', 'JWT_REFRESH_SECRET'],
    ['METRICS_TOKEN', 'JWT_ACCESS_SECRET'],
  ] as const)('refuses %s reusing the value of %s', (variable, other) => {
    expect(() => loadConfig({ ...PRODUCTION, [variable]: REAL_SECRETS[other] })).toThrow(
      new RegExp(`^${variable} has the same value as ${other}:`),
    );
  });

  it('refuses identical access and refresh secrets in the real process', async () => {
    const text = await refusal({ ...PRODUCTION, JWT_REFRESH_SECRET: REAL_SECRETS.JWT_ACCESS_SECRET });
    expect(text.trim()).toBe(
      'Invalid configuration: JWT_REFRESH_SECRET has the same value as JWT_ACCESS_SECRET: every secret must be its own',
    );
  });

  it('keeps metrics off in production without METRICS_TOKEN, and refuses a short one', () => {
    const { METRICS_TOKEN: _unset, ...withoutToken } = PRODUCTION;
    expect(loadConfig(withoutToken).metrics.token).toBeUndefined();
    expect(() => loadConfig({ ...PRODUCTION, METRICS_TOKEN: 'short' })).toThrow(
      /^METRICS_TOKEN must be at least/,
    );
  });
});
