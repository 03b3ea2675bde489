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
import { refuseUnsafeSecrets, type SecretValue } from './secret-policy';
import { readTrustProxy, type TrustProxy } from './trust-proxy';

export type { TrustProxy } from './trust-proxy';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Development-only values: fine on a laptop, refused when NODE_ENV=production. */
export const DEVELOPMENT_SECRETS = {
  JWT_ACCESS_SECRET: 'flashline-dev-access-secret-change-me-in-production',
  JWT_REFRESH_SECRET: 'flashline-dev-refresh-secret-change-me-in-production',
  STRIPE_WEBHOOK_SECRET: 'whsec_flashline_development',
  ADMIN_PASSWORD: 'flashline-admin-dev',
  METRICS_TOKEN: 'flashline-dev-metrics-token-change-me',
  /** Not a default (unset means stripe-mock), but the key every development process talks to it with. */
  STRIPE_SECRET_KEY: 'sk_test_flashline',
} as const;

export interface HttpConfig {
  port: number;
  storefrontOrigin: string;
  bodyLimitBytes: number;
  swaggerEnabled: boolean;
  /** Mounts the bare benchmark route; never on in production. */
  benchMode: boolean;
  /**
   * Fastify's `trustProxy` (TRUST_PROXY): whose `X-Forwarded-For` is believed for the client IP, which
   * every per-IP rate limit and the SSE cap count. `false` (no proxy trusted: the socket's address counts),
   * a hop count, or a comma list of proxy addresses, CIDRs or the names loopback, linklocal, uniquelocal.
   *
   * SECURITY: a trusted address can claim any client IP through X-Forwarded-For. Trust only the proxies
   * that really stand in front of the API and overwrite the header. `loopback` is the development default
   * (the storefront's dev server proxies from 127.0.0.1); outside development the default is `false`,
   * because with `loopback` any process on the machine, or a local proxy that passes the header through,
   * picks its own IP and so its own rate-limit budget.
   */
  trustProxy: TrustProxy;
  /** How long a client may take to send a request's headers (HTTP_HEADERS_TIMEOUT_MS): then 408. */
  headersTimeoutMs: number;
  /**
   * How long a client may take to send a whole request, body included (HTTP_REQUEST_TIMEOUT_MS): a body
   * that never finishes loses its socket after this (408), instead of Node's 5 minutes.
   */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /**
   * Server-Sent Event streams one client may hold open at once in one API process (per signed-in user,
   * else per IP); one more is refused with 429.
   */
  sseMaxStreamsPerClient: number;
}

/** Fastify's `trustProxy`: nobody, a hop count, or the proxies' addresses/CIDRs/names (comma list). */

export interface MongoConfig {
  url: string;
  /** How long an operation waits for a usable server (selection, connecting, Mongoose's buffering). */
  serverSelectionTimeoutMs: number;
  /** How long an operation waits for a server's answer before its socket is dropped (a stalled server). */
  socketTimeoutMs: number;
  /**
   * Mongoose builds every schema's indexes (and creates the collections) when a process starts. Off in
   * production: there `npm run migrate` builds them once per deploy, before the new processes start.
   */
  autoIndex: boolean;
}

export interface RedisConfig {
  url: string;
  clusterNodes?: string[];
  /** Per command; a connection silent 5 × this with commands outstanding is dropped (see redis.module). */
  commandTimeoutMs: number;
}

export interface AuthConfig {
  accessSecret: string;
  refreshSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  bcryptRounds: number;
  /** bcrypt hashes one process runs at once; more wait in line (see PasswordHasher). */
  passwordHashConcurrency: number;
  /** Scheduling niceness of libuv's thread pool, where bcrypt runs (0 leaves it alone; see main.ts). */
  threadPoolNice: number;
  adminEmail: string;
  adminPassword: string;
  /** Absolute lifetime of a sign-in's refresh family: refreshing never extends it past this. */
  sessionMaxLifetimeSeconds: number;
  /** Logins waiting for a bcrypt slot per process; one more is refused at once (503, Retry-After). */
  passwordHashQueueLimit: number;
}

/** `limit` requests per `ttlSeconds` window; over it, the client waits out a block of the same length. */
export interface RateLimitRule {
  limit: number;
  ttlSeconds: number;
}

/** Rate limits shared by every API process (counted in Redis). Load tests and benchmarks raise them. */
export interface RateLimitConfig {
  /** Every route: per signed-in user, else per client IP. */
  default: RateLimitRule;
  loginPerIp: RateLimitRule;
  loginPerEmail: RateLimitRule;
  registerPerIp: RateLimitRule;
  registerPerEmail: RateLimitRule;
  /** Flash-sale reserves per signed-in user (the flash-sale module's `reserve` group). */
  reservePerUser: RateLimitRule;
  /** Flash-sale reserves per client IP. */
  reservePerIp: RateLimitRule;
  /** Webhook deliveries whose signature does not verify, per client IP (signed ones are never limited). */
  webhookRejectsPerIp: RateLimitRule;
}

