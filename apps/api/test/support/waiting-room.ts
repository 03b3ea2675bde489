import { Redis } from 'ioredis';
import type { SaleSnapshot } from '@api/flash-sale/reservation.store';
import { saleDefinitionKey, saleLineTicketsKey } from '@api/redis/redis-keys';
import { StoreFixture } from './flash-sale';
import { WaitingRoomStore } from '@api/waiting-room/waiting-room.store';

export const WAITING_ROOM = { admitPerSecond: 20, admissionSeconds: 120 };

/**
 * The reservation store's fixture plus waiting-room stores on `clients` Redis connections of their own (as
 * many API processes would have). Sales are deleted after each test by the StoreFixture.
 */
export class LineFixture extends StoreFixture {
  lines: WaitingRoomStore[] = [];
  private readonly clients: Redis[] = [];

  constructor(clients = 1) {
    super({ waitingRoom: WAITING_ROOM });
    beforeAll(() => {
      for (let i = 0; i < clients; i++) {
        const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
          enableAutoPipelining: true,
        });
        const line = new WaitingRoomStore(client);
        line.onModuleInit();
        this.clients.push(client);
        this.lines.push(line);
      }
    });
    afterAll(async () => {
      await Promise.all(this.clients.map((client) => client.quit()));
    });
  }

  get line(): WaitingRoomStore {
    return this.lines[0];
  }

  /** Moves the sale's start (as time passing would): the Redis definition is what the scripts read. */
  async startNow(sale: SaleSnapshot, atMs = Date.now() - 1): Promise<void> {
    await this.redis.hset(saleDefinitionKey(sale.saleId), 'startsAt', atMs);
  }

  /** Every stored ticket of the sale: user id -> {s, n, j, a}. */
  async tickets(sale: SaleSnapshot): Promise<Map<string, { s: string; n: number; j: number; a?: number }>> {
    const raw = await this.redis.hgetall(saleLineTicketsKey(sale.saleId));
    return new Map(
      Object.entries(raw).map(([user, json]) => [
        user,
        JSON.parse(json) as { s: string; n: number; j: number },
      ]),
    );
  }
}

/** Pearson's chi-square statistic of observed counts against a uniform expectation. */
export function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

/** chi-square's critical value for 9 degrees of freedom at p = 0.001: a fair draw fails 1 run in 1000. */
export const CHI_SQUARE_9_DF_P001 = 27.877;
