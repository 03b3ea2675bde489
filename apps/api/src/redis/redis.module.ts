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
import { AppConfig, ConfigError, type RedisConfig } from '@api/config';
import { failFastWhileDisconnected, logConnectionErrors } from './fail-fast';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** What REDIS_CLIENT really holds: one server's client, or a Redis Cluster client (REDIS_CLUSTER_NODES). */
export type RedisClient = Redis | Cluster;

/** Injects the API's one shared ioredis client. */
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);

/**
 * One shared ioredis client for the whole API, created and closed by `@liaoliaots/nestjs-redis`: a `Redis`
 * for `REDIS_URL`, or a `Cluster` for `REDIS_CLUSTER_NODES`. It reconnects by itself, and no call waits
 * long when Redis is gone (callers answer 503 SERVICE_UNAVAILABLE; see {@link failFastWhileDisconnected}).
 *
 * Consumers type the injected client as `Redis`. A `Cluster` offers every command they use (and
 * `defineCommand`, `duplicate` for pub/sub) with the same signatures, routing each call by its first key:
 * every Lua script's keys share one hash tag (see redis-keys.ts), so each script runs in one slot.
 */

/** The longest pause between reconnection attempts: how soon after Redis returns the API uses it again. */
const RECONNECT_MAX_DELAY_MS = 1000;

/**
 * A connection whose server stays silent this many command timeouts, with commands outstanding, is dropped.
 * Not one: ioredis measures silence with a timer, and a process busy for a second (a flash crowd) would
 * then drop a healthy connection and fail every command in flight with it.
 */
const SILENT_CONNECTION_TIMEOUTS = 5;

/**
 * Timeouts of every Redis connection:
 * - `commandTimeout`: no command waits longer for its answer;
 * - `socketTimeout`: a hung or unreachable Redis (which TCP alone would not notice for minutes) is
 *   disconnected, so the following commands fail at once (fail-fast.ts) instead of each waiting out its
 *   own timeout;
 * - `maxRetriesPerRequest: 0` and no resending: a command in flight when its connection drops fails; it
 *   is never sent again later, so a Lua script whose answer was lost cannot run twice behind the
 *   caller's back (the caller got a 503 and may retry, with its Idempotency-Key).
 */
const connectionOptions = (config: RedisConfig): RedisOptions => ({
  commandTimeout: config.commandTimeoutMs,
  socketTimeout: config.commandTimeoutMs * SILENT_CONNECTION_TIMEOUTS,
  connectTimeout: config.commandTimeoutMs * 2,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
});

/** Fail-fast while disconnected, and errors logged (rate-limited) instead of printed by ioredis. */
function watchConnection(client: Redis | Cluster): void {
  failFastWhileDisconnected(client);
  logConnectionErrors(client);
}

/** `@liaoliaots/nestjs-redis` options: one client for `REDIS_URL`, none in cluster mode. */
function singleServerOptions(...args: unknown[]): RedisModuleOptions {
  const { redis } = args[0] as AppConfig;
  if (redis.clusterNodes) return { config: [] };
  return {
    readyLog: false,
    errorLog: false,
    config: {
      url: redis.url,
      ...connectionOptions(redis),
      enableAutoPipelining: true,
      onClientCreated: watchConnection,
    },
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
      redisOptions: connectionOptions(redis),
      // Off on a cluster: ioredis groups auto-pipelined commands by the slot of their first argument, which
      // for a script whose caller passes the key count first (reserve.lua) is that number, not a key; so a
      // reserve was batched with commands whose keys live on another master and the whole pipeline failed
      // ("All keys in the pipeline should belong to the same slots allocation group"): a 3-process crowd
      // on the cluster saw 500s.
      enableAutoPipelining: false,
      clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
      // A command sent while the cluster re-reads its slots (a failover, a resharding) waits for the new map.
      slotsRefreshTimeout: redis.commandTimeoutMs,
      onClientCreated: watchConnection,
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
