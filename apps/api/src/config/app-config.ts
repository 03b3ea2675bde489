import {
  ConfigError,
  type Env,
  readBoolean,
  readEnum,
  readInt,
  readOptionalString,
  readString,
  readUrl,
} from './env-parsers';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Development-only values: fine on a laptop, refused when NODE_ENV=production. */
export const DEVELOPMENT_SECRETS = {
  JWT_ACCESS_SECRET: 'flashline-dev-access-secret-change-me-in-production',
  JWT_REFRESH_SECRET: 'flashline-dev-refresh-secret-change-me-in-production',
  STRIPE_WEBHOOK_SECRET: 'whsec_flashline_development',
  ADMIN_PASSWORD: 'flashline-admin-dev',
} as const;

export interface HttpConfig {
  port: number;
  storefrontOrigin: string;
  bodyLimitBytes: number;
  swaggerEnabled: boolean;
  /** Mounts the bare benchmark route; never on in production. */
  benchMode: boolean;
}

export interface MongoConfig {
  url: string;
  serverSelectionTimeoutMs: number;
}

export interface RedisConfig {
  url: string;
  clusterNodes?: string[];
  commandTimeoutMs: number;
}

export interface AuthConfig {
  accessSecret: string;
  refreshSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  bcryptRounds: number;
  adminEmail: string;
  adminPassword: string;
}

export interface StripeConfig {
  /** Unset: the local stripe-mock is used and the simulated-payment routes are mounted. */
  secretKey?: string;
  webhookSecret: string;
  mockUrl: string;
}

export interface FlashSaleConfig {
  reservationTtlMinSeconds: number;
  reaperIntervalMs: number;
  paymentGraceSeconds: number;
}

/** The whole configuration, read once from the environment and validated at start-up. */
export class AppConfig {
  readonly nodeEnv!: NodeEnv;
  readonly logLevel!: LogLevel;
  readonly http!: HttpConfig;
  readonly mongo!: MongoConfig;
  readonly redis!: RedisConfig;
  readonly auth!: AuthConfig;
  readonly stripe!: StripeConfig;
  readonly flashSale!: FlashSaleConfig;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export function loadConfig(env: Env): AppConfig {
  const nodeEnv = readEnum<NodeEnv>(env, 'NODE_ENV', ['development', 'test', 'production'], 'development');
  const production = nodeEnv === 'production';
  const config: Omit<AppConfig, 'isProduction'> = {
    nodeEnv,
    logLevel: readEnum<LogLevel>(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    http: {
      port: readInt(env, 'PORT', 3000, 1, 65535),
      storefrontOrigin: readUrl(env, 'STOREFRONT_ORIGIN', 'http://localhost:4200', ['http:', 'https:']),
      bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 16 * 1024, 1024, 1024 * 1024),
      swaggerEnabled: readBoolean(env, 'SWAGGER_ENABLED', !production),
      benchMode: readBoolean(env, 'BENCH_MODE', false) && !production,
    },
    mongo: {
      url: readUrl(env, 'MONGO_URL', 'mongodb://127.0.0.1:27017/flashline', ['mongodb:', 'mongodb+srv:']),
      serverSelectionTimeoutMs: readInt(env, 'MONGO_TIMEOUT_MS', 3000, 100, 60000),
    },
    redis: {
      url: readUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      clusterNodes: readOptionalString(env, 'REDIS_CLUSTER_NODES')
        ?.split(',')
        .map((node) => node.trim()),
      commandTimeoutMs: readInt(env, 'REDIS_TIMEOUT_MS', 1000, 50, 60000),
    },
    auth: {
      accessSecret: readSecret(env, 'JWT_ACCESS_SECRET', production),
      refreshSecret: readSecret(env, 'JWT_REFRESH_SECRET', production),
      accessTokenTtlSeconds: readInt(env, 'ACCESS_TOKEN_TTL', 900, 1, 86400),
      refreshTokenTtlSeconds: readInt(env, 'REFRESH_TOKEN_TTL', 604800, 60, 31536000),
      bcryptRounds: readInt(env, 'BCRYPT_ROUNDS', 12, production ? 10 : 4, 15),
      adminEmail: readString(env, 'ADMIN_EMAIL', 'admin@flashline.test').toLowerCase(),
      adminPassword: readSecret(env, 'ADMIN_PASSWORD', production, 12),
    },
    stripe: {
      secretKey: readOptionalString(env, 'STRIPE_SECRET_KEY'),
      webhookSecret: readSecret(env, 'STRIPE_WEBHOOK_SECRET', production, 16),
      mockUrl: readUrl(env, 'STRIPE_MOCK_URL', 'http://127.0.0.1:12111', ['http:', 'https:']),
    },
    flashSale: {
      reservationTtlMinSeconds: readInt(env, 'RESERVATION_TTL_MIN_SECONDS', 30, 1, 3600),
      reaperIntervalMs: readInt(env, 'REAPER_INTERVAL_MS', 1000, 50, 60000),
      paymentGraceSeconds: readInt(env, 'PAYMENT_GRACE_SECONDS', 300, 0, 3600),
    },
  };
  if (config.redis.clusterNodes && env.REDIS_URL) {
    throw new ConfigError(
      'REDIS_CLUSTER_NODES',
      'and REDIS_URL are both set: configure one Redis or a cluster',
    );
  }
  if (production && !config.stripe.secretKey) {
    throw new ConfigError('STRIPE_SECRET_KEY', 'is required in production (stripe-mock is for development)');
  }
  return Object.assign(new AppConfig(), config);
}

type SecretName = keyof typeof DEVELOPMENT_SECRETS;

/** Secrets default to development values, which production refuses along with anything short. */
function readSecret(env: Env, name: SecretName, production: boolean, minLength = 32): string {
  const value = readString(env, name, DEVELOPMENT_SECRETS[name]);
  if (!production) return value;
  if (value === DEVELOPMENT_SECRETS[name]) {
    throw new ConfigError(name, 'is the development default: set a real secret in production');
  }
  if (value.length < minLength) {
    throw new ConfigError(name, `must be at least ${minLength} characters in production`);
  }
  return value;
}
