import { once } from 'node:events';
import { spawnApi } from '../support/processes/api-process';

describe('start-up configuration', () => {
  it('exits non-zero with one line naming PORT when PORT=abc', async () => {
    const { child, output } = spawnApi({ PORT: 'abc' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).not.toBe(0);
    expect(output()).toContain('Invalid configuration: PORT must be an integer');
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it('refuses to start in production with the development secrets', async () => {
    const { child, output } = spawnApi({ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_x' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).not.toBe(0);
    expect(output()).toContain('JWT_ACCESS_SECRET is the development default');
  });
});
