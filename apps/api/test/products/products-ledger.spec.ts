import type { Product } from '@flashline/contracts';
import { Types } from 'mongoose';
import type { Subscription } from 'rxjs';
import { ProductsService, type RecordedMovement } from '@api/products';
import { signInAdmin } from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';

const RUN = `run${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

interface StoredMovement {
  productId: Types.ObjectId;
  delta: number;
  reason: string;
  operationId: string;
  createdAt: Date;
}

/** These tests make many requests as one user and one IP: the general rate limit is not under test here. */
const GENEROUS_RATE_LIMIT = { RATE_LIMIT_DEFAULT_LIMIT: '1000000' };

describe('inventory ledger', () => {
  let app: TestApp;
  let products: ProductsService;
  let admin: string;
  const createdIds: string[] = [];
  const emitted: RecordedMovement[] = [];
  let subscription: Subscription;

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMIT);
    await app.mongo.asPromise(); // connected: direct collection calls below are not buffered
    products = app.app.get(ProductsService);
    admin = (await signInAdmin(app)).accessToken;
    subscription = products.movements$.subscribe((movement) => emitted.push(movement));
  });

  afterAll(async () => {
    subscription.unsubscribe();
    const ids = createdIds.map((id) => new Types.ObjectId(id));
    await app.mongo.collection('products').deleteMany({ _id: { $in: ids } });
    await app.mongo.collection('inventory_movements').deleteMany({ productId: { $in: ids } });
    await app.close();
  });

  async function createProduct(stock: number): Promise<Product> {
    const product = await products.create({
      name: `Ledger ${RUN}`,
      description: 'Ledger test product.',
      priceCents: 500,
      currency: 'usd',
      stock,
    });
    createdIds.push(product.id);
    return product;
  }

  /** The ledger as stored, read straight from MongoDB. */
  function movementsOf(productId: string): Promise<StoredMovement[]> {
    return app.mongo
      .collection<StoredMovement>('inventory_movements')
      .find({ productId: new Types.ObjectId(productId) })
      .sort({ _id: 1 })
      .toArray();
  }

  const sumOf = (movements: readonly StoredMovement[]): number =>
    movements.reduce((sum, movement) => sum + movement.delta, 0);

  it('records the initial stock of a new product as one `initial` movement', async () => {
    const product = await createProduct(12);
    expect(product.stock).toBe(12);
    const movements = await movementsOf(product.id);
    expect(movements).toEqual([
      expect.objectContaining({ delta: 12, reason: 'initial', operationId: `initial:${product.id}` }),
    ]);
    expect(movements[0].createdAt).toBeInstanceOf(Date);
  });

  it('records no movement for a product created without stock', async () => {
    const product = await createProduct(0);
    expect(product.stock).toBe(0);
    expect(await movementsOf(product.id)).toEqual([]);
    expect(await products.onHandStock(product.id)).toBe(0);
  });

  it('counts the same movement recorded several times at once exactly once', async () => {
    const product = await createProduct(10);
    const movement = {
      productId: product.id,
      delta: 5,
      reason: 'restock' as const,
      operationId: `restock:${RUN}`,
    };
    emitted.length = 0;

    const results = await Promise.all(Array.from({ length: 8 }, () => products.recordMovement(movement)));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await products.onHandStock(product.id)).toBe(15);
    expect(await products.onHandStock(product.id, { fresh: true })).toBe(15);
    expect(
      (await movementsOf(product.id)).filter((m) => m.operationId === movement.operationId),
    ).toHaveLength(1);
    expect(emitted).toEqual([{ ...movement, createdAt: expect.any(Date) }]);

    expect(await products.recordMovement(movement)).toBe(false);
    expect(await products.onHandStock(product.id)).toBe(15);
    expect(emitted).toHaveLength(1);
  });

  it('keeps on-hand stock equal to the sum of the movements, cache included', async () => {
    const product = await createProduct(10);
    expect(await products.onHandStock(product.id)).toBe(10); // now cached
    const changes = [
      { delta: 7, reason: 'restock' },
      { delta: -3, reason: 'sale_allocation' },
      { delta: 1, reason: 'sale_return' },
      { delta: -2, reason: 'order' },
    ] as const;
    for (const [index, change] of changes.entries()) {
      expect(
        await products.recordMovement({
          productId: product.id,
          ...change,
          operationId: `${RUN}:${product.id}:${index}`,
        }),
      ).toBe(true);
      // The process's own write invalidates its cache at once.
      expect(await products.onHandStock(product.id)).toBe(sumOf(await movementsOf(product.id)));
    }
    expect(sumOf(await movementsOf(product.id))).toBe(13);
    expect(((await app.http.get(`/api/products/${product.id}`)).body as Product).stock).toBe(13);
  });

  it('sums many products in one call, 0 for products without movements', async () => {
    const [a, b] = [await createProduct(3), await createProduct(4)];
    const unknown = new Types.ObjectId().toHexString();
    const stocks = await products.onHandStocks([a.id, b.id, unknown, a.id]);
    expect(Object.fromEntries(stocks)).toEqual({ [a.id]: 3, [b.id]: 4, [unknown]: 0 });
    // Another spelling of the same id reads (and, after a write, invalidates) the same cached sum.
    expect(await products.onHandStock(a.id.toUpperCase())).toBe(3);
    await products.recordMovement({
      productId: a.id.toUpperCase(),
      delta: 2,
      reason: 'restock',
      operationId: `${RUN}:upper`,
    });
    expect(await products.onHandStock(a.id)).toBe(5);
    expect(await products.onHandStock('not-an-id')).toBe(0);
  });

  it('refuses a malformed movement without writing anything', async () => {
    const product = await createProduct(1);
    const base = { productId: product.id, reason: 'restock' as const, operationId: `${RUN}:bad` };
    await expect(products.recordMovement({ ...base, productId: 'nope', delta: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(products.recordMovement({ ...base, delta: 0 })).rejects.toThrow(TypeError);
    await expect(products.recordMovement({ ...base, delta: 1.5 })).rejects.toThrow(TypeError);
    await expect(products.recordMovement({ ...base, delta: 1, operationId: '' })).rejects.toThrow(TypeError);
    expect(await movementsOf(product.id)).toHaveLength(1);
  });

  describe('admin PATCH of stock', () => {
    const patchStock = (id: string, stock: number, key?: string) => {
      const call = app.http.patch(`/api/products/${id}`).set('Authorization', `Bearer ${admin}`);
      return (key ? call.set('Idempotency-Key', key) : call).send({ stock });
    };

    it('records the difference as an adjustment and nothing when the stock is unchanged', async () => {
      const product = await createProduct(13);
      const response = await patchStock(product.id, 4);
      expect(response.status).toBe(200);
      expect((response.body as Product).stock).toBe(4);
      expect((await movementsOf(product.id)).map(({ delta, reason }) => ({ delta, reason }))).toEqual([
        { delta: 13, reason: 'initial' },
        { delta: -9, reason: 'adjustment' },
      ]);

      expect(((await patchStock(product.id, 4)).body as Product).stock).toBe(4);
      expect(await movementsOf(product.id)).toHaveLength(2);

      expect(((await patchStock(product.id, 30)).body as Product).stock).toBe(30);
      expect((await movementsOf(product.id)).at(-1)).toMatchObject({ delta: 26, reason: 'adjustment' });
    });

    it('records a stock change retried with the same Idempotency-Key once', async () => {
      const product = await createProduct(4);
      const key = `${RUN}-restock-1`;
      expect(((await patchStock(product.id, 10, key)).body as Product).stock).toBe(10);
      // A sale happens, then the admin's retry arrives: it must not "correct" the sale away.
      await products.recordMovement({
        productId: product.id,
        delta: -1,
        reason: 'order',
        operationId: `${RUN}:sale`,
      });
      const retried = await patchStock(product.id, 10, key);
      expect(retried.status).toBe(200);
      expect((retried.body as Product).stock).toBe(9);
      const adjustments = (await movementsOf(product.id)).filter((m) => m.reason === 'adjustment');
      expect(adjustments).toEqual([
        expect.objectContaining({ delta: 6, operationId: `adjustment:${product.id}:${key}` }),
      ]);
    });

    it('emits admin adjustments on movements$', async () => {
      const product = await createProduct(2);
      emitted.length = 0;
      await patchStock(product.id, 7);
      expect(emitted).toEqual([
        expect.objectContaining({
          productId: product.id,
          delta: 5,
          reason: 'adjustment',
          operationId: expect.stringMatching(/^adjustment:/),
        }),
      ]);
    });
  });
});
