import type { ErrorBody, Page, Product } from '@flashline/contracts';
import { Types } from 'mongoose';
import type { Response } from 'supertest';
import { signInAdmin, signUpShopper } from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';

/** A token unique to this run, in every name: the run finds its own products and runs twice cleanly. */
const RUN = `run${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** These tests make many requests as one user and one IP: the general rate limit is not under test here. */
const GENEROUS_RATE_LIMIT = { RATE_LIMIT_DEFAULT_LIMIT: '1000000' };

describe('products (HTTP)', () => {
  let app: TestApp;
  let admin: string;
  let shopper: string;
  const createdIds: string[] = [];

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMIT);
    await app.mongo.asPromise(); // connected: direct collection calls below are not buffered
    admin = (await signInAdmin(app)).accessToken;
    shopper = (await signUpShopper(app)).accessToken;
  });

  afterAll(async () => {
    const ids = createdIds.map((id) => new Types.ObjectId(id));
    await app.mongo.collection('products').deleteMany({ _id: { $in: ids } });
    await app.mongo.collection('inventory_movements').deleteMany({ productId: { $in: ids } });
    await app.close();
  });

  async function createProduct(fields: Partial<Product> = {}): Promise<Product> {
    const response = await app.http
      .post('/api/products')
      .set('Authorization', `Bearer ${admin}`)
      .send({
        name: `Product ${RUN}`,
        description: 'A product made by a test.',
        priceCents: 1999,
        currency: 'usd',
        stock: 10,
        ...fields,
      });
    expect(response.status).toBe(201);
    const product = response.body as Product;
    createdIds.push(product.id);
    return product;
  }

  async function search(q: string, page = 1, limit = 20): Promise<Page<Product>> {
    const response = await app.http.get('/api/products').query({ q, page, limit });
    expect(response.status).toBe(200);
    return response.body as Page<Product>;
  }

  describe('admin CRUD', () => {
    it('creates a product with its stock, readable by anyone', async () => {
      const product = await createProduct({
        name: `  Aurora headphones ${RUN}  `,
        currency: 'USD',
        stock: 25,
        imageUrl: 'https://images.example.com/aurora.jpg',
      });
      expect(product).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        name: `Aurora headphones ${RUN}`,
        description: 'A product made by a test.',
        priceCents: 1999,
        currency: 'usd',
        stock: 25,
        imageUrl: 'https://images.example.com/aurora.jpg',
        archived: false,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      });
      const read = await app.http.get(`/api/products/${product.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(product);
    });

    it('updates any field and removes the image with null', async () => {
      const product = await createProduct({ imageUrl: 'https://images.example.com/a.jpg' });
      const response = await app.http
        .patch(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({
          name: `Renamed ${RUN}`,
          description: 'New words.',
          priceCents: 2500,
          currency: 'eur',
          imageUrl: null,
        });
      expect(response.status).toBe(200);
      const updated = response.body as Product;
      expect(updated).toMatchObject({
        id: product.id,
        name: `Renamed ${RUN}`,
        description: 'New words.',
        priceCents: 2500,
        currency: 'eur',
        stock: 10,
        createdAt: product.createdAt,
      });
      expect(updated.imageUrl).toBeUndefined();
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(product.updatedAt));
      expect((await search(`renamed ${RUN}`)).items.map((item) => item.id)).toEqual([product.id]);
    });

    it('takes a picture shipped with the storefront as a root-relative path', async () => {
      const product = await createProduct({ imageUrl: '/images/products/aurora-headphones.svg' });
      expect(product.imageUrl).toBe('/images/products/aurora-headphones.svg');
      const response = await app.http
        .patch(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({ imageUrl: '/images/products/other.svg' });
      expect(response.status).toBe(200);
      expect((response.body as Product).imageUrl).toBe('/images/products/other.svg');
    });

    it('accepts an empty PATCH as "nothing to change"', async () => {
      const product = await createProduct();
      const response = await app.http
        .patch(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${admin}`)
        .send({});
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: product.id, name: product.name, stock: 10 });
    });

    it('archives with DELETE (204, repeatable): hidden from lists, still readable by id', async () => {
      const product = await createProduct({ name: `Archivable ${RUN}` });
      expect((await search(`archivable ${RUN}`)).total).toBe(1);

      const deleted = await app.http
        .delete(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${admin}`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      const again = await app.http
        .delete(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${admin}`);
      expect(again.status).toBe(204);

      const listed = await search(`archivable ${RUN}`);
      expect(listed).toEqual({ items: [], total: 0, page: 1, limit: 20 });
      const read = await app.http.get(`/api/products/${product.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: product.id, archived: true, stock: 10 });
    });

    it('answers 404 NOT_FOUND for a well-formed id that names no product', async () => {
      const unknown = new Types.ObjectId().toHexString();
      const auth = { Authorization: `Bearer ${admin}` };
      const responses = await Promise.all([
        app.http.get(`/api/products/${unknown}`),
        app.http.patch(`/api/products/${unknown}`).set(auth).send({ priceCents: 100 }),
        app.http.patch(`/api/products/${unknown}`).set(auth).send({ stock: 3 }),
        app.http.delete(`/api/products/${unknown}`).set(auth),
      ]);
      for (const response of responses) {
        expect(response.status).toBe(404);
        expect((response.body as ErrorBody).error.code).toBe('NOT_FOUND');
      }
    });
  });

  describe('access', () => {
    let product: Product;
    beforeAll(async () => {
      product = await createProduct();
    });

    const bearer = (token?: string): Record<string, string> =>
      token ? { Authorization: `Bearer ${token}` } : {};
    /** Every admin route, called with the given token (or none). */
    const adminCalls = (token?: string): [string, () => Promise<Response>][] => [
      [
        'POST /api/products',
        () =>
          app.http
            .post('/api/products')
            .set(bearer(token))
            .send({ name: 'x', description: 'x', priceCents: 100, currency: 'usd', stock: 1 }),
      ],
      [
        'PATCH /api/products/:id',
        () => app.http.patch(`/api/products/${product.id}`).set(bearer(token)).send({ priceCents: 1 }),
      ],
      ['DELETE /api/products/:id', () => app.http.delete(`/api/products/${product.id}`).set(bearer(token))],
    ];

    it('refuses a shopper with 403 FORBIDDEN on every admin route', async () => {
      for (const [route, call] of adminCalls(shopper)) {
        const response = await call();
        expect({ route, status: response.status }).toEqual({ route, status: 403 });
        expect((response.body as ErrorBody).error.code).toBe('FORBIDDEN');
      }
    });

    it('refuses an unauthenticated or badly authenticated caller with 401 UNAUTHENTICATED', async () => {
      for (const token of [undefined, 'not-a-jwt', `${admin}x`]) {
        for (const [route, call] of adminCalls(token)) {
          const response = await call();
          expect({ route, status: response.status }).toEqual({ route, status: 401 });
          expect((response.body as ErrorBody).error.code).toBe('UNAUTHENTICATED');
        }
      }
    });

    it('changed nothing on the refused calls', async () => {
      const read = await app.http.get(`/api/products/${product.id}`);
      expect(read.body).toMatchObject({ priceCents: product.priceCents, archived: false });
    });

    it('lets anyone list and read', async () => {
      expect((await app.http.get('/api/products')).status).toBe(200);
      expect((await app.http.get(`/api/products/${product.id}`)).status).toBe(200);
    });
  });

  describe('listing and search', () => {
    const pageToken = `${RUN}-paged`;
    let paged: Product[];

    beforeAll(async () => {
      paged = [];
      for (const letter of ['e', 'c', 'a', 'd', 'b']) {
        paged.push(await createProduct({ name: `${letter} ${pageToken}` }));
      }
    });

    it('pages through matches in name order with a stable total', async () => {
      const pages = [
        await search(pageToken, 1, 2),
        await search(pageToken, 2, 2),
        await search(pageToken, 3, 2),
      ];
      expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
      expect(pages.map((page) => [page.total, page.page, page.limit])).toEqual([
        [5, 1, 2],
        [5, 2, 2],
        [5, 3, 2],
      ]);
      const names = pages.flatMap((page) => page.items.map((item) => item.name));
      expect(names).toEqual(['a', 'b', 'c', 'd', 'e'].map((letter) => `${letter} ${pageToken}`));
      expect(await search(pageToken, 4, 2)).toEqual({ items: [], total: 5, page: 4, limit: 2 });
    });

    it('defaults to page 1 and limit 20, and lists items with their stock', async () => {
      const response = await app.http.get('/api/products').query({ q: pageToken });
      expect(response.body).toMatchObject({ total: 5, page: 1, limit: 20 });
      expect((response.body as Page<Product>).items.every((item) => item.stock === 10)).toBe(true);
    });

    it('searches case-insensitively anywhere in the name', async () => {
      expect((await search(pageToken.toUpperCase())).total).toBe(5);
      expect((await search(`C ${pageToken}`)).items.map((item) => item.id)).toEqual([paged[1].id]);
      expect((await search(pageToken.slice(3, 12))).total).toBeGreaterThanOrEqual(5);
    });

    it('matches regex characters in q literally', async () => {
      const special = await createProduct({ name: `Lamp .*( ${RUN} edition` });
      const plain = await createProduct({ name: `Lamp ${RUN} plain` });

      const literal = await search('.*(');
      expect(literal.items.map((item) => item.id)).toContain(special.id);
      expect(literal.items.map((item) => item.id)).not.toContain(plain.id);
      expect(literal.items.every((item) => item.name.includes('.*('))).toBe(true);

      expect((await search(`.*( ${RUN}`)).items.map((item) => item.id)).toEqual([special.id]);
      expect((await search(`lamp ${RUN}`)).items.map((item) => item.id)).toEqual([plain.id]);
      for (const q of ['(', '[', '\\', '^$', '.*', 'a{2,}', '(?i)x']) {
        expect((await app.http.get('/api/products').query({ q })).status).toBe(200);
      }
      expect((await search(`${RUN}.*plain`)).total).toBe(0);
    });

    it('finds nothing, not everything, for a q that matches no name', async () => {
      expect(await search(`${RUN}-nothing-by-this-name`)).toEqual({
        items: [],
        total: 0,
        page: 1,
        limit: 20,
      });
    });
  });

  it('documents the product and cart routes in the OpenAPI document', async () => {
    const response = await app.http.get('/docs-json');
    const paths = Object.keys((response.body as { paths: object }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/products',
        '/api/products/{id}',
        '/api/cart',
        '/api/cart/items/{productId}',
      ]),
    );
  });
});