export interface MetricsConfig {
  /**
   * The bearer token `GET /metrics` requires (Prometheus: `authorization: { credentials: … }`). Unset in
   * production: metrics are off (404). Development and tests use the published development token.
   */
  token?: string;
}

export interface StripeConfig {
  /** Unset: the local stripe-mock is used and the simulated-payment routes are mounted. */
  secretKey?: string;
  webhookSecret: string;
  mockUrl: string;
  /** Per request to Stripe; a request is retried at most twice on network errors. */
  timeoutMs: number;
}

export interface PaymentsConfig {
  /** How often each process runs the payments reconciler (jittered by ±20%). */
  reconcilerIntervalMs: number;
  /** A paid hold still without its order this long after payment is finished by the reconciler. */
  reconcileAfterMs: number;
  /** Test-only fault to inject (`FLASHLINE_FAULT`); always unset unless NODE_ENV=test. */
  fault?: PaymentFault;
}

/** Where a test may make the API kill itself, to prove recovery. */
export const PAYMENT_FAULTS = ['crash-after-confirm'] as const;
export type PaymentFault = (typeof PAYMENT_FAULTS)[number];

export interface ShutdownConfig {
  /**
   * After SIGTERM, how long the process may take to drain (answer what it accepted, stop its background
   * work, close its connections) before it exits anyway with code 1.
   */
  timeoutMs: number;
}

export interface FlashSaleConfig {
  reservationTtlMinSeconds: number;
  /** How often each process runs the reservation reaper (jittered by ±20%). */
  reaperIntervalMs: number;
  /** How long a cart checkout holds its stock. */
  cartReservationTtlSeconds: number;
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
  readonly rateLimit!: RateLimitConfig;
  readonly flashSale!: FlashSaleConfig;
  readonly payments!: PaymentsConfig;
  readonly shutdown!: ShutdownConfig;
  readonly metrics!: MetricsConfig;

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
      trustProxy: readTrustProxy(env, nodeEnv === 'development'),
      headersTimeoutMs: readInt(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 500, 300_000),
      requestTimeoutMs: readInt(env, 'HTTP_REQUEST_TIMEOUT_MS', 15_000, 500, 300_000),
      keepAliveTimeoutMs: readInt(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
      sseMaxStreamsPerClient: readInt(env, 'SSE_MAX_STREAMS_PER_CLIENT', 20, 1, 10_000),
    },
    mongo: {
      url: readUrl(env, 'MONGO_URL', 'mongodb://127.0.0.1:27017/flashline', ['mongodb:', 'mongodb+srv:']),
      serverSelectionTimeoutMs: readInt(env, 'MONGO_TIMEOUT_MS', 3000, 100, 60000),
      socketTimeoutMs: readInt(env, 'MONGO_SOCKET_TIMEOUT_MS', 10000, 500, 600000),
      autoIndex: readBoolean(env, 'MONGO_AUTO_INDEX', !production),
    },
    redis: {
      url: readUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      clusterNodes: readOptionalString(env, 'REDIS_CLUSTER_NODES')
        ?.split(',')
        .map((node) => node.trim()),
      commandTimeoutMs: readInt(env, 'REDIS_TIMEOUT_MS', 1000, 50, 60000),
    },
    auth: {
      accessSecret: readSecret(env, 'JWT_ACCESS_SECRET'),
      refreshSecret: readSecret(env, 'JWT_REFRESH_SECRET'),
      accessTokenTtlSeconds: readInt(env, 'ACCESS_TOKEN_TTL', 900, 1, 86400),
      refreshTokenTtlSeconds: readInt(env, 'REFRESH_TOKEN_TTL', 604800, 60, 31536000),
      bcryptRounds: readInt(env, 'BCRYPT_ROUNDS', 12, production ? 10 : 4, 15),
      passwordHashConcurrency: readInt(env, 'PASSWORD_HASH_CONCURRENCY', 1, 1, 64),
      threadPoolNice: readInt(env, 'THREAD_POOL_NICE', 5, 0, 19),
      adminEmail: readString(env, 'ADMIN_EMAIL', 'admin@flashline.test').toLowerCase(),
      adminPassword: readSecret(env, 'ADMIN_PASSWORD'),
      sessionMaxLifetimeSeconds: readInt(env, 'SESSION_MAX_LIFETIME', 2_592_000, 60, 31_536_000),
      passwordHashQueueLimit: readInt(env, 'PASSWORD_HASH_QUEUE_LIMIT', 16, 0, 10_000),
    },
    stripe: {
      secretKey: readOptionalString(env, 'STRIPE_SECRET_KEY'),
      webhookSecret: readSecret(env, 'STRIPE_WEBHOOK_SECRET'),
      mockUrl: readUrl(env, 'STRIPE_MOCK_URL', 'http://127.0.0.1:12111', ['http:', 'https:']),
      timeoutMs: readInt(env, 'STRIPE_TIMEOUT_MS', 5000, 100, 60000),
    },
    rateLimit: {
      default: readRateLimit(env, 'RATE_LIMIT_DEFAULT', 300, 60),
      loginPerIp: readRateLimit(env, 'RATE_LIMIT_LOGIN_IP', 20, 60),
      loginPerEmail: readRateLimit(env, 'RATE_LIMIT_LOGIN_EMAIL', 5, 60),
      registerPerIp: readRateLimit(env, 'RATE_LIMIT_REGISTER_IP', 20, 60),
      registerPerEmail: readRateLimit(env, 'RATE_LIMIT_REGISTER_EMAIL', 5, 60),
      reservePerUser: readRateLimit(env, 'RATE_LIMIT_RESERVE_USER', 10, 10),
      reservePerIp: readRateLimit(env, 'RATE_LIMIT_RESERVE_IP', 100, 10),
      webhookRejectsPerIp: readRateLimit(env, 'RATE_LIMIT_WEBHOOK_REJECT', 30, 60),
    },
    flashSale: {
      reservationTtlMinSeconds: readInt(env, 'RESERVATION_TTL_MIN_SECONDS', 30, 1, 3600),
      reaperIntervalMs: readInt(env, 'REAPER_INTERVAL_MS', 1000, 50, 60000),
      cartReservationTtlSeconds: readInt(env, 'CART_RESERVATION_TTL_SECONDS', 600, 1, 3600),
      paymentGraceSeconds: readInt(env, 'PAYMENT_GRACE_SECONDS', 300, 0, 3600),
    },
    payments: {
      reconcilerIntervalMs: readInt(env, 'RECONCILER_INTERVAL_MS', 15000, 100, 600000),
      reconcileAfterMs: readInt(env, 'RECONCILE_AFTER_MS', 30000, 0, 3600000),
      fault: nodeEnv === 'test' ? readOptionalEnum(env, 'FLASHLINE_FAULT', PAYMENT_FAULTS) : undefined,
    },
    shutdown: {
      timeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    metrics: {
      token: production ? readOptionalString(env, 'METRICS_TOKEN') : readSecret(env, 'METRICS_TOKEN'),
    },
  };
  if (config.redis.clusterNodes && env.REDIS_URL) {
    throw new ConfigError(
      'REDIS_CLUSTER_NODES',
      'and REDIS_URL are both set: configure one Redis or a cluster',
    );
  }
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT_MS',
      `must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.http.requestTimeoutMs}): headers are part of the request`,
    );
  }
  if (production) refuseUnsafeSecrets(productionSecrets(config), DEVELOPMENT_SECRETS);
  if (production && !config.stripe.secretKey) {
    throw new ConfigError('STRIPE_SECRET_KEY', 'is required in production (stripe-mock is for development)');
  }
  return Object.assign(new AppConfig(), config);
}

