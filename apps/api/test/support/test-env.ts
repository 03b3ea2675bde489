/**
 * Runs before every test file. Each jest worker gets a MongoDB database and a Redis database of its own,
 * never the ones a running demo uses (`flashline` and Redis db 0), so tests can wipe them freely.
 * `TEST_REDIS_DB_OFFSET` and `TEST_DB_PREFIX` let two test runs share one machine without meeting.
 */
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
const redisBase = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const mongoBase = process.env.TEST_MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const redisDb = Number(process.env.TEST_REDIS_DB_OFFSET ?? '0') + worker;
const dbPrefix = process.env.TEST_DB_PREFIX ?? 'flashline_test';

Object.assign(process.env, {
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  MONGO_URL: `${mongoBase}/${dbPrefix}_${worker}`,
  REDIS_URL: `${redisBase}/${redisDb}`,
  BCRYPT_ROUNDS: '4',
  RESERVATION_TTL_MIN_SECONDS: '1',
  // Tests stand in for a proxy on 127.0.0.1 and name each client's IP with X-Forwarded-For (outside
  // development the default is to trust nobody).
  TRUST_PROXY: 'loopback',
  // Every request of a test comes from 127.0.0.1: only tests about rate limits set real ones.
  RATE_LIMIT_DEFAULT_LIMIT: '1000000',
  RATE_LIMIT_WEBHOOK_REJECT_LIMIT: '1000000',
  // Fixtures register shoppers 50 at a time: only the test of the bcrypt line's bound sets a real one.
  PASSWORD_HASH_QUEUE_LIMIT: '10000',
});
