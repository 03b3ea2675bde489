import { DEVELOPMENT_SECRETS, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives every variable a development default', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
    expect(config.auth.refreshTokenTtlSeconds).toBe(604800);
    expect(config.auth.bcryptRounds).toBe(12);
    expect(config.stripe.webhookSecret).toBe(DEVELOPMENT_SECRETS.STRIPE_WEBHOOK_SECRET);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.shutdown.timeoutMs).toBe(10_000);
    expect(config.mongo.autoIndex).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['MONGO_URL', 'http://example.com'],
    ['BCRYPT_ROUNDS', '2'],
    ['SWAGGER_ENABLED', 'maybe'],
    ['SHUTDOWN_TIMEOUT_MS', '10s'],
    ['SHUTDOWN_TIMEOUT_MS', '0'],
    ['MONGO_AUTO_INDEX', 'sometimes'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} `));
  });

  it('refuses the development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_x' })).toThrow(
      /JWT_ACCESS_SECRET is the development default/,
    );
  });

  it('accepts real secrets in production and turns Swagger off by default', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_ACCESS_SECRET: 'a'.repeat(40),
      JWT_REFRESH_SECRET: 'b'.repeat(40),
      ADMIN_PASSWORD: 'a-long-admin-password',
      STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      STRIPE_SECRET_KEY: 'sk_live_x',
    });
    expect(config.isProduction).toBe(true);
    expect(config.http.swaggerEnabled).toBe(false);
    // Indexes come from the deploy's migration step, not from every process starting.
    expect(config.mongo.autoIndex).toBe(false);
  });

  it('refuses a single Redis and a cluster at once', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:6379,c:6379' })).toThrow(
      /REDIS_CLUSTER_NODES/,
    );
  });
});