function readOptionalEnum<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  return readOptionalString(env, name) === undefined ? undefined : readEnum(env, name, allowed, allowed[0]);
}

/** `<PREFIX>_LIMIT` requests per `<PREFIX>_TTL` seconds. */
function readRateLimit(env: Env, prefix: string, limit: number, ttlSeconds: number): RateLimitRule {
  return {
    limit: readInt(env, `${prefix}_LIMIT`, limit, 1, 1_000_000_000),
    ttlSeconds: readInt(env, `${prefix}_TTL`, ttlSeconds, 1, 86_400),
  };
}

type SecretName = keyof typeof DEVELOPMENT_SECRETS;

/** Secrets default to their development values, which production refuses (see {@link productionSecrets}). */
function readSecret(env: Env, name: SecretName): string {
  return readString(env, name, DEVELOPMENT_SECRETS[name]);
}

/** Every variable that holds a secret, with the shortest value production accepts. */
function productionSecrets(config: Omit<AppConfig, 'isProduction'>): Record<SecretName, SecretValue> {
  return {
    JWT_ACCESS_SECRET: { value: config.auth.accessSecret, minLength: 32 },
    JWT_REFRESH_SECRET: { value: config.auth.refreshSecret, minLength: 32 },
    STRIPE_WEBHOOK_SECRET: { value: config.stripe.webhookSecret, minLength: 16 },
    ADMIN_PASSWORD: { value: config.auth.adminPassword, minLength: 12 },
    METRICS_TOKEN: { value: config.metrics.token, minLength: 32 },
    STRIPE_SECRET_KEY: { value: config.stripe.secretKey, minLength: 1 },
  };
}
