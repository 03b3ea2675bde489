import { once } from 'node:events';
import type { ErrorBody, Reservation } from '@flashline/contracts';
import { SaleStateStore } from '@api/holds';
import { Lifecycle } from '@api/lifecycle';
import { type ApiProcess, startApi } from '../support/processes/api-process';
import { signInAdmin } from '../support/http/auth';
import { NO_RATE_LIMITS } from '../support/fixtures/basics';
import { Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import {
  connectionRefused,
  type HeldRequest,
  holdRequest,
  openRawEventStream,
} from '../support/http/held-request';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { workerPortBase } from '../support/processes/ports';

/** Ports 5400-5419, apart per jest worker. */
const PORT_BASE = workerPortBase(5400, 2);
const LOAD_SHOPPERS = 400;
const LOAD_CONNECTIONS = 8;
const HELD_REQUESTS = 5;
const UNITS = 1000;

/** How one request of the load ended, as its client saw it. */
type Outcome =
  | { kind: 'answered'; status: number; code?: string }
  /** The request never reached the app: connection refused, or reset while idle (keep-alive race). */
  | { kind: 'not-sent'; cause: string }
  /** The response started and then broke off: what a graceful shutdown must never do. */
  | { kind: 'broken'; cause: string };

const errorCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? String(error);
};

