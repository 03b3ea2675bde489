import type { ErrorBody, FlashSale, Reservation } from '@flashline/contracts';
import { Cluster } from 'ioredis';
import { saleStockKey } from '@api/redis';
import { parseClusterNode, REDIS_CLIENT } from '@api/redis/redis.module';
import { type ApiProcess, startApi } from '../support/processes/api-process';
import { expectErrorBody, signInAdmin } from '../support/http/auth';
import { CROWD_PROCESS_ENV } from '../support/fixtures/basics';
import { bearer, Fixtures } from '../support/fixtures/sale-fixtures';
import { type LocalRedisCluster, startRedisCluster } from '../support/processes/redis-cluster';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { workerPortBase } from '../support/processes/ports';

/** The cluster's ports: 7101-7103 unless TEST_REDIS_CLUSTER_PORTS lists others (two runs side by side). */
const PORTS = (process.env.TEST_REDIS_CLUSTER_PORTS ?? '7101,7102,7103').split(',').map(Number);
/** The API processes of the multi-process test: 5450-5479, three per jest worker. */
const API_PORT_BASE = workerPortBase(5450, 3);
const STOCK = 20;
const CROWD = 100;
const PROCESS_SHOPPERS = 1000;
const PROCESS_UNITS = 100;

describe('Redis Cluster (REDIS_CLUSTER_NODES, three real masters)', () => {
  let cluster: LocalRedisCluster | undefined;
  let app: TestApp | undefined;
  let fx: Fixtures | undefined;

  let apis: ApiProcess[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster(PORTS);
    // test-env.ts sets REDIS_URL; an empty value reads as unset, so the cluster is the only Redis.
    app = await createTestApp({ ...CROWD_PROCESS_ENV, REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes });
    await app.mongo.asPromise();
    fx = new Fixtures(app);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await fx?.cleanUp().catch(() => undefined);
    await app?.close();
    await cluster?.stop();
  }, 60_000);

  it('injects a Cluster client', () => {
    expect(app!.config.redis.clusterNodes).toEqual(PORTS.map((port) => `127.0.0.1:${port}`));
    expect(app!.app.get(REDIS_CLIENT)).toBeInstanceOf(Cluster);
  });

  it(`sells a sale of ${STOCK} units to exactly ${STOCK} of ${CROWD} concurrent shoppers`, async () => {
    const admin = (await signInAdmin(app!)).accessToken;
    const product = await fx!.product({ stock: 100 });
    const sale = await fx!.sale(admin, product.id, { quantity: STOCK, perUserLimit: 1 });
    const shoppers = await fx!.shoppers(CROWD);

    const responses = await Promise.all(
      shoppers.map((shopper) =>
        app!.http
          .post(`/api/flash-sales/${sale.id}/reservations`)
          .set(...bearer(shopper))
          .send({ quantity: 1 }),
      ),
    );

    const won = responses.filter((response) => response.status === 201);
    expect(won).toHaveLength(STOCK);
    for (const lost of responses.filter((response) => response.status !== 201)) {
      expectErrorBody(lost, 409, 'SOLD_OUT');
    }
    expect(new Set(won.map((response) => (response.body as Reservation).id)).size).toBe(STOCK);

    // The sale's counters live in one slot of the cluster and still add up.
    const redis = app!.app.get<Cluster>(REDIS_CLIENT);
    const stock = await redis.hgetall(saleStockKey(sale.id));
    expect(Number(stock[`free:${product.id}`])).toBe(0);
    expect(Number(stock[`held:${product.id}`])).toBe(STOCK);
    expect((await app!.http.get(`/api/flash-sales/${sale.id}`)).body).toMatchObject({ remaining: 0 });
  }, 30_000);

  it(`sells exactly ${PROCESS_UNITS} units to ${PROCESS_SHOPPERS} shoppers through 3 API processes on the cluster`, async () => {
    const env = {
      ...CROWD_PROCESS_ENV,
      LOG_LEVEL: 'error',
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: cluster!.nodes,
    };
    apis = await Promise.all([0, 1, 2].map((i) => startApi(API_PORT_BASE + i, env)));
    const admin = (await signInAdmin(app!)).accessToken;
    const product = await fx!.product({ stock: PROCESS_UNITS });
    const sale = await fx!.sale(admin, product.id, { quantity: PROCESS_UNITS, perUserLimit: 1 });
    const shoppers = await fx!.shoppers(PROCESS_SHOPPERS);

    const attempts = await Promise.all(
      shoppers.map(async (shopper, i) => {
        const response = await fetch(`${apis[i % 3].url}/api/flash-sales/${sale.id}/reservations`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${shopper.token}` },
          body: JSON.stringify({ quantity: 1 }),
        });
        return { status: response.status, body: (await response.json()) as Reservation | ErrorBody };
      }),
    );

    const won = attempts.filter((attempt) => attempt.status === 201);
    const others = attempts
      .filter((attempt) => attempt.status !== 201)
      .map((attempt) => `${attempt.status} ${(attempt.body as ErrorBody).error?.code}`);
    // On failure, the processes' own error lines say why.
    const errorLogs = apis
      .flatMap((api) => api.output().split('\n'))
      .filter((line) => /"level":(50|60)/.test(line));
    expect({
      answers: others.filter((answer) => answer !== '409 SOLD_OUT'),
      errorLogs: errorLogs.slice(0, 3),
    }).toEqual({
      answers: [],
      errorLogs: [],
    });
    expect(won).toHaveLength(PROCESS_UNITS);
    expect(new Set(won.map((attempt) => (attempt.body as Reservation).id)).size).toBe(PROCESS_UNITS);
    const redis = app!.app.get<Cluster>(REDIS_CLIENT);
    const stock = await redis.hgetall(saleStockKey(sale.id));
    expect({ free: Number(stock[`free:${product.id}`]), held: Number(stock[`held:${product.id}`]) }).toEqual({
      free: 0,
      held: PROCESS_UNITS,
    });
    for (const api of apis) {
      const read = (await (await fetch(`${api.url}/api/flash-sales/${sale.id}`)).json()) as FlashSale;
      expect(read.remaining).toBe(0);
    }
  }, 180_000);

  it('parses REDIS_CLUSTER_NODES entries and refuses malformed ones', () => {
    expect(parseClusterNode('10.0.0.1:6380')).toEqual({ host: '10.0.0.1', port: 6380 });
    expect(parseClusterNode('redis-a')).toEqual({ host: 'redis-a', port: 6379 });
    expect(() => parseClusterNode('redis-a:99999')).toThrow('REDIS_CLUSTER_NODES');
    expect(() => parseClusterNode('')).toThrow('REDIS_CLUSTER_NODES');
  });
});
