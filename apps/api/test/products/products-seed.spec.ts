import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page, Product } from '@flashline/contracts';
import type { Types } from 'mongoose';
import { ProductsService } from '@api/products';
import { createTestApp, type TestApp } from '../support/http/test-app';

const ROOT = join(__dirname, '../../../..');
const run = promisify(execFile);

/** `npm run seed` against this worker's database. */
async function seed(mongoUrl: string): Promise<string> {
  const { stdout } = await run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/seed.ts'], {
    cwd: ROOT,
    env: { ...process.env, MONGO_URL: mongoUrl },
  });
  return stdout;
}

describe('scripts/seed.ts', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
    await app.mongo.asPromise(); // connected: direct collection calls below are not buffered
    await removeSeeded();
  });

  afterAll(async () => {
    await removeSeeded();
    await app.close();
  });

  /** Seeded products are the ones with a `seed:` movement. */
  async function removeSeeded(): Promise<void> {
    const movements = app.mongo.collection<{ productId: Types.ObjectId }>('inventory_movements');
    const ids = (await movements.find({ operationId: /^seed:/ }).toArray()).map((m) => m.productId);
    await app.mongo.collection('products').deleteMany({ _id: { $in: ids } });
    await movements.deleteMany({ productId: { $in: ids } });
  }

  it('seeds a dozen products with their stock, once, in the documents the API writes', async () => {
    const first = await seed(app.config.mongo.url);
    expect(first).toMatch(/12 created, 0 already present/);
    const second = await seed(app.config.mongo.url);
    expect(second).toMatch(/0 created, 12 already present/);

    const listed = (await app.http.get('/api/products').query({ q: 'aurora noise', limit: 100 }))
      .body as Page<Product>;
    expect(listed.items).toEqual([
      expect.objectContaining({
        name: 'Aurora Noise-Cancelling Headphones',
        priceCents: 19900,
        currency: 'usd',
        stock: 120,
        archived: false,
      }),
    ]);

    const created = await app.app.get(ProductsService).create({
      name: 'Shape reference',
      description: 'Made by the API.',
      priceCents: 100,
      currency: 'usd',
      stock: 3,
      imageUrl: 'https://images.example.com/x.jpg',
    });
    try {
      const products = app.mongo.collection('products');
      const movements = app.mongo.collection('inventory_movements');
      const fromApi = await products.findOne({ name: 'Shape reference' });
      const fromSeed = await products.findOne({ name: 'Aurora Noise-Cancelling Headphones' });
      expect(shapeOf(fromSeed)).toEqual(shapeOf(fromApi));
      const apiMovement = await movements.findOne({ operationId: `initial:${created.id}` });
      const seedMovement = await movements.findOne({ operationId: 'seed:aurora-headphones' });
      expect(shapeOf(seedMovement)).toEqual(shapeOf(apiMovement));
      expect(seedMovement).toMatchObject({ reason: 'initial', delta: 120 });
    } finally {
      await app.mongo.collection('products').deleteOne({ name: 'Shape reference' });
      await app.mongo.collection('inventory_movements').deleteOne({ operationId: `initial:${created.id}` });
    }
  });

  it('points every product at an illustration the storefront ships, and moves old seeds off the external host', async () => {
    await seed(app.config.mongo.url);
    const products = app.mongo.collection<{ name: string; imageUrl?: string }>('products');
    const headphones = 'Aurora Noise-Cancelling Headphones';
    const speaker = 'Sonic Portable Bluetooth Speaker';
    const seeded = await products
      .find({ name: { $in: [headphones, speaker, 'Glide Wireless Mouse'] } })
      .toArray();
    expect(seeded).toHaveLength(3);
    for (const product of seeded) {
      expect(product.imageUrl).toMatch(/^\/images\/products\/[a-z0-9-]+\.svg$/);
      expect(existsSync(join(ROOT, 'apps/storefront/public', product.imageUrl ?? ''))).toBe(true);
    }

    // A catalogue seeded by an earlier version, and an image an admin chose since.
    const legacy = 'https://picsum.photos/seed/flashline-aurora-headphones/600/600';
    await products.updateOne({ name: headphones }, { $set: { imageUrl: legacy } });
    await products.updateOne({ name: speaker }, { $set: { imageUrl: 'https://cdn.example.com/mine.png' } });
    await seed(app.config.mongo.url);

    expect((await products.findOne({ name: headphones }))?.imageUrl).toBe(
      '/images/products/aurora-headphones.svg',
    );
    expect((await products.findOne({ name: speaker }))?.imageUrl).toBe('https://cdn.example.com/mine.png');
  });
});

/** Field names and their types, values aside. */
function shapeOf(document: Record<string, unknown> | null): Record<string, string> {
  expect(document).not.toBeNull();
  return Object.fromEntries(
    Object.entries(document ?? {}).map(([key, value]) => [
      key,
      value === null
        ? 'null'
        : typeof value === 'object'
          ? (value.constructor?.name ?? 'object')
          : typeof value,
    ]),
  );
}
