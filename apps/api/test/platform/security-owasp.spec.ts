import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, ModulesContainer, Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import type { Cart, Order, Product, Reservation } from '@flashline/contracts';
import { ROLES_KEY } from '@api/common/auth/roles.decorator';
import { ConfigError, loadConfig } from '@api/config';
import {
  expectErrorBody,
  GENEROUS_RATE_LIMITS,
  type SignedIn,
  signInAdmin,
  signUpShopper,
} from '../support/http/auth';
import { eventually, newId, NO_RATE_LIMITS } from '../support/fixtures/basics';
import { Fixtures } from '../support/fixtures/sale-fixtures';
import { listOperations, type OpenApiDocument, snapshot } from '../support/http/openapi-fuzz';
import { deliver, intentEvent, signature } from '../support/fixtures/payments';
import { baseUrl } from '../support/fixtures/sale-fixtures';
import { createTestApp, type TestApp } from '../support/http/test-app';

/**
 * Issue #11: the OWASP API Security Top 10 (2023), one group each, against the real app (real Redis,
 * MongoDB, stripe-mock). Databases are emptied before and after.
 */

const auth = (who: SignedIn): [string, string] => ['Authorization', `Bearer ${who.accessToken}`];

/** Every key, at any depth, of a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

const HIDDEN_FIELDS = ['passwordHash', 'password', '__v', '_id', 'refreshTokens', 'tokenHash', 'familyId'];

function expectNoHiddenFields(response: Response): void {
  const keys = keysOf(response.body);
  for (const hidden of HIDDEN_FIELDS) expect(keys).not.toContain(hidden);
}

/** A route as Nest registered it, read from its controller metadata. */
interface DiscoveredRoute {
  method: string;
  path: string;
  roles: string[];
}

function discoverRoutes(app: TestApp): DiscoveredRoute[] {
  const discovery = new DiscoveryService(app.app.get(ModulesContainer));
  const reflector = app.app.get(Reflector);
  const routes: DiscoveredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const prefix = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      const roles = reflector.getAllAndOverride<string[] | undefined>(ROLES_KEY, [handler, metatype]) ?? [];
      const full = `/${[prefix, path]
        .map((part) => part.replace(/^\/|\/$/g, ''))
        .filter(Boolean)
        .join('/')}`;
      const api = full === '/metrics' ? full : `/api${full === '/' ? '' : full}`;
      routes.push({ method: RequestMethod[method].toLowerCase(), path: api, roles });
    }
  }
  return routes;
}

/** `/api/products/:id` -> `/api/products/{id}` (the OpenAPI spelling). */
const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');
const concrete = (path: string): string => path.replace(/:(\w+)/g, () => newId());

