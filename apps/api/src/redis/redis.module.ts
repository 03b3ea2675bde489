import { Global, Inject, Module } from '@nestjs/common';
import { RedisModule as NestRedisModule, RedisService } from '@liaoliaots/nestjs-redis';
import type { Redis } from 'ioredis';
import { AppConfig } from '@api/config/app-config';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Injects the API's one shared ioredis client. */
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);

/**
 * One shared ioredis client for the whole API. Commands time out instead of hanging when Redis is gone, so
 * callers answer 503 quickly; the client reconnects by itself.
 */
@Global()
@Module({
  imports: [
    NestRedisModule.forRootAsync(
      {
        inject: [AppConfig],
        useFactory: (...args: unknown[]) => {
          const config = args[0] as AppConfig;
          return {
            readyLog: false,
            errorLog: false,
            config: {
              url: config.redis.url,
              commandTimeout: config.redis.commandTimeoutMs,
              connectTimeout: config.redis.commandTimeoutMs * 2,
              maxRetriesPerRequest: 1,
              enableAutoPipelining: true,
              retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
            },
          };
        },
      },
      false,
    ),
  ],
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [RedisService],
      useFactory: (redis: RedisService): Redis => redis.getOrThrow(),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
