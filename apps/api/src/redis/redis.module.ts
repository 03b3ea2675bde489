import { Global, Inject, Module } from '@nestjs/common';
import {
  ClusterModule,
  type ClusterModuleOptions,
  ClusterService,
  RedisModule as NestRedisModule,
  type RedisModuleOptions,
  RedisService,
} from '@liaoliaots/nestjs-redis';
import type { Cluster, ClusterNode, Redis, RedisOptions } from 'ioredis';
import { AppConfig, type RedisConfig } from '@api/config/app-config';
import { ConfigError } from '@api/config/env-parsers';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** What REDIS_CLIENT really holds: one server's client, or a Redis Cluster client (REDIS_CLUSTER_NODES). */
export type RedisClient = Redis | Cluster;

/** Injects the API's one shared ioredis client. */
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);

/**
 * One shared ioredis client for the whole API, created and closed by `@liaoliaots/nestjs-redis`: a `Redis`
 * for `REDIS_URL`, or a `Cluster` for `REDIS_CLUSTER_NODES`. Commands time out instead of hanging when
 * Redis is gone, so callers answer 503 quickly; the client reconnects by itself.
 *
 * Consumers type the injected client as `Redis`. A `Cluster` offers every command they use (and
 * `defineCommand`, `duplicate` for pub/sub) with the same signatures, routing each call by its first key:
 * every Lua script's keys share one hash tag (see redis-keys.ts), so each script runs in one slot.
 */
const sharedOptions = (config: RedisConfig): RedisOptions => ({
  commandTimeout: config.commandTimeoutMs,
  connectTimeout: config.commandTimeoutMs * 2,
  maxRetriesPerRequest: 1,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
});

/** `@liaoliaots/nestjs-redis` options: one client for `REDIS_URL`, none in cluster mode. */
function singleServerOptions(...args: unknown[]): RedisModuleOptions {
  const { redis } = args[0] as AppConfig;
  if (redis.clusterNodes) return { config: [] };
  return {
    readyLog: false,
    errorLog: false,
    config: { url: redis.url, ...sharedOptions(redis), enableAutoPipelining: true },
  };
}

/** `@liaoliaots/nestjs-redis` cluster options: one Cluster client for `REDIS_CLUSTER_NODES`, else none. */
function clusterOptions(...args: unknown[]): ClusterModuleOptions {
  const { redis } = args[0] as AppConfig;
  if (!redis.clusterNodes) return { config: [] };
  return {
    readyLog: false,
    errorLog: false,
    config: {
      nodes: redis.clusterNodes.map(parseClusterNode),
      redisOptions: sharedOptions(redis),
      enableAutoPipelining: true,
      clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
      // A command sent while the cluster re-reads its slots (a failover, a resharding) waits for the new map.
      slotsRefreshTimeout: redis.commandTimeoutMs,
    },
  };
}

/** `host:port` (port defaults to 6379), as REDIS_CLUSTER_NODES lists them. */
export function parseClusterNode(node: string): ClusterNode {
  const match = /^\[?([^\]\s]+?)\]?(?::(\d{1,5}))?$/.exec(node);
  const port = Number(match?.[2] ?? '6379');
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError('REDIS_CLUSTER_NODES', `must list host:port entries (got "${node}")`);
  }
  return { host: match[1], port };
}

@Global()
@Module({
  imports: [
    NestRedisModule.forRootAsync({ inject: [AppConfig], useFactory: singleServerOptions }, false),
    ClusterModule.forRootAsync({ inject: [AppConfig], useFactory: clusterOptions }, false),
  ],
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig, RedisService, ClusterService],
      // Typed as `Redis` for the consumers (see the module's comment): a Cluster answers the same calls.
      useFactory: (config: AppConfig, single: RedisService, cluster: ClusterService): Redis =>
        config.redis.clusterNodes ? (cluster.getOrThrow() as unknown as Redis) : single.getOrThrow(),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
