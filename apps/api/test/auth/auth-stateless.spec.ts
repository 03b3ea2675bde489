import type { CommandStartedEvent } from 'mongodb';
import { AccessTokenService } from '@api/common/auth';
import { expectErrorBody, signInAdmin } from '../support/http/auth';
import { newId, NO_RATE_LIMITS } from '../support/fixtures/basics';
import { bearer, Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import { createTestApp, type TestApp } from '../support/http/test-app';

/**
 * The token check on the hot path reads nothing from MongoDB: every command the app's MongoDB driver
 * starts is recorded (the driver's command monitoring, `monitorCommands=true` in MONGO_URL), and a shopper
 * this app has never served reserves with none, while the control case (GET /api/auth/me, which reads the
 * user on purpose) is seen to start one.
 */
describe('stateless access tokens', () => {
  let app: TestApp;
  let fx: Fixtures;
  const commands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    const mongoUrl = new URL(process.env.MONGO_URL!);
    mongoUrl.searchParams.set('monitorCommands', 'true');
    app = await createTestApp({
      ...NO_RATE_LIMITS,
      MONGO_URL: mongoUrl.toString(),
      // No background MongoDB work during the measured requests.
      RECONCILER_INTERVAL_MS: '600000',
    });
    await app.mongo.asPromise();
    app.mongo.getClient().on('commandStarted', (event: CommandStartedEvent) => commands.push(event));
    fx = new Fixtures(app);
  });

  afterAll(async () => {
    await fx.cleanUp();
    await app.close();
  });

  /** The MongoDB commands the app starts while `send` runs. */
  async function commandsDuring(send: () => PromiseLike<{ status: number }>): Promise<{
    status: number;
    names: string[];
  }> {
    commands.length = 0;
    const { status } = await send();
    return { status, names: commands.map((event) => `${event.commandName} ${event.databaseName}`) };
  }

  it('a shopper this app never served reserves with no MongoDB command; /me reads the user (control)', async () => {
    const admin = (await signInAdmin(app)).accessToken;
    const product = await fx.product({ stock: 20 });
    const sale = await fx.sale(admin, product.id, { quantity: 10 });
    const [first, newcomer] = await fx.shoppers(2);
    // The first reserve loads the sale into Redis (from MongoDB): not what this test measures.
    expect((await reserve(first)).status).toBe(201);

    // Signed as login signs it and never presented before: this app has not seen this token or user.
    expect(await commandsDuring(() => reserve(newcomer))).toEqual({ status: 201, names: [] });
    const me = await commandsDuring(() => app.http.get('/api/auth/me').set(...bearer(newcomer)));
    expect(me.status).toBe(200);
    expect(me.names.some((name) => name.startsWith('find '))).toBe(true);

    function reserve(shopper: Shopper): PromiseLike<{ status: number }> {
      return app.http
        .post(`/api/flash-sales/${sale.id}/reservations`)
        .set(...bearer(shopper))
        .send({ quantity: 1 });
    }
  });
});

describe('stateless access tokens, when revocations cannot be read', () => {
  it('a process that cannot reach Redis refuses signed-in requests with 503 + Retry-After, not 200', async () => {
    // Nothing listens on port 9: every poll of the revocations fails.
    const app = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:9' });
    try {
      const token = app.app.get(AccessTokenService).sign({ id: newId(), role: 'shopper' });
      const response = await app.http.get('/api/orders').set('Authorization', `Bearer ${token}`);
      expectErrorBody(response, 503, 'SERVICE_UNAVAILABLE');
      expect(response.headers['retry-after']).toBe('1');
    } finally {
      await app.close();
    }
  });
});