describe('OWASP API Security Top 10', () => {
  let app: TestApp;
  let fx: Fixtures;
  let admin: SignedIn;
  let alice: SignedIn;
  let bob: SignedIn;
  let product: Product;

  beforeAll(async () => {
    app = await createTestApp({ ...GENEROUS_RATE_LIMITS, ...NO_RATE_LIMITS });
    await app.reset();
    fx = new Fixtures(app);
    admin = await signInAdmin(app);
    [alice, bob] = await Promise.all([signUpShopper(app), signUpShopper(app)]);
    product = await fx.product({ stock: 500, priceCents: 10_000 });
  });

  afterAll(async () => {
    await app.reset();
    await app.close();
  });

  // API1: a shopper can neither read nor act on another shopper's reservation, order or cart (404, never 403).
  describe('API1 broken object-level authorization', () => {
    it("hides alice's reservation and order from bob, and keeps their carts apart", async () => {
      const sale = await fx.sale(admin.accessToken, product.id, { quantity: 10, perUserLimit: 2 });
      const reserved = await app.http
        .post(`/api/flash-sales/${sale.id}/reservations`)
        .set(...auth(alice))
        .send({ quantity: 1 });
      expect(reserved.status).toBe(201);
      const reservation = reserved.body as Reservation;

      expectErrorBody(
        await app.http.get(`/api/reservations/${reservation.id}`).set(...auth(bob)),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await app.http.post(`/api/reservations/${reservation.id}/payment-intent`).set(...auth(bob)),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await app.http
          .post(`/api/dev/reservations/${reservation.id}/pay`)
          .set(...auth(bob))
          .send({}),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(
        await app.http.delete(`/api/reservations/${reservation.id}`).set(...auth(bob)),
        404,
        'NOT_FOUND',
      );
      // Bob's attempts left alice's hold active.
      const still = await app.http.get(`/api/reservations/${reservation.id}`).set(...auth(alice));
      expect((still.body as Reservation).status).toBe('active');

      // Alice pays (simulated Stripe, through the real signed webhook): bob cannot see her order.
      const paid = await app.http
        .post(`/api/dev/reservations/${reservation.id}/pay`)
        .set(...auth(alice))
        .send({});
      expect(paid.status).toBe(200);
      let orderId: string | undefined;
      expect(
        await eventually(async () => {
          const read = await app.http.get(`/api/reservations/${reservation.id}`).set(...auth(alice));
          orderId = (read.body as Reservation).orderId;
          return orderId !== undefined;
        }, 10_000),
      ).toBe(true);
      expect((await app.http.get(`/api/orders/${orderId}`).set(...auth(alice))).status).toBe(200);
      expectErrorBody(await app.http.get(`/api/orders/${orderId}`).set(...auth(bob)), 404, 'NOT_FOUND');
      const bobsOrders = await app.http.get('/api/orders').set(...auth(bob));
      expect((bobsOrders.body as { items: Order[] }).items).toEqual([]);
      expect((await app.http.get(`/api/orders/${orderId}`).set(...auth(admin))).status).toBe(200);

      // Carts: alice's line is hers only; bob deleting "her" product line touches only his own cart.
      await app.http
        .put(`/api/cart/items/${product.id}`)
        .set(...auth(alice))
        .send({ quantity: 2 });
      expect(((await app.http.get('/api/cart').set(...auth(bob))).body as Cart).items).toEqual([]);
      await app.http.delete(`/api/cart/items/${product.id}`).set(...auth(bob));
      expect(((await app.http.get('/api/cart').set(...auth(alice))).body as Cart).items).toHaveLength(1);
    });
  });

  // API2: forged, tampered, expired and wrongly typed access tokens, and refresh tokens replayed after logout, are 401.
  describe('API2 broken authentication', () => {
    it('refuses forged, tampered, expired and mis-typed access tokens', async () => {
      const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
      const [header, , sig] = alice.accessToken.split('.');
      const now = Math.floor(Date.now() / 1000);
      const signWith = (secret: string, claims: Record<string, unknown>): string =>
        new JwtService({ secret }).sign(claims, { algorithm: 'HS256' });
      const tokens = [
        `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: admin.user.id, role: 'admin', typ: 'access' })}.`,
        `${header}.${part({ sub: alice.user.id, role: 'admin', typ: 'access', exp: now + 600 })}.${sig}`,
        signWith('not-the-secret-not-the-secret-xx', {
          sub: admin.user.id,
          role: 'admin',
          typ: 'access',
          jti: 'x',
        }),
        signWith(app.config.auth.accessSecret, {
          sub: alice.user.id,
          role: 'shopper',
          typ: 'access',
          jti: randomUUID(),
          iat: now - 3600,
          exp: now - 60,
        }),
        // Signed with the right key but not an access token (e.g. a refresh-like claim set).
        signWith(app.config.auth.accessSecret, {
          sub: alice.user.id,
          role: 'admin',
          typ: 'refresh',
          jti: 'x',
        }),
        'garbage',
      ];
      for (const token of tokens) {
        expectErrorBody(
          await app.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`),
          401,
          'UNAUTHENTICATED',
        );
      }
      expectErrorBody(await app.http.get('/api/auth/me'), 401, 'UNAUTHENTICATED');
      expectErrorBody(
        await app.http
          .get('/api/auth/me')
          .set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('refuses a refresh token after logout, and a replayed (already used) one', async () => {
      const carol = await signUpShopper(app);
      const rotated = await app.http.post('/api/auth/refresh').send({ refreshToken: carol.refreshToken });
      expect(rotated.status).toBe(200);
      // Replaying the used token is refused (and revokes its family).
      expectErrorBody(
        await app.http.post('/api/auth/refresh').send({ refreshToken: carol.refreshToken }),
        401,
        'UNAUTHENTICATED',
      );

      const dave = await signUpShopper(app);
      expect(
        (
          await app.http
            .post('/api/auth/logout')
            .set(...auth(dave))
            .send({ refreshToken: dave.refreshToken })
        ).status,
      ).toBe(204);
      expectErrorBody(
        await app.http.post('/api/auth/refresh').send({ refreshToken: dave.refreshToken }),
        401,
        'UNAUTHENTICATED',
      );
      expectErrorBody(
        await app.http.post('/api/auth/login').send({ email: dave.user.email, password: 'wrong-password-1' }),
        401,
        'UNAUTHENTICATED',
      );
    });
  });

  // API3: clients cannot set fields they do not own (role, ids, counters), and responses carry no internal fields.
  describe('API3 broken object property-level authorization', () => {
    it('refuses mass assignment on register, products and sales', async () => {
      const register = await app.http.post('/api/auth/register').send({
        email: `mass-${randomUUID()}@flashline.test`,
        password: 'shopper-password-1',
        name: 'Mass Assigner',
        role: 'admin',
      });
      expectErrorBody(register, 400, 'VALIDATION_FAILED');
      const before = await snapshot(app, []);
      const productBody = { name: 'P', description: 'd', priceCents: 100, currency: 'usd', stock: 1 };
      for (const extra of [{ id: newId() }, { _id: newId() }, { archived: true }, { reserved: 5 }]) {
        expectErrorBody(
          await app.http
            .post('/api/products')
            .set(...auth(admin))
            .send({ ...productBody, ...extra }),
          400,
          'VALIDATION_FAILED',
        );
        expectErrorBody(
          await app.http
            .patch(`/api/products/${product.id}`)
            .set(...auth(admin))
            .send(extra),
          400,
          'VALIDATION_FAILED',
        );
      }
      const now = Date.now();
      const saleBody = {
        productId: product.id,
        salePriceCents: 100,
        quantity: 1,
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      };
      for (const extra of [{ remaining: 0 }, { status: 'ended' }, { id: newId() }, { sold: 1 }]) {
        expectErrorBody(
          await app.http
            .post('/api/flash-sales')
            .set(...auth(admin))
            .send({ ...saleBody, ...extra }),
          400,
          'VALIDATION_FAILED',
        );
      }
      expect(await snapshot(app, [])).toBe(before);
    });

    it('returns no password hash, __v or raw _id in any response', async () => {
      const erin = await signUpShopper(app);
      const sale = await fx.sale(admin.accessToken, product.id, { quantity: 5 });
      const reads = await Promise.all([
        app.http.get('/api/auth/me').set(...auth(erin)),
        app.http.post('/api/auth/login').send({ email: erin.user.email, password: 'shopper-password-1' }),
        app.http.get('/api/products'),
        app.http.get(`/api/products/${product.id}`),
        app.http.get('/api/flash-sales'),
        app.http.get(`/api/flash-sales/${sale.id}`),
        app.http.get('/api/orders').set(...auth(alice)),
        app.http.get('/api/admin/orders').set(...auth(admin)),
        app.http.get('/api/cart').set(...auth(alice)),
      ]);
      for (const response of reads) {
        expect(response.status).toBe(200);
        expectNoHiddenFields(response);
      }
      expect(Object.keys(reads[0].body as object).sort()).toEqual(['email', 'id', 'name', 'role']);
    });
  });

  // API4: bodies over 16 KiB (413), pages over 100 (400) and request floods (429 + Retry-After) are bounded.
  describe('API4 unrestricted resource consumption', () => {
    it('refuses a body over the limit and a page over 100', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(17 * 1024) });
      const response = await app.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(big);
      expectErrorBody(response, 413, 'PAYLOAD_TOO_LARGE');
      for (const path of [
        '/api/products?limit=101',
        '/api/orders?limit=1000',
        '/api/admin/orders?limit=101',
      ]) {
        const who = path.includes('admin') ? admin : alice;
        expectErrorBody(await app.http.get(path).set(...auth(who)), 400, 'VALIDATION_FAILED');
      }
      const ok = await app.http.get('/api/products?limit=100');
      expect(ok.status).toBe(200);
    });

    it('rate-limits with 429 RATE_LIMITED and Retry-After', async () => {
      const limited = await createTestApp({
        RATE_LIMIT_LOGIN_EMAIL_LIMIT: '2',
        RATE_LIMIT_LOGIN_IP_LIMIT: '1000',
      });
      try {
        const email = `flood-${randomUUID()}@flashline.test`;
        const attempts: Response[] = [];
        for (let i = 0; i < 4; i++) {
          attempts.push(
            await limited.http.post('/api/auth/login').send({ email, password: 'wrong-password-1' }),
          );
        }
        expect(attempts.slice(0, 2).map((r) => r.status)).toEqual([401, 401]);
        const refused = attempts[3];
        expectErrorBody(refused, 429, 'RATE_LIMITED');
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await limited.redis.flushdb();
        await limited.close();
      }
    });
  });

  // API5: every route whose controller metadata says @Roles('admin') refuses a shopper (403) and a stranger (401).
  describe('API5 broken function-level authorization', () => {
    it('refuses shoppers on every admin route, found through Nest metadata and the OpenAPI doc', async () => {
      const adminRoutes = discoverRoutes(app).filter((route) => route.roles.includes('admin'));
      const names = adminRoutes.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort();
      // The known ones must be among them (guards against the discovery silently finding nothing).
      expect(names).toEqual(
        expect.arrayContaining([
          'DELETE /api/products/:id',
          'GET /api/admin/orders',
          'PATCH /api/products/:id',
          'POST /api/flash-sales',
          'POST /api/products',
        ]),
      );
      const documented = new Set(
        listOperations((await app.http.get('/docs-json')).body as OpenApiDocument).map(
          (op) => `${op.method} ${op.path}`,
        ),
      );
      const before = await snapshot(app, []);
      for (const route of adminRoutes) {
        expect(documented).toContain(`${route.method} ${openApiPath(route.path)}`);
        const url = concrete(route.path).replace(/:id/, product.id);
        const call = (): ReturnType<TestApp['http']['get']> =>
          app.http[route.method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
        expectErrorBody(
          await call()
            .set(...auth(alice))
            .send({}),
          403,
          'FORBIDDEN',
        );
        expectErrorBody(await call().send({}), 401, 'UNAUTHENTICATED');
      }
      expect(await snapshot(app, [])).toBe(before);
    });
  });

  // API6: the per-user limit holds against parallel reserves, fresh idempotency keys and reserve + cart checkout.
  describe('API6 unrestricted access to sensitive business flows', () => {
    it('never lets one shopper hold more than perUserLimit units of a sale', async () => {
      const sale = await fx.sale(admin.accessToken, product.id, { quantity: 50, perUserLimit: 2 });
      const frank = await signUpShopper(app);
      const attempts = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          app.http
            .post(`/api/flash-sales/${sale.id}/reservations`)
            .set(...auth(frank))
            .set('Idempotency-Key', `key-${i}`)
            .send({ quantity: i % 3 === 0 ? 2 : 1 }),
        ),
      );
      const held = attempts
        .filter((r) => r.status === 201)
        .reduce((units, r) => units + (r.body as Reservation).lines[0].quantity, 0);
      expect(held).toBe(2);
      for (const refused of attempts.filter((r) => r.status !== 201)) {
        expectErrorBody(refused, 409, 'LIMIT_REACHED');
      }

      // Cart checkout draws from the catalogue at full price, never from the sale's stock or its price.
      await app.http
        .put(`/api/cart/items/${product.id}`)
        .set(...auth(frank))
        .send({ quantity: 3 });
      const checkout = await app.http.post('/api/cart/checkout').set(...auth(frank));
      expect(checkout.status).toBe(201);
      const cartHold = checkout.body as Reservation;
      expect(cartHold.kind).toBe('cart');
      expect(cartHold.lines).toEqual([
        expect.objectContaining({ quantity: 3, unitPriceCents: product.priceCents }),
      ]);
      const after = await app.http.get(`/api/flash-sales/${sale.id}`);
      expect((after.body as { remaining: number }).remaining).toBe(48);
      expectErrorBody(
        await app.http
          .post(`/api/flash-sales/${sale.id}/reservations`)
          .set(...auth(frank))
          .set('Idempotency-Key', 'after-checkout')
          .send({ quantity: 1 }),
        409,
        'LIMIT_REACHED',
      );
    });
  });

  // API7: no route fetches a user-supplied URL; imageUrl is stored as text and never requested.
  describe('API7 server-side request forgery', () => {
    it('stores imageUrl verbatim without fetching it', async () => {
      // A URL that would hang or fail if fetched: the create answers at once and returns it unchanged.
      const imageUrl = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';
      const created = await app.http
        .post('/api/products')
        .set(...auth(admin))
        .send({ name: 'SSRF probe', description: 'd', priceCents: 100, currency: 'usd', stock: 0, imageUrl });
      expect(created.status).toBe(201);
      expect((created.body as Product).imageUrl).toBe(imageUrl);
      fx.productIds.push((created.body as Product).id);
    });
  });

  // API8: helmet headers, no X-Powered-By, CORS only for the storefront, no stack traces, Swagger off in production.
  describe('API8 security misconfiguration', () => {
    it('sends hardened headers and no framework banner, on success and on error', async () => {
      for (const response of [await app.http.get('/api/health'), await app.http.get('/api/nope')]) {
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(response.headers['content-security-policy']).toContain("default-src 'self'");
        expect(response.headers['referrer-policy']).toBe('no-referrer');
      }
    });

    it('allows CORS for the storefront origin only', async () => {
      const allowed = await app.http
        .options('/api/products')
        .set('Origin', app.config.http.storefrontOrigin)
        .set('Access-Control-Request-Method', 'POST');
      expect(allowed.headers['access-control-allow-origin']).toBe(app.config.http.storefrontOrigin);
      for (const origin of [
        'https://evil.example',
        'null',
        `${app.config.http.storefrontOrigin}.evil.example`,
      ]) {
        const foreign = await app.http
          .options('/api/products')
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST');
        expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
        // (`cors` sends Allow-Credentials on every preflight; without Allow-Origin the browser still blocks.)
      }
    });

    it('never shows a stack trace or driver message', async () => {
      const responses = [
        await app.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":'),
        await app.http.get('/api/products/not-an-id'),
        await app.http.get(`/api/products/${newId()}`),
        await app.http.post('/api/auth/login').send({ email: { $gt: '' }, password: { $ne: null } }),
      ];
      for (const response of responses) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.text).not.toMatch(/at .*\.(js|ts):\d+|node_modules|Mongo\w*Error|CastError/);
      }
    });

    it('turns Swagger and bench mode off in production, and refuses development secrets there', () => {
      const secrets = {
        NODE_ENV: 'production',
        JWT_ACCESS_SECRET: 'a'.repeat(48),
        JWT_REFRESH_SECRET: 'b'.repeat(48),
        ADMIN_PASSWORD: 'a-real-admin-password-123',
        STRIPE_WEBHOOK_SECRET: 'whsec_real_production_secret_0123',
        STRIPE_SECRET_KEY: 'sk_live_placeholder',
        MONGO_URL: 'mongodb://db.internal:27017/flashline',
        REDIS_URL: 'redis://cache.internal:6379',
        BENCH_MODE: 'true',
      };
      const production = loadConfig(secrets);
      expect(production.http.swaggerEnabled).toBe(false);
      expect(production.http.benchMode).toBe(false);
      expect(loadConfig({ ...secrets, NODE_ENV: 'development' }).http.swaggerEnabled).toBe(true);
      expect(() => loadConfig({ ...secrets, JWT_ACCESS_SECRET: undefined })).toThrow(ConfigError);
      expect(() => loadConfig({ ...secrets, ADMIN_PASSWORD: 'flashline-admin-dev' })).toThrow(ConfigError);
    });
  });

  // API9: every route Nest serves is in the OpenAPI document, except /metrics and Swagger's own. The bench
  // route is not even served: BenchModule adds it only under BENCH_MODE (this app runs without).
  describe('API9 improper inventory management', () => {
    it('documents every served route', async () => {
      const doc = (await app.http.get('/docs-json')).body as OpenApiDocument;
      const documented = new Set(listOperations(doc).map((op) => `${op.method} ${op.path}`));
      const served = discoverRoutes(app);
      const undocumented = served
        .map((route) => `${route.method} ${openApiPath(route.path)}`)
        .filter((name) => !documented.has(name))
        .sort();
      expect(undocumented).toEqual(['get /metrics']);
      // …and the document names nothing that is not served (no stale entries).
      const servedNames = new Set(served.map((route) => `${route.method} ${openApiPath(route.path)}`));
      expect([...documented].filter((name) => !servedNames.has(name))).toEqual([]);
      // The excluded bench route is not even mounted outside bench mode.
      expect((await app.http.get('/api/bench/baseline')).status).toBe(404);
    });
  });

  // API10: the webhook trusts only correctly signed, fresh events; anything else is 400 and writes nothing.
  describe('API10 unsafe consumption of APIs', () => {
    it('refuses unsigned, wrongly signed and stale events, and writes nothing', async () => {
      const sale = await fx.sale(admin.accessToken, product.id, { quantity: 5 });
      const reserved = await app.http
        .post(`/api/flash-sales/${sale.id}/reservations`)
        .set(...auth(bob))
        .send({ quantity: 1 });
      expect(reserved.status).toBe(201);
      const reservation = reserved.body as Reservation;
      const payload = intentEvent('payment_intent.succeeded', {
        id: 'pi_forged_owasp',
        reservationId: reservation.id,
        amountCents: reservation.amountCents,
        currency: reservation.currency,
      });
      const before = await snapshot(app, [sale.id]);
      const url = baseUrl(app);
      const forgeries = [
        'no-signature',
        signature(payload, { secret: 'whsec_not_the_real_secret' }),
        signature(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
        signature(`${payload} `),
      ];
      for (const header of forgeries) {
        const delivery = await deliver(url, payload, header);
        expect(delivery.status).toBe(400);
        expect((delivery.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
      }
      const unsigned = await app.http
        .post('/api/payments/webhook')
        .set('Content-Type', 'application/json')
        .send(payload);
      expectErrorBody(unsigned, 400, 'VALIDATION_FAILED');
      expect(await snapshot(app, [sale.id])).toBe(before);
      const read = await app.http.get(`/api/reservations/${reservation.id}`).set(...auth(bob));
      expect((read.body as Reservation).status).toBe('active');
    });
  });
});