async function reserve(url: string, shopper: Shopper): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${shopper.token}` },
      body: JSON.stringify({ quantity: 1 }),
    });
  } catch (error) {
    return { kind: 'not-sent', cause: errorCode(error) };
  }
  try {
    const body = (await response.json()) as Reservation | ErrorBody;
    return { kind: 'answered', status: response.status, code: 'error' in body ? body.error.code : undefined };
  } catch (error) {
    return { kind: 'broken', cause: String(error) };
  }
}

/** `connections` clients, each reserving for the next shopper of the queue until it is empty. */
async function load(url: string, queue: Shopper[], connections: number, outcomes: Outcome[]): Promise<void> {
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let shopper = queue.shift(); shopper; shopper = queue.shift()) {
        outcomes.push(await reserve(url, shopper));
      }
    }),
  );
}

/** `promise`, or a failure naming `what` after `ms`: a broken drain fails the test instead of hanging it. */
function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

type Exit = [number | null, NodeJS.Signals | null];

/** Waits until `check` holds, polling; fails the test with `what` after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('graceful shutdown (SIGTERM) of an API process', () => {
  let app: TestApp;
  let fx: Fixtures;
  let admin: string;
  const apis: ApiProcess[] = [];

  beforeAll(async () => {
    app = await createTestApp(NO_RATE_LIMITS);
    await app.mongo.asPromise();
    fx = new Fixtures(app);
    admin = (await signInAdmin(app)).accessToken;
  }, 60_000);

  afterAll(async () => {
    // Every process here was sent SIGTERM already; one still running (a failed test) is killed outright.
    for (const api of apis)
      if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
    await fx.cleanUp();
    await app.close();
  }, 60_000);

  it('answers every accepted request, tells SSE clients to reconnect, refuses new connections, exits 0', async () => {
    const product = await fx.product({ stock: UNITS });
    const sale = await fx.sale(admin, product.id, { quantity: UNITS, perUserLimit: 1 });
    const shoppers = await fx.shoppers(LOAD_SHOPPERS + HELD_REQUESTS);
    const port = PORT_BASE;
    const api = await startApi(port, { ...NO_RATE_LIMITS, SHUTDOWN_TIMEOUT_MS: '30000', LOG_LEVEL: 'info' });
    apis.push(api);
    const reserveUrl = `${api.url}/api/flash-sales/${sale.id}/reservations`;

    const stream = await openRawEventStream(`${api.url}/api/flash-sales/${sale.id}/events`);
    const held: HeldRequest[] = [];
    try {
      expect(stream.status).toBe(200);
      await until('the first SSE message', () => stream.text().includes('data: '));
      // Accepted and in flight when SIGTERM comes: the server holds them until their bodies arrive.
      held.push(
        ...(await Promise.all(
          shoppers
            .slice(0, HELD_REQUESTS)
            .map((shopper) =>
              holdRequest(reserveUrl, { quantity: 1 }, { Authorization: `Bearer ${shopper.token}` }),
            ),
        )),
      );
      const outcomes: Outcome[] = [];
      const loading = load(reserveUrl, shoppers.slice(HELD_REQUESTS), LOAD_CONNECTIONS, outcomes);
      await until('some of the load answered', () => outcomes.length >= 40);

      const exited = once(api.child, 'exit') as Promise<Exit>;
      api.child.kill('SIGTERM');

      // SSE: the reconnect notice, then the end of the stream.
      await within('end of the SSE stream', 10_000, stream.ended);
      expect(stream.text()).toMatch(/retry: \d+\nevent: reconnect\ndata: \{"reason":"shutdown"\}\n\n$/);
      // The listener closed before the notice went out.
      expect(await connectionRefused(port)).toBe(true);

      // The held requests' bodies arrive after the drain started: each still gets its whole answer.
      const answers = await within(
        'answers to the held requests',
        10_000,
        Promise.all(held.map((request) => request.finish())),
      );
      for (const answer of answers) {
        expect({ status: answer.status, connection: answer.headers.connection }).toEqual({
          status: 201,
          connection: 'close',
        });
        expect((JSON.parse(answer.text) as Reservation).saleId).toBe(sale.id);
      }

      const [code, signal] = await within('exit', 20_000, exited);
      await loading;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(api.output()).toMatch(/SIGTERM: draining/);
      expect(api.output()).toMatch(/Drained in \d+ ms; exiting/);
      expect(api.output()).not.toMatch(/"level":(50|60)/);

      const answered = outcomes.filter((outcome) => outcome.kind === 'answered');
      const notSent = outcomes.filter((outcome) => outcome.kind === 'not-sent');
      console.log(
        `SIGTERM under load: ${answered.length} answered, ${notSent.length} not sent ` +
          `(${[...new Set(notSent.map((outcome) => outcome.cause))].join(', ')}), ${HELD_REQUESTS} held answered`,
      );
      expect(outcomes.filter((outcome) => outcome.kind === 'broken')).toEqual([]);
      expect(answered.filter((outcome) => outcome.status !== 201)).toEqual([]);
      expect(notSent.length).toBeGreaterThan(0);
      // Every hold Redis took was answered to its shopper: no request was processed and then cut off.
      expect(await app.app.get(SaleStateStore).saleStock(sale.id, product.id)).toEqual({
        free: UNITS - answered.length - HELD_REQUESTS,
        held: answered.length + HELD_REQUESTS,
        sold: 0,
      });
    } finally {
      for (const request of held) request.abandon();
      stream.close();
    }
  }, 120_000);

  it('exits with code 1 once SHUTDOWN_TIMEOUT_MS passes with a request still unanswered', async () => {
    const product = await fx.product({ stock: 10 });
    const sale = await fx.sale(admin, product.id, { quantity: 10 });
    const [shopper] = await fx.shoppers(1);
    const api = await startApi(PORT_BASE + 1, {
      ...NO_RATE_LIMITS,
      SHUTDOWN_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'info',
    });
    apis.push(api);
    const stuck = await holdRequest(
      `${api.url}/api/flash-sales/${sale.id}/reservations`,
      { quantity: 1 },
      { Authorization: `Bearer ${shopper.token}` },
    );
    const exited = once(api.child, 'exit') as Promise<Exit>;
    api.child.kill('SIGTERM');
    const [code, signal] = await within('exit', 20_000, exited).finally(() => stuck.abandon());
    expect({ code, signal }).toEqual({ code: 1, signal: null });
    expect(api.output()).toMatch(
      /Still draining after 1000 ms \(SHUTDOWN_TIMEOUT_MS\) with 1 requests in flight/,
    );
  }, 60_000);
});

describe('/api/health while the process drains', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 503 `draining` and closes the connection, so load balancers send traffic elsewhere', async () => {
    const before = await app.http.get('/api/health');
    expect(before.status).toBe(200);
    app.app.get(Lifecycle).startDraining();
    const during = await app.http.get('/api/health');
    expect(during.status).toBe(503);
    expect(during.body).toEqual({ status: 'draining', mongo: 'up', redis: 'up' });
    expect(during.headers.connection).toBe('close');
  });
});
