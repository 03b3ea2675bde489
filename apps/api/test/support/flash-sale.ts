import type { INestApplicationContext } from '@nestjs/common';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Server } from 'node:net';
import { Types } from 'mongoose';
import { Redis } from 'ioredis';
import type { CreateFlashSaleRequest, FlashSale, Product } from '@flashline/contracts';
import { AccessTokenService } from '@api/common/auth/access-token.service';
import {
  CatalogStockStore,
  type Hold,
  HoldsStore,
  NOTHING_SOLD,
  PaymentHoldsStore,
  ReservationCode,
  type SaleSnapshot,
  SaleStateStore,
} from '@api/holds';
import { ProductsService } from '@api/products/products.service';
import { UsersService } from '@api/users/users.service';
import type { TestApp } from './test-app';

export const MINUTE_MS = 60_000;

/** Rate limits out of the way for tests that are not about them (every request comes from 127.0.0.1). */
export const NO_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_DEFAULT_LIMIT: '1000000',
  RATE_LIMIT_RESERVE_USER_LIMIT: '1000000',
  RATE_LIMIT_RESERVE_IP_LIMIT: '1000000',
};

/**
 * For API processes facing a test's crowd: rate limits out of the way, and room in the Redis command
 * timeout for a 2-core machine that runs another jest worker beside the crowd. These tests prove what is
 * sold, not how fast; the production timeout (1 s) is the fault tests' subject.
 */
export const CROWD_PROCESS_ENV: Record<string, string> = { ...NO_RATE_LIMITS, REDIS_TIMEOUT_MS: '5000' };

export const newId = (): string => new Types.ObjectId().toHexString();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 5000,
  stepMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
}

/** The hold engine's four stores, for a spec that works on all of them. */
export interface HoldStores {
  holds: HoldsStore;
  saleState: SaleStateStore;
  catalogStock: CatalogStockStore;
  paymentHolds: PaymentHoldsStore;
}

/** The stores of a running test application. */
export function holdStoresOf(app: INestApplicationContext): HoldStores {
  return {
    holds: app.get(HoldsStore),
    saleState: app.get(SaleStateStore),
    catalogStock: app.get(CatalogStockStore),
    paymentHolds: app.get(PaymentHoldsStore),
  };
}

// ---- Store-level (no application) ----------------------------------------------------------------------

/** A store on its own client to this worker's test Redis database (see test-env.ts). */
export function storeOnTestRedis(): { redis: Redis; store: HoldStores } {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
  const store: HoldStores = {
    holds: new HoldsStore(redis),
    saleState: new SaleStateStore(redis),
    catalogStock: new CatalogStockStore(redis),
    paymentHolds: new PaymentHoldsStore(redis),
  };
  return { redis, store };
}

/** A sale that is open now (by this machine's clock, which is the Redis server's too). */
export function openSale(overrides: Partial<SaleSnapshot> = {}): SaleSnapshot {
  const now = Date.now();
  return {
    saleId: newId(),
    productId: newId(),
    quantity: 10,
    priceCents: 1999,
    currency: 'usd',
    startsAt: new Date(now - MINUTE_MS),
    endsAt: new Date(now + 60 * MINUTE_MS),
    perUserLimit: 1,
    reservationTtlSeconds: 600,
    sold: NOTHING_SOLD,
    ...overrides,
  };
}

/** Deletes every key of one hash tag, e.g. `sale:<id>`. */
export async function deleteTagged(redis: Redis, tag: string): Promise<void> {
  const keys = await redis.keys(`{${tag}}:*`);
  if (keys.length > 0) await redis.del(...keys);
}

/**
 * A store on the test Redis for one `describe` block, opened and closed by the hooks it registers. Every
 * sale `loaded()` makes is deleted after its test, with the cart pool's keys. Read `redis` and `store` in a
 * `beforeAll` registered after it (or in tests).
 */
export class StoreFixture {
  redis!: Redis;
  store!: HoldStores;
  private readonly saleTags: string[] = [];

  constructor(private readonly saleDefaults: Partial<SaleSnapshot> = {}) {
    beforeAll(() => {
      ({ redis: this.redis, store: this.store } = storeOnTestRedis());
    });
    afterEach(async () => {
      await Promise.all(this.saleTags.splice(0).map((id) => deleteTagged(this.redis, `sale:${id}`)));
      await deleteTagged(this.redis, 'catalog');
    });
    afterAll(async () => {
      await this.redis.quit();
    });
  }

  /** An open sale, not loaded yet (its keys are deleted after the test all the same). */
  readonly unloaded = (overrides: Partial<SaleSnapshot> = {}): SaleSnapshot => {
    const sale = openSale({ ...this.saleDefaults, ...overrides });
    this.saleTags.push(sale.saleId);
    return sale;
  };

  /** An open sale, loaded into Redis. */
  readonly loaded = async (overrides: Partial<SaleSnapshot> = {}): Promise<SaleSnapshot> => {
    const sale = this.unloaded(overrides);
    await this.store.saleState.loadSale(sale);
    return sale;
  };

  /** A hold on `sale` that must be taken. */
  readonly held = async (sale: SaleSnapshot, userId: string, quantity = 1): Promise<Hold> => {
    const outcome = await this.store.holds.reserve({ saleId: sale.saleId, userId, quantity });
    if (outcome.code !== ReservationCode.Ok) throw new Error(outcome.code);
    return outcome.hold;
  };
}

// ---- Application-level fixtures ----------------------------------------------------------------------

