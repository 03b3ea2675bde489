import type { FlashSale, Reservation, SaleOperations } from '@flashline/contracts';
import { expectErrorBody } from '../support/http/auth';
import { eventually, newId } from '../support/fixtures/basics';
import { baseUrl, bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { openEventStream } from '../support/http/event-stream';
import { deliver, intentEvent, intentOf, ordersOf, paymentIntentFor } from '../support/fixtures/payments';
import { SaleTestBed } from '../support/http/sale-test-bed';

describe('sale operations view: GET /api/admin/flash-sales/:id/operations (+ /events)', () => {
  const bed = new SaleTestBed({ shoppers: 3, payments: true });

  const asAdmin = (): [string, string] => ['Authorization', `Bearer ${bed.admin}`];

  const operationsOf = async (saleId: string): Promise<SaleOperations> => {
    const response = await bed.app.http.get(`/api/admin/flash-sales/${saleId}/operations`).set(...asAdmin());
    expect(response.status).toBe(200);
    return response.body as SaleOperations;
  };

  const reserve = (sale: FlashSale, shopper: Shopper, quantity = 1) =>
    bed.app.http
      .post(`/api/flash-sales/${sale.id}/reservations`)
      .set(...bearer(shopper))
      .send({ quantity });

  it.each(['operations', 'operations/events'])(
    '%s: 401 signed out, 403 for a shopper, 400 for a malformed id, 404 for an unknown sale',
    async (route) => {
      const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id);
      const path = (id: string): string => `/api/admin/flash-sales/${id}/${route}`;
      expectErrorBody(await bed.app.http.get(path(sale.id)), 401, 'UNAUTHENTICATED');
      expectErrorBody(
        await bed.app.http.get(path(sale.id)).set(...bearer(bed.shoppers[0])),
        403,
        'FORBIDDEN',
      );
      expectErrorBody(await bed.app.http.get(path('not-an-id')).set(...asAdmin()), 400, 'VALIDATION_FAILED');
      const unknown = await bed.app.http
        .get(path(newId()))
        .set(...asAdmin())
        .timeout(5000);
      expectErrorBody(unknown, 404, 'NOT_FOUND');
      expect(unknown.headers['content-type']).toMatch(/application\/json/);
    },
  );

  it('shows a fresh sale whole, then the units a shopper holds', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 7, perUserLimit: 2 });
    const fresh = await operationsOf(sale.id);
    expect(fresh).toEqual<SaleOperations>({
      saleId: sale.id,
      at: expect.any(String) as string,
      status: 'active',
      paused: false,
      quantity: 7,
      remaining: 7,
      heldUnits: 0,
      soldUnits: 0,
      taken: 0,
      paid: 0,
      expired: 0,
      cancelled: 0,
      refunded: 0,
      conversion: 0,
      reserveRate: 0,
      rejections: { sold_out: 0, limit_reached: 0, not_active: 0, rate_limited: 0 },
    });
    expect(Math.abs(Date.parse(fresh.at) - Date.now())).toBeLessThan(60_000);

    expect((await reserve(sale, bed.shoppers[0], 2)).status).toBe(201);
    expect(await operationsOf(sale.id)).toMatchObject({
      remaining: 5,
      heldUnits: 2,
      soldUnits: 0,
      taken: 1,
    });
  });

  it('follows the funnel: holds taken, paid (units sold, conversion), cancelled, and refusals by reason', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 3, perUserLimit: 1 });
    const [buyer, quitter, other] = bed.shoppers;
    const bought = (await reserve(sale, buyer)).body as Reservation;
    const dropped = (await reserve(sale, quitter)).body as Reservation;
    expect((await reserve(sale, buyer)).body).toMatchObject({ error: { code: 'LIMIT_REACHED' } });
    expect(
      (await bed.app.http.delete(`/api/reservations/${dropped.id}`).set(...bearer(quitter))).status,
    ).toBe(204);

    const intent = await paymentIntentFor(bed.app, buyer, bought.id);
    const paid = await deliver(
      baseUrl(bed.app),
      intentEvent('payment_intent.succeeded', intentOf(intent, bought.id)),
    );
    expect(paid.status).toBe(200);
    expect(
      await eventually(async () => (await ordersOf(bed.app, { reservationId: bought.id })).length === 1),
    ).toBe(true);
    expect((await reserve(sale, other)).status).toBe(201);

    expect(await operationsOf(sale.id)).toMatchObject({
      quantity: 3,
      remaining: 1,
      heldUnits: 1,
      soldUnits: 1,
      taken: 3,
      paid: 1,
      cancelled: 1,
      expired: 0,
      refunded: 0,
      conversion: 0.3333,
      rejections: { sold_out: 0, limit_reached: 1, not_active: 0, rate_limited: 0 },
    });
  });

  it('shows a paused sale, and counts the reserves refused meanwhile as not active', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 3 });
    const pause = await bed.app.http.post(`/api/flash-sales/${sale.id}/pause`).set(...asAdmin());
    expect(pause.status).toBe(200);
    expect((await reserve(sale, bed.shoppers[0])).body).toMatchObject({ error: { code: 'SALE_NOT_ACTIVE' } });
    expect(await operationsOf(sale.id)).toMatchObject({
      paused: true,
      remaining: 3,
      rejections: { not_active: 1 },
    });
    expect((await bed.app.http.post(`/api/flash-sales/${sale.id}/resume`).set(...asAdmin())).status).toBe(
      200,
    );
    expect(await operationsOf(sale.id)).toMatchObject({ paused: false });
  });

  it('is documented in the OpenAPI document, the stream as text/event-stream', async () => {
    const doc = (await bed.app.http.get('/docs-json')).body as {
      paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
    };
    const snapshot = doc.paths['/api/admin/flash-sales/{id}/operations']?.get;
    const stream = doc.paths['/api/admin/flash-sales/{id}/operations/events']?.get;
    expect(Object.keys(snapshot?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404']),
    );
    expect(Object.keys(stream?.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
  });

  it('streams the sale now and then about every second, authenticated by the bearer header', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 5 });
    const stream = await openEventStream<SaleOperations>(
      `${baseUrl(bed.app)}/api/admin/flash-sales/${sale.id}/operations/events`,
      { Authorization: `Bearer ${bed.admin}` },
    );
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      await stream.waitFor((event) => event.remaining === 5 && event.heldUnits === 0);
      expect((await reserve(sale, bed.shoppers[1])).status).toBe(201);
      const after = await stream.waitFor((event) => event.heldUnits === 1, 5000);
      expect(after).toMatchObject({ saleId: sale.id, remaining: 4, quantity: 5 });
      // Unchanged snapshots keep coming (the rate and `at` move even when the counters do not).
      const count = stream.events.length;
      await stream.waitFor(() => true, 5000, count);
    } finally {
      stream.close();
    }
  });

  it('measures reserve requests per second, accepted and refused alike, between snapshots', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 1 });
    const stream = await openEventStream<SaleOperations>(
      `${baseUrl(bed.app)}/api/admin/flash-sales/${sale.id}/operations/events`,
      { Authorization: `Bearer ${bed.admin}` },
    );
    try {
      const first = await stream.waitFor(() => true);
      expect(first.reserveRate).toBe(0);
      const since = stream.events.length;
      // One taken, then refusals (sold out): every one is a reserve request.
      for (const shopper of [...bed.shoppers, ...bed.shoppers]) await reserve(sale, shopper);
      const busy = await stream.waitFor((event) => event.reserveRate > 0, 5000, since);
      expect(busy.taken + busy.rejections.sold_out + busy.rejections.limit_reached).toBeGreaterThan(0);
      // Once the requests stop, the rate falls back to 0.
      await stream.waitFor(
        (event) => event.reserveRate === 0 && event.taken === 1,
        5000,
        stream.events.length,
      );
    } finally {
      stream.close();
    }
  });
});
