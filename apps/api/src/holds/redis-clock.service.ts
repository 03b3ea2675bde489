import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InjectRedis } from '@api/redis';

/** Clocks drift slowly: one TIME call this often keeps reads within a few ms of the scripts' clock. */
const SYNC_INTERVAL_MS = 10_000;

/**
 * The Redis server's clock, which every reservation script reads (TIME) and so every API process shares.
 * Reads (a sale's status, whether a hold has lapsed) use it through a cached offset from the local clock,
 * so they agree with the scripts without a round trip. Until the first sync the offset is 0.
 */
@Injectable()
export class RedisClock implements OnModuleInit, OnApplicationShutdown {
  private offsetMs = 0;
  private timer?: NodeJS.Timeout;

  constructor(@InjectRedis() private readonly redis: Redis) {}

  onModuleInit(): void {
    // Not awaited: start-up must not wait for a Redis that is down (health reports it instead).
    void this.sync();
    this.timer = setInterval(() => void this.sync(), SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Milliseconds since the epoch by the Redis clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Measures the offset, taking the server's reading to be from half-way through the round trip. */
  async sync(): Promise<void> {
    try {
      const sent = Date.now();
      const [seconds, micros] = await this.redis.time();
      const received = Date.now();
      const serverMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      this.offsetMs = serverMs - (sent + received) / 2;
    } catch {
      // Keep the last offset; the next sync tries again.
    }
  }
}