export interface Shopper {
  id: string;
  token: string;
}

/**
 * Records what a spec creates in MongoDB and removes exactly that afterwards (the worker's database is
 * shared with the other spec files it runs).
 */
export class Fixtures {
  readonly productIds: string[] = [];
  readonly saleIds: string[] = [];
  readonly userIds: string[] = [];
  private readonly run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  private shopperCount = 0;

  constructor(private readonly app: TestApp) {}

  async product(fields: { priceCents?: number; stock?: number } = {}): Promise<Product> {
    const product = await this.app.app.get(ProductsService).create({
      name: `Flash ${this.run} ${this.productIds.length}`,
      description: 'Flash-sale test product.',
      priceCents: fields.priceCents ?? 10_000,
      currency: 'usd',
      stock: fields.stock ?? 100,
    });
    this.productIds.push(product.id);
    return product;
  }

  /**
   * Real users in MongoDB with real access tokens (signed as login signs them), so every request passes the
   * real JWT guard; far quicker than registering each over HTTP.
   */
  async shoppers(count: number, concurrency = 50): Promise<Shopper[]> {
    const users = this.app.app.get(UsersService);
    const tokens = this.app.app.get(AccessTokenService);
    const shoppers: Shopper[] = [];
    for (let start = 0; start < count; start += concurrency) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(concurrency, count - start) }, () =>
          users.register({
            email: `flash-${this.run}-${this.shopperCount++}@flashline.test`,
            password: 'shopper-password-1',
            name: 'Flash Shopper',
          }),
        ),
      );
      for (const user of batch) {
        this.userIds.push(user.id);
        shoppers.push({ id: user.id, token: tokens.sign(user) });
      }
    }
    return shoppers;
  }

  /** Creates a sale through the real admin route; open now unless the overrides say otherwise. */
  async sale(
    adminToken: string,
    productId: string,
    overrides: Partial<CreateFlashSaleRequest> = {},
  ): Promise<FlashSale> {
    const now = Date.now();
    const response = await this.app.http
      .post('/api/flash-sales')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({
        productId,
        salePriceCents: 4900,
        quantity: 10,
        startsAt: new Date(now - 1000).toISOString(),
        endsAt: new Date(now + 60 * MINUTE_MS).toISOString(),
        ...overrides,
      });
    if (response.status !== 201)
      throw new Error(`create sale: ${response.status} ${JSON.stringify(response.body)}`);
    const sale = response.body as FlashSale;
    this.saleIds.push(sale.id);
    return sale;
  }

  /**
   * MongoDB first: while the application runs, its reaper rebuilds any sale whose keys are missing from the
   * sale's document, so the keys go only once the documents are gone.
   */
  async cleanUp(): Promise<void> {
    const { mongo, redis } = this.app;
    await mongo.asPromise();
    const productIds = this.productIds.map((id) => new Types.ObjectId(id));
    await Promise.all([
      mongo
        .collection('flash_sales')
        .deleteMany({ _id: { $in: this.saleIds.map((id) => new Types.ObjectId(id)) } }),
      mongo.collection('products').deleteMany({ _id: { $in: productIds } }),
      mongo.collection('inventory_movements').deleteMany({ productId: { $in: productIds } }),
      mongo.collection('cart_items').deleteMany({ userId: { $in: this.userIds } }),
      mongo
        .collection('users')
        .deleteMany({ _id: { $in: this.userIds.map((id) => new Types.ObjectId(id)) } }),
    ]);
    await Promise.all([
      ...this.saleIds.map((id) => deleteTagged(redis, `sale:${id}`)),
      deleteTagged(redis, 'catalog'),
    ]);
  }
}

export const bearer = (shopper: Shopper): [string, string] => ['Authorization', `Bearer ${shopper.token}`];

/** The base URL of an app's listening server. */
export function baseUrl(app: TestApp): string {
  const address = (app.app.getHttpServer() as Server).address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}

// ---- Server-Sent Events ----------------------------------------------------------------------------------

export interface EventStream<T> {
  status: number;
  contentType: string;
  events: T[];
  /** Raw text received, heartbeats included. */
  raw(): string;
  /** Resolves with the first matching event from index `since` on (already received or coming). */
  waitFor(match: (event: T) => boolean, timeoutMs?: number, since?: number): Promise<T>;
  close(): void;
}

/**
 * Opens an SSE stream with a plain HTTP request (plus `headers`, e.g. Authorization) and parses its `data:`
 * messages as JSON. An error answer resolves too: check `status`, and `raw()` for its body.
 */
export function openEventStream<T>(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream<T>> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) =>
      resolve(eventStream<T>(response, () => request.destroy())),
    );
    request.on('error', reject);
    request.end();
  });
}

function eventStream<T>(response: IncomingMessage, close: () => void): EventStream<T> {
  const events: T[] = [];
  const waiters = new Set<() => void>();
  let raw = '';
  let pending = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    raw += chunk;
    pending += chunk;
    const blocks = pending.split('\n\n');
    pending = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data) events.push(JSON.parse(data.slice('data: '.length)) as T);
    }
    for (const wake of waiters) wake();
  });
  response.on('error', () => undefined);
  return {
    status: response.statusCode ?? 0,
    contentType: String(response.headers['content-type']),
    events,
    raw: () => raw,
    close,
    waitFor: (match, timeoutMs = 5000, since = 0) =>
      new Promise<T>((resolve, reject) => {
        const check = (): void => {
          const found = events.slice(since).find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
