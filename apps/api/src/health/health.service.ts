import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { InjectRedis } from '@api/redis';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { DependencyState, HealthStatus } from '@flashline/contracts';

const PING_TIMEOUT_MS = 1000;

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly mongo: Connection,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async check(): Promise<HealthStatus> {
    const [mongo, redis] = await Promise.all([this.pingMongo(), this.pingRedis()]);
    return { status: mongo === 'up' && redis === 'up' ? 'ok' : 'degraded', mongo, redis };
  }

  private pingMongo(): Promise<DependencyState> {
    return probe(async () => {
      const client = this.mongo.getClient();
      await client.db('admin').command({ ping: 1 });
    });
  }

  private pingRedis(): Promise<DependencyState> {
    return probe(async () => {
      await this.redis.ping();
    });
  }
}

/** A dependency is up when a real round trip succeeds within the timeout. */
async function probe(roundTrip: () => Promise<void>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
  });
  try {
    await Promise.race([roundTrip(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
