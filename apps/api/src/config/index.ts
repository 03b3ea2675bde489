/** The config module's public API: other modules import from `@api/config` only. */
export {
  AppConfig,
  DEVELOPMENT_SECRETS,
  loadConfig,
  type RateLimitConfig,
  type RateLimitRule,
  type RedisConfig,
  type StripeConfig,
} from './app-config';
export { ConfigModule } from './config.module';
export { ConfigError, readBoolean } from './env-parsers';
