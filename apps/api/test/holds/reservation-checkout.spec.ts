import type { Cart, Product, Reservation } from '@flashline/contracts';
import {} from '@api/holds';
import { ProductsService } from '@api/products';
import { expectErrorBody } from '../support/http/auth';
import { type HoldStores, holdStoresOf } from '../support/fixtures/hold-stores';
import { bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { SaleTestBed } from '../support/http/sale-test-bed';

describe('POST /api/cart/checkout (HTTP, real Redis and MongoDB)', () => {
  const bed = new SaleTestBed();
  let store: HoldStores;

  beforeAll(async () => {
    store = holdStoresOf(bed.app.app);
  });

  async function put(shopper: Shopper, product: Product, quantity: number): Promise<void> {
    const response = await bed.app.http
      .put(`/api/cart/items/${product.id}`)
      .set(...bearer(shopper))
      .send({ quantity });
    expect(response.status).toBe(200);
  }

  const checkout = (shopper: Shopper) =>
    bed.app.http
      .post('/api/cart/checkout')
      .set(...bearer(shopper))
      .send();
  const cartOf = async (shopper: Shopper) =>
    (await bed.app.http.get('/api/cart').set(...bearer(shopper))).body as Cart;

  it('gives the last unit to one of two racing shoppers; the loser holds nothing and keeps the cart', async () => {
    const last = await bed.fx.product({ priceCents: 3000, stock: 1 });
    const plenty = await bed.fx.product({ priceCents: 500, stock: 10 });
    const [alice, bob] = await bed.fx.shoppers(2);
    for (const shopper of [alice, bob]) {
      await put(shopper, plenty, 2);
      await put(shopper, last, 1);
    }
    const responses = await Promise.all([checkout(alice), checkout(bob)]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    const winnerIndex = responses.findIndex((response) => response.status === 201);
    const [winner, loser] = winnerIndex === 0 ? [alice, bob] : [bob, alice];
    expectErrorBody(responses[1 - winnerIndex], 409, 'SOLD_OUT');

    const reservation = responses[winnerIndex].body as Reservation;
    expect(reservation).toMatchObject({
      kind: 'cart',
      amountCents: 2 * 500 + 3000,
      currency: 'usd',
      status: 'active',
    });
    expect(reservation.saleId).toBeUndefined();
    expect(reservation.lines).toEqual(
      expect.arrayContaining([
        { productId: plenty.id, quantity: 2, unitPriceCents: 500 },
        { productId: last.id, quantity: 1, unitPriceCents: 3000 },
      ]),
    );
    // The loser's other line is not held.
    expect(await store.catalogStock.productStock(plenty.id)).toEqual({ free: 8, held: 2, sold: 0 });
    expect(await store.catalogStock.productStock(last.id)).toEqual({ free: 0, held: 1, sold: 0 });
    expect((await cartOf(winner)).items).toEqual([]);
    expect((await cartOf(loser)).items).toHaveLength(2);

    const path = `/api/reservations/${reservation.id}`;
    expect((await bed.app.http.get(path).set(...bearer(winner))).body).toEqual(reservation);
    expectErrorBody(await bed.app.http.get(path).set(...bearer(loser)), 404, 'NOT_FOUND');
    expect((await bed.app.http.delete(path).set(...bearer(winner))).status).toBe(204);
    expect(await store.catalogStock.productStock(plenty.id)).toEqual({ free: 10, held: 0, sold: 0 });
    expect(await store.catalogStock.productStock(last.id)).toEqual({ free: 1, held: 0, sold: 0 });
    // Cart holds never touch the ledger: on-hand stock is unchanged throughout.
    expect(await bed.app.app.get(ProductsService).onHandStock(last.id, { fresh: true })).toBe(1);
  });

  it('refuses an empty cart and a cart with an archived product', async () => {
    const [shopper] = await bed.fx.shoppers(1);
    expectErrorBody(await checkout(shopper), 409, 'CONFLICT');
    const product = await bed.fx.product();
    await put(shopper, product, 1);
    await bed.app.app.get(ProductsService).archive(product.id);
    expectErrorBody(await checkout(shopper), 409, 'CONFLICT');
    expect(await store.catalogStock.productStock(product.id)).toBeUndefined();
  });

  it('shares free stock with flash-sale allocations', async () => {
    const product = await bed.fx.product({ stock: 3 });
    const [shopper] = await bed.fx.shoppers(1);
    await put(shopper, product, 3);
    expect((await checkout(shopper)).status).toBe(201);
    const refused = await bed.app.http
      .post('/api/flash-sales')
      .set('Authorization', `Bearer ${bed.admin}`)
      .send({
        productId: product.id,
        salePriceCents: 1,
        quantity: 1,
        startsAt: new Date(Date.now() - 1000).toISOString(),
        endsAt: new Date(Date.now() + 60_000).toISOString(),
      });
    expectErrorBody(refused, 400, 'VALIDATION_FAILED');
  });
});
