import fc from 'fast-check';
import type { Redis } from 'ioredis';
import {
  canMove,
  type HoldStatus,
  parseHold,
  ReservationCode,
  salePool,
  type SaleSnapshot,
} from '@api/holds';
import { saleExpiryKey, saleHoldsKey, saleUsersKey } from '@api/redis/redis-keys';
import { sleep } from '../support/fixtures/basics';
import { deleteTagged, type HoldStores, openSale, storeOnTestRedis } from '../support/fixtures/hold-stores';
import { paymentFor } from '../support/fixtures/payments';

const TTL_SECONDS = 0.1;

type Command =
  | { op: 'reserve'; user: number; quantity: number; key?: string }
  | { op: 'cancel'; hold: number; asOwner: boolean }
  | { op: 'pay'; hold: number }
  | { op: 'expire' };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('reserve' as const),
      user: fc.nat(3),
      quantity: fc.integer({ min: 1, max: 3 }),
      key: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('cancel' as const), hold: fc.nat(20), asOwner: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pay' as const), hold: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'expire' as const }) },
);

/** Commands in chunks: each chunk's commands are sent at once, so scripts interleave at random. */
const scenarioArb = fc.record({
  quantity: fc.integer({ min: 1, max: 8 }),
  perUserLimit: fc.integer({ min: 1, max: 3 }),
  chunks: fc.array(fc.array(commandArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
});

describe('reservation invariants (property-based, real Redis)', () => {
  let redis: Redis;
  let store: HoldStores;

  beforeAll(() => {
    ({ redis, store } = storeOnTestRedis());
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('free + held + sold == quantity, no user over the limit, statuses only move as the table allows', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const sale = openSale({
          quantity: scenario.quantity,
          perUserLimit: scenario.perUserLimit,
          reservationTtlSeconds: TTL_SECONDS,
        });
        const run = new Scenario(store, redis, sale);
        try {
          await store.saleState.loadSale(sale);
          for (const chunk of scenario.chunks) {
            await Promise.all(chunk.map((command) => run.apply(command)));
            await run.checkInvariants();
          }
          // Left alone, every unpaid hold gives its stock back.
          await sleep(TTL_SECONDS * 1000 + 20);
          await store.holds.releaseExpired(salePool(sale.saleId));
          await run.checkInvariants();
          const stock = await store.saleState.saleStock(sale.saleId, sale.productId);
          expect(stock?.held).toBe(0);
          expect((stock?.free ?? 0) + (stock?.sold ?? 0)).toBe(sale.quantity);
        } finally {
          await deleteTagged(redis, `sale:${sale.saleId}`);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** Runs commands against one sale and checks what must always hold. */
class Scenario {
  private readonly holds: Array<{ id: string; userId: string }> = [];
  private readonly lastSeen = new Map<string, HoldStatus>();

  constructor(
    private readonly store: HoldStores,
    private readonly redis: Redis,
    private readonly sale: SaleSnapshot,
  ) {}

  async apply(command: Command): Promise<void> {
    switch (command.op) {
      case 'reserve':
        return this.reserve(command.user, command.quantity, command.key);
      case 'cancel': {
        const hold = this.pick(command.hold);
        if (hold) await this.store.holds.cancel(hold.id, command.asOwner ? hold.userId : 'someone-else');
        return;
      }
      case 'pay': {
        const hold = this.pick(command.hold);
        const record = hold && (await this.store.holds.findHold(hold.id));
        if (record) await this.store.paymentHolds.confirm(paymentFor(record));
        return;
      }
      case 'expire':
        await sleep(TTL_SECONDS * 1000 + 10);
        await this.store.holds.releaseExpired(salePool(this.sale.saleId));
    }
  }

  private async reserve(user: number, quantity: number, key?: string): Promise<void> {
    const userId = `user-${user}`;
    const outcome = await this.store.holds.reserve({
      saleId: this.sale.saleId,
      userId,
      quantity,
      idempotencyKey: key,
    });
    if (outcome.code === ReservationCode.Ok) this.holds.push({ id: outcome.hold.id, userId });
  }

  private pick(index: number): { id: string; userId: string } | undefined {
    return this.holds.length === 0 ? undefined : this.holds[index % this.holds.length];
  }

  async checkInvariants(): Promise<void> {
    const { saleId, productId, quantity, perUserLimit } = this.sale;
    const [stock, records, users, indexed] = await Promise.all([
      this.store.saleState.saleStock(saleId, productId),
      this.redis.hgetall(saleHoldsKey(saleId)),
      this.redis.hgetall(saleUsersKey(saleId)),
      this.redis.zrange(saleExpiryKey(saleId), 0, -1),
    ]);
    if (!stock) throw new Error('sale not loaded');
    expect(stock.free + stock.held + stock.sold).toBe(quantity);
    expect(stock.free).toBeGreaterThanOrEqual(0);

    const holds = Object.entries(records).map(([id, json]) => parseHold(id, json));
    const unitsIn = (status: HoldStatus) =>
      holds.filter((hold) => hold.status === status).reduce((sum, hold) => sum + hold.lines[0].quantity, 0);
    expect(stock.held).toBe(unitsIn('active'));
    expect(stock.sold).toBe(unitsIn('paid'));
    expect(new Set(indexed)).toEqual(
      new Set(holds.filter((hold) => hold.status === 'active').map((hold) => hold.id)),
    );

    const perUser = new Map<string, number>();
    for (const hold of holds.filter(
      (candidate) => candidate.status === 'active' || candidate.status === 'paid',
    )) {
      perUser.set(hold.userId, (perUser.get(hold.userId) ?? 0) + hold.limitUnits);
    }
    for (const units of perUser.values()) expect(units).toBeLessThanOrEqual(perUserLimit);
    expect(new Map(Object.entries(users).map(([userId, units]) => [userId, Number(units)]))).toEqual(perUser);

    for (const hold of holds) {
      const before = this.lastSeen.get(hold.id) ?? 'active';
      if (before !== hold.status) expect(canMove(before, hold.status)).toBe(true);
      this.lastSeen.set(hold.id, hold.status);
    }
  }
}
