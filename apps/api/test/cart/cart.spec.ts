import type { Cart, ErrorBody, Product } from '@flashline/contracts';
import { Types } from 'mongoose';
import { CartService } from '@api/cart/cart.service';
import { ProductsService } from '@api/products';
import { signInAdmin, signUpShopper } from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';

const RUN = `run${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

interface Shopper {
  id: string;
  token: string;
}

/** These tests make many requests as one user and one IP: the general rate limit is not under test here. */
const GENEROUS_RATE_LIMIT = { RATE_LIMIT_DEFAULT_LIMIT: '1000000' };

describe('cart (HTTP)', () => {
  let app: TestApp;
  let products: ProductsService;
  let admin: string;
  let alice: Shopper;
  let bob: Shopper;
  const createdIds: string[] = [];
  const userIds: string[] = [];

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMIT);
    await app.mongo.asPromise(); // connected: direct collection calls below are not buffered
    products = app.app.get(ProductsService);
    admin = (await signInAdmin(app)).accessToken;
    alice = await newShopper();
    bob = await newShopper();
  });

  afterAll(async () => {
    const ids = createdIds.map((id) => new Types.ObjectId(id));
    await app.mongo.collection('cart_items').deleteMany({ userId: { $in: userIds } });
    await app.mongo.collection('products').deleteMany({ _id: { $in: ids } });
    await app.mongo.collection('inventory_movements').deleteMany({ productId: { $in: ids } });
    await app.close();
  });

  async function newShopper(): Promise<Shopper> {
    const session = await signUpShopper(app);
    userIds.push(session.user.id);
    return { id: session.user.id, token: session.accessToken };
  }

  async function createProduct(
    fields: { priceCents?: number; stock?: number; currency?: string } = {},
  ): Promise<Product> {
    const product = await products.create({
      name: `Cart item ${RUN} ${createdIds.length}`,
      description: 'Cart test product.',
      priceCents: fields.priceCents ?? 1000,
      currency: fields.currency ?? 'usd',
      stock: fields.stock ?? 10,
    });
    createdIds.push(product.id);
    return product;
  }

  const getCart = (who: Shopper) => app.http.get('/api/cart').set('Authorization', `Bearer ${who.token}`);
  const putItem = (who: Shopper, productId: string, quantity: unknown) =>
    app.http
      .put(`/api/cart/items/${productId}`)
      .set('Authorization', `Bearer ${who.token}`)
      .send({ quantity });
  const deleteItem = (who: Shopper, productId: string) =>
    app.http.delete(`/api/cart/items/${productId}`).set('Authorization', `Bearer ${who.token}`);

  async function cartOf(who: Shopper): Promise<Cart> {
    const response = await getCart(who);
    expect(response.status).toBe(200);
    return response.body as Cart;
  }

  async function emptyCart(who: Shopper): Promise<void> {
    await app.app.get(CartService).clear(who.id);
  }

  it('starts empty', async () => {
    expect(await cartOf(await newShopper())).toEqual({ items: [], totalCents: 0, currency: 'usd' });
  });

  it('adds, changes and removes lines with totals computed by the server', async () => {
    await emptyCart(alice);
    const lamp = await createProduct({ priceCents: 1250, stock: 10 });
    const mug = await createProduct({ priceCents: 399, stock: 5 });

    const added = await putItem(alice, lamp.id, 2);
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      items: [
        {
          productId: lamp.id,
          name: lamp.name,
          unitPriceCents: 1250,
          quantity: 2,
          lineTotalCents: 2500,
          available: 10,
        },
      ],
      totalCents: 2500,
      currency: 'usd',
    });

    const two = (await putItem(alice, mug.id, 3)).body as Cart;
    expect(two.items.map((item) => [item.productId, item.quantity, item.lineTotalCents])).toEqual([
      [lamp.id, 2, 2500],
      [mug.id, 3, 1197],
    ]);
    expect(two.totalCents).toBe(3697);

    const changed = (await putItem(alice, lamp.id, 1)).body as Cart;
    expect(changed.items.map((item) => [item.productId, item.quantity])).toEqual([
      [lamp.id, 1],
      [mug.id, 3],
    ]);
    expect(changed.totalCents).toBe(1250 + 1197);

    const removed = await deleteItem(alice, mug.id);
    expect(removed.status).toBe(200);
    expect((removed.body as Cart).items.map((item) => item.productId)).toEqual([lamp.id]);
    expect((removed.body as Cart).totalCents).toBe(1250);
    expect((await deleteItem(alice, mug.id)).status).toBe(200);
    expect(await cartOf(alice)).toEqual(removed.body);
  });

  it('prices lines at the current price', async () => {
    await emptyCart(alice);
    const product = await createProduct({ priceCents: 1000 });
    await putItem(alice, product.id, 2);
    await products.update(product.id, { priceCents: 800 });
    expect((await cartOf(alice)).totalCents).toBe(1600);
  });

  it('keeps each user to their own cart', async () => {
    await Promise.all([emptyCart(alice), emptyCart(bob)]);
    const product = await createProduct();
    await putItem(alice, product.id, 4);

    expect((await cartOf(bob)).items).toEqual([]);
    expect((await deleteItem(bob, product.id)).status).toBe(200);
    expect((await putItem(bob, product.id, 1)).status).toBe(200);

    expect((await cartOf(alice)).items.map((item) => item.quantity)).toEqual([4]);
    expect((await cartOf(bob)).items.map((item) => item.quantity)).toEqual([1]);
  });

  it('reports a line beyond stock and a line of an archived product instead of dropping them', async () => {
    await emptyCart(alice);
    const scarce = await createProduct({ stock: 5, priceCents: 200 });
    const retired = await createProduct({ stock: 50, priceCents: 300 });
    await putItem(alice, retired.id, 2);
    const overStock = (await putItem(alice, scarce.id, 9)).body as Cart;
    expect(overStock.items.find((item) => item.productId === scarce.id)).toMatchObject({
      quantity: 9,
      available: 5,
      problem: 'insufficient_stock',
    });

    const archived = await app.http
      .delete(`/api/products/${retired.id}`)
      .set('Authorization', `Bearer ${admin}`);
    expect(archived.status).toBe(204);
    const cart = await cartOf(alice);
    expect(cart.items).toEqual([
      expect.objectContaining({ productId: retired.id, quantity: 2, available: 0, problem: 'archived' }),
      expect.objectContaining({ productId: scarce.id, quantity: 9, problem: 'insufficient_stock' }),
    ]);
    expect(cart.totalCents).toBe(2 * 300 + 9 * 200);

    const refused = await putItem(alice, retired.id, 1);
    expect(refused.status).toBe(404);
    expect((refused.body as ErrorBody).error.code).toBe('NOT_FOUND');
    expect((await deleteItem(alice, retired.id)).status).toBe(200);
  });

  it('answers 404 for a product that does not exist', async () => {
    const response = await putItem(alice, new Types.ObjectId().toHexString(), 1);
    expect(response.status).toBe(404);
    expect((response.body as ErrorBody).error.code).toBe('NOT_FOUND');
  });

  it('refuses a product in another currency with 409 CONFLICT', async () => {
    await emptyCart(alice);
    const dollars = await createProduct({ currency: 'usd' });
    const euros = await createProduct({ currency: 'eur' });
    await putItem(alice, dollars.id, 1);
    const response = await putItem(alice, euros.id, 1);
    expect(response.status).toBe(409);
    expect((response.body as ErrorBody).error.code).toBe('CONFLICT');
    expect((await cartOf(alice)).items.map((item) => item.productId)).toEqual([dollars.id]);

    await deleteItem(alice, dollars.id);
    const alone = await putItem(alice, euros.id, 1);
    expect(alone.status).toBe(200);
    expect((alone.body as Cart).currency).toBe('eur');
  });

  it('keeps one line when the same line is written many times at once', async () => {
    await emptyCart(alice);
    const product = await createProduct();
    const responses = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map((quantity) => putItem(alice, product.id, quantity)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    const cart = await cartOf(alice);
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0].quantity).toBeGreaterThanOrEqual(1);
    expect(await app.mongo.collection('cart_items').countDocuments({ userId: alice.id })).toBe(1);
  });

  it('requires a signed-in user', async () => {
    const product = await createProduct();
    const responses = await Promise.all([
      app.http.get('/api/cart'),
      app.http.put(`/api/cart/items/${product.id}`).send({ quantity: 1 }),
      app.http.delete(`/api/cart/items/${product.id}`),
      app.http.get('/api/cart').set('Authorization', 'Bearer not.a.token'),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect((response.body as ErrorBody).error.code).toBe('UNAUTHENTICATED');
    }
  });

  describe('CartService for checkout', () => {
    it('gives the raw lines and clears only the lines checkout saw', async () => {
      const cart = app.app.get(CartService);
      await emptyCart(alice);
      const [a, b] = [await createProduct(), await createProduct()];
      await putItem(alice, a.id, 1);
      await putItem(alice, b.id, 2);
      const seen = await cart.getLines(alice.id);
      expect(seen).toEqual([
        { productId: a.id, quantity: 1 },
        { productId: b.id, quantity: 2 },
      ]);

      await putItem(alice, b.id, 5); // changed after checkout read the cart
      await cart.clear(alice.id, seen);
      expect(await cart.getLines(alice.id)).toEqual([{ productId: b.id, quantity: 5 }]);

      await cart.clear(alice.id);
      expect(await cart.getLines(alice.id)).toEqual([]);
    });
  });
});
