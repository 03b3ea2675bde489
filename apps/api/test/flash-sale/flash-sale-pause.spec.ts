import { Types } from 'mongoose';
import type { FlashSale } from '@flashline/contracts';
import {} from '@api/holds';
import { saleDefinitionKey } from '@api/redis';
import { expectErrorBody } from '../support/http/auth';
import { newId, NO_RATE_LIMITS } from '../support/fixtures/basics';
import { deleteTagged, type HoldStores, holdStoresOf } from '../support/fixtures/hold-stores';
import { bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { SaleTestBed } from '../support/http/sale-test-bed';
import { createTestApp } from '../support/http/test-app';

describe('pausing and resuming a flash sale (HTTP, real Redis and MongoDB)', () => {
  const bed = new SaleTestBed({ shoppers: 3 });
  let store: HoldStores;

  beforeAll(() => {
    store = holdStoresOf(bed.app.app);
  });

  const asAdmin = (action: 'pause' | 'resume', saleId: string, token = bed.admin) =>
    bed.app.http.post(`/api/flash-sales/${saleId}/${action}`).set('Authorization', `Bearer ${token}`);

  const reserve = (saleId: string, shopper: Shopper) =>
    bed.app.http
      .post(`/api/flash-sales/${saleId}/reservations`)
      .set(...bearer(shopper))
      .send({ quantity: 1 });

  const storedPaused = async (saleId: string): Promise<unknown> =>
    (await bed.app.mongo.collection('flash_sales').findOne({ _id: new Types.ObjectId(saleId) }))?.paused;

  it('refuses reserves while paused (409 SALE_NOT_ACTIVE, counted as not_active) and takes them again once resumed', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 5 });
    expect(sale.paused).toBe(false);

    const paused = await asAdmin('pause', sale.id);
    expect(paused.status).toBe(200);
    expect(paused.body).toEqual({ ...sale, paused: true });
    // Idempotent: pausing a paused sale answers the same.
    expect((await asAdmin('pause', sale.id)).body).toEqual({ ...sale, paused: true });
    expect(((await bed.app.http.get(`/api/flash-sales/${sale.id}`)).body as FlashSale).paused).toBe(true);
    expect(await storedPaused(sale.id)).toBe(true);

    const refused = expectErrorBody(await reserve(sale.id, bed.shoppers[0]), 409, 'SALE_NOT_ACTIVE');
    expect(refused.error.message).toMatch(/paused/);
    expect((await store.saleState.saleStats(sale.id))?.rejected.not_active).toBe(1);

    const resumed = await asAdmin('resume', sale.id);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toEqual({ ...sale, paused: false });
    expect((await asAdmin('resume', sale.id)).status).toBe(200);
    expect(await storedPaused(sale.id)).toBe(false);
    expect((await reserve(sale.id, bed.shoppers[0])).status).toBe(201);
    expect(await store.saleState.saleStats(sale.id)).toMatchObject({ taken: 1 });
  });

  it('keeps the pause when Redis is rebuilt from MongoDB', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 5 });
    expect((await asAdmin('pause', sale.id)).status).toBe(200);
    await deleteTagged(bed.app.redis, `sale:${sale.id}`);

    expectErrorBody(await reserve(sale.id, bed.shoppers[1]), 409, 'SALE_NOT_ACTIVE');
    expect(((await bed.app.http.get(`/api/flash-sales/${sale.id}`)).body as FlashSale).paused).toBe(true);

    // Resuming a sale whose keys are gone loads it first, then resumes it.
    await deleteTagged(bed.app.redis, `sale:${sale.id}`);
    expect(((await asAdmin('resume', sale.id)).body as FlashSale).paused).toBe(false);
    expect((await reserve(sale.id, bed.shoppers[1])).status).toBe(201);
  });

  it('tells the sale’s event stream', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 4 });
    const stream = await bed.saleStream(sale);
    try {
      expect(await stream.waitFor(() => true)).toEqual({
        remaining: 4,
        held: 0,
        status: 'active',
        paused: false,
      });
      await asAdmin('pause', sale.id);
      const pausedAt = stream.events.length;
      expect(await stream.waitFor((event) => event.paused)).toEqual({
        remaining: 4,
        held: 0,
        status: 'active',
        paused: true,
      });
      // A stock change while paused keeps saying paused.
      const [owner] = bed.shoppers;
      await asAdmin('resume', sale.id);
      expect((await reserve(sale.id, owner)).status).toBe(201);
      expect(await stream.waitFor((event) => !event.paused && event.remaining === 3, 5000, pausedAt)).toEqual(
        { remaining: 3, held: 1, status: 'active', paused: false },
      );
    } finally {
      stream.close();
    }
  });

  it('leaves Redis agreeing with MongoDB after admins pause and resume the same sale at once', async () => {
    const sales = await Promise.all(
      Array.from({ length: 4 }, async () =>
        bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 3 }),
      ),
    );
    const other = await createTestApp(NO_RATE_LIMITS);
    const click = (saleId: string, i: number) =>
      (i % 3 === 0 ? other : bed.app).http
        .post(`/api/flash-sales/${saleId}/${i % 2 === 0 ? 'pause' : 'resume'}`)
        .set('Authorization', `Bearer ${bed.admin}`);
    const disagreements: string[] = [];
    try {
      // Waves of opposite clicks on every sale at once; after each wave both stores must say the same.
      for (let wave = 0; wave < 8; wave++) {
        const clicks = sales.flatMap((sale) => Array.from({ length: 8 }, (_, i) => click(sale.id, i + wave)));
        for (const response of await Promise.all(clicks)) expect(response.status).toBe(200);
        for (const sale of sales) {
          const mirrored = (await bed.app.redis.hget(saleDefinitionKey(sale.id), 'paused')) === '1';
          if (mirrored !== (await storedPaused(sale.id))) disagreements.push(`${sale.id} after wave ${wave}`);
        }
      }
    } finally {
      await other.close();
    }
    expect(disagreements).toEqual([]);
  });

  it('is for admins only, and answers 404 for an unknown sale and 400 for a malformed id', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id);
    expectErrorBody(await asAdmin('pause', sale.id, bed.shoppers[2].token), 403, 'FORBIDDEN');
    expectErrorBody(await bed.app.http.post(`/api/flash-sales/${sale.id}/resume`), 401, 'UNAUTHENTICATED');
    expectErrorBody(await asAdmin('pause', newId()), 404, 'NOT_FOUND');
    expectErrorBody(await asAdmin('resume', 'not-an-id'), 400, 'VALIDATION_FAILED');
    expect(await storedPaused(sale.id)).toBe(false);
  });

  it('is documented in Swagger with its error responses', async () => {
    const paths = (await bed.app.http.get('/docs-json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const action of ['pause', 'resume']) {
      const operation = paths.paths[`/api/flash-sales/{id}/${action}`]?.post;
      expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(
        ['200', '400', '401', '403', '404', '429', '503'].sort(),
      );
    }
  });
});
