import type { FlashSale, Order, Page, Reservation } from '@flashline/contracts';
import { expectErrorBody } from '../support/http/auth';
import { bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { paymentIntentFor } from '../support/fixtures/payments';
import { SaleTestBed } from '../support/http/sale-test-bed';

/** Orders as their owner, another shopper and an admin see them; orders are made through simulated payments. */
describe('orders (HTTP)', () => {
  const bed = new SaleTestBed({ payments: true });
  let owner: Shopper;
  let other: Shopper;
  let sale: FlashSale;
  const orders: Order[] = [];
  const reservations: Reservation[] = [];

  beforeAll(async () => {
    [owner, other] = await bed.fx.shoppers(2);
    sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, {
      quantity: 10,
      perUserLimit: 5,
      salePriceCents: 1000,
    });
    for (let i = 0; i < 3; i++) {
      const reserved = await bed.app.http
        .post(`/api/flash-sales/${sale.id}/reservations`)
        .set(...bearer(owner))
        .send({ quantity: 1 });
      const reservation = reserved.body as Reservation;
      reservations.push(reservation);
      const intent = await paymentIntentFor(bed.app, owner, reservation.id);
      const paid = await bed.app.http
        .post(`/api/dev/payments/${intent.paymentIntentId}/succeed`)
        .set(...bearer(owner));
      expect(paid.status).toBe(200);
    }
    const page = (await bed.app.http.get('/api/orders?limit=100').set(...bearer(owner))).body as Page<Order>;
    orders.push(...page.items);
  });

  it('lists the caller’s own orders, newest first, a page at a time', async () => {
    expect(orders.map((order) => order.reservationId)).toEqual(reservations.map((r) => r.id).reverse());
    const second = (await bed.app.http.get('/api/orders?page=2&limit=2').set(...bearer(owner)))
      .body as Page<Order>;
    expect(second).toMatchObject({ total: 3, page: 2, limit: 2 });
    expect(second.items.map((order) => order.id)).toEqual([orders[2].id]);
    expect((await bed.app.http.get('/api/orders').set(...bearer(other))).body).toEqual({
      items: [],
      total: 0,
      page: 1,
      limit: 20,
    });
  });

  it('shows an order to its owner and admins only: anyone else gets 404', async () => {
    const [order] = orders;
    expect((await bed.app.http.get(`/api/orders/${order.id}`).set(...bearer(owner))).body).toEqual(order);
    expect(
      (await bed.app.http.get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${bed.admin}`)).body,
    ).toEqual(order);
    expectErrorBody(
      await bed.app.http.get(`/api/orders/${order.id}`).set(...bearer(other)),
      404,
      'NOT_FOUND',
    );
    expectErrorBody(
      await bed.app.http.get('/api/orders/665f1c2ab1e4c2a9d0a1b2c3').set(...bearer(owner)),
      404,
      'NOT_FOUND',
    );
    expectErrorBody(
      await bed.app.http.get('/api/orders/not-an-id').set(...bearer(owner)),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorBody(await bed.app.http.get(`/api/orders/${order.id}`), 401, 'UNAUTHENTICATED');
  });

  it('keeps another shopper away from a reservation and its payment (404)', async () => {
    const [reservation] = reservations;
    expectErrorBody(
      await bed.app.http.get(`/api/reservations/${reservation.id}`).set(...bearer(other)),
      404,
      'NOT_FOUND',
    );
    const intent = await bed.app.http
      .post(`/api/reservations/${reservation.id}/payment-intent`)
      .set(...bearer(other));
    expectErrorBody(intent, 404, 'NOT_FOUND');
    const [order] = orders;
    const simulated = await bed.app.http
      .post(`/api/dev/payments/${order.paymentIntentId}/succeed`)
      .set(...bearer(other));
    expectErrorBody(simulated, 404, 'NOT_FOUND');
  });

  it('lists everyone’s orders for an admin only', async () => {
    const page = (
      await bed.app.http.get('/api/admin/orders?limit=100').set('Authorization', `Bearer ${bed.admin}`)
    ).body as Page<Order>;
    expect(page.items.map((order) => order.id)).toEqual(
      expect.arrayContaining(orders.map((order) => order.id)),
    );
    expectErrorBody(await bed.app.http.get('/api/admin/orders').set(...bearer(owner)), 403, 'FORBIDDEN');
    expectErrorBody(
      await bed.app.http.get('/api/orders?limit=101').set(...bearer(owner)),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorBody(
      await bed.app.http.get('/api/orders?page=0').set(...bearer(owner)),
      400,
      'VALIDATION_FAILED',
    );
  });
});
