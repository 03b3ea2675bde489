import { Types } from 'mongoose';
import type { ErrorBody, FlashSale, Product, Reservation } from '@flashline/contracts';
import { CatalogStockStore, HoldsStore, PaymentHoldsStore, ReservationCode } from '@api/holds';
import { ProductsService } from '@api/products';
import { expectErrorBody } from '../support/http/auth';
import { eventually, MINUTE_MS, NO_RATE_LIMITS, sleep } from '../support/fixtures/basics';
import { bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { payable } from '../support/fixtures/payments';
import { SaleTestBed } from '../support/http/sale-test-bed';
import { createTestApp } from '../support/http/test-app';

describe('flash sales (HTTP, real Redis and MongoDB)', () => {
  const bed = new SaleTestBed({ shoppers: 5 });

  const create = (body: object, token = bed.admin) =>
    bed.app.http.post('/api/flash-sales').set('Authorization', `Bearer ${token}`).send(body);

  const onHand = (productId: string) =>
    bed.app.app.get(ProductsService).onHandStock(productId, { fresh: true });

  const movements = (operationId: string) =>
    bed.app.mongo.collection('inventory_movements').find({ operationId }).toArray();

  function validSale(product: Product, overrides: object = {}): object {
    const now = Date.now();
    return {
      productId: product.id,
      salePriceCents: product.priceCents - 1,
      quantity: 5,
      startsAt: new Date(now - 1000).toISOString(),
      endsAt: new Date(now + 10 * MINUTE_MS).toISOString(),
      ...overrides,
    };
  }

  describe('POST /api/flash-sales', () => {
    it("creates a sale with defaults, taking its units from the product's stock through the ledger", async () => {
      const product = await bed.fx.product({ priceCents: 19_900, stock: 50 });
      const response = await create(validSale(product, { quantity: 20, salePriceCents: 4900 }));
      expect(response.status).toBe(201);
      const sale = response.body as FlashSale;
      bed.fx.saleIds.push(sale.id);
      expect(sale).toMatchObject({
        product: { id: product.id, name: product.name },
        salePriceCents: 4900,
        originalPriceCents: 19_900,
        currency: 'usd',
        quantity: 20,
        remaining: 20,
        status: 'active',
        perUserLimit: 1,
        reservationTtlSeconds: 600,
      });
      expect(await onHand(product.id)).toBe(30);
      const recorded = await movements(`sale:${sale.id}:allocation`);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({ delta: -20, reason: 'sale_allocation' });
      expect((await bed.app.http.get(`/api/products/${product.id}`)).body).toMatchObject({ stock: 30 });
    });

    it('validates everything, naming each field', async () => {
      const product = await bed.fx.product({ priceCents: 1000, stock: 10 });
      const archived = await bed.fx.product();
      await bed.app.app.get(ProductsService).archive(archived.id);
      const now = Date.now();
      const cases: Array<[object, string]> = [
        [{ productId: new Types.ObjectId().toHexString() }, 'productId'],
        [{ productId: archived.id, salePriceCents: 1 }, 'productId'],
        [{ productId: 'nope' }, 'productId'],
        [{ salePriceCents: 1000 }, 'salePriceCents'],
        [{ salePriceCents: 0 }, 'salePriceCents'],
        [{ quantity: 0 }, 'quantity'],
        [{ quantity: 11 }, 'quantity'],
        [{ quantity: 1.5 }, 'quantity'],
        [
          { startsAt: new Date(now + 5000).toISOString(), endsAt: new Date(now + 4000).toISOString() },
          'endsAt',
        ],
        [
          { startsAt: new Date(now - 5000).toISOString(), endsAt: new Date(now - 1000).toISOString() },
          'endsAt',
        ],
        [{ startsAt: 'tomorrow' }, 'startsAt'],
        [{ perUserLimit: 0 }, 'perUserLimit'],
        [{ perUserLimit: null }, 'perUserLimit'],
        [{ reservationTtlSeconds: 0 }, 'reservationTtlSeconds'],
        [{ reservationTtlSeconds: 3601 }, 'reservationTtlSeconds'],
        [{ extra: true }, 'extra'],
        [{ quantity: { $gt: 0 } }, 'quantity'],
      ];
      for (const [overrides, field] of cases) {
        const body = expectErrorBody(await create(validSale(product, overrides)), 400, 'VALIDATION_FAILED');
        expect({ overrides, fields: body.error.details?.map((detail) => detail.field) }).toEqual({
          overrides,
          fields: expect.arrayContaining([field]) as unknown,
        });
      }
      expect(await onHand(product.id)).toBe(10);
      expect((await bed.app.redis.hget('{catalog}:stock', `free:${product.id}`)) ?? '10').toBe('10');
    });

    it.each([
      '+9999-12-31T23:59:59Z',
      '2027-001T00:00:00Z',
      '2026-W49-4T00:00:00Z',
      '2027-01-01T00:00:00,5Z',
      '2027-02-30T00:00:00Z',
      '2026-W49',
    ])('refuses the ISO-8601 form %s that Date cannot take (400, not 500), in either field', async (form) => {
      const product = await bed.fx.product({ priceCents: 1000, stock: 10 });
      for (const field of ['startsAt', 'endsAt']) {
        const body = expectErrorBody(
          await create(validSale(product, { [field]: form })),
          400,
          'VALIDATION_FAILED',
        );
        expect(body.error.details).toEqual([
          { field, message: expect.stringContaining('timestamp') as unknown },
        ]);
      }
      expect(await onHand(product.id)).toBe(10);
    });

    it('accepts the strict form with fractions and offsets', async () => {
      const product = await bed.fx.product({ priceCents: 1000, stock: 10 });
      const response = await create(
        validSale(product, { quantity: 1, endsAt: '2099-01-01T05:30:00.123456+05:30' }),
      );
      expect(response.status).toBe(201);
      bed.fx.saleIds.push((response.body as FlashSale).id);
      expect((response.body as FlashSale).endsAt).toBe('2099-01-01T00:00:00.123Z');
    });

    it('is for admins only', async () => {
      const product = await bed.fx.product();
      expectErrorBody(await create(validSale(product), bed.shoppers[0].token), 403, 'FORBIDDEN');
      expectErrorBody(
        await bed.app.http.post('/api/flash-sales').send(validSale(product)),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('lets only one of two admins racing for the last units have them', async () => {
      const product = await bed.fx.product({ stock: 10 });
      const responses = await Promise.all([
        create(validSale(product, { quantity: 7 })),
        create(validSale(product, { quantity: 7 })),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 400]);
      bed.fx.saleIds.push(...responses.filter((r) => r.status === 201).map((r) => (r.body as FlashSale).id));
      const refused = responses.find((response) => response.status === 400)?.body as ErrorBody;
      expect(refused.error.details).toEqual([
        { field: 'quantity', message: expect.stringContaining('(3)') as unknown },
      ]);
      expect(await onHand(product.id)).toBe(3);
    });

    it('allocates from stock an admin restocked after the counter was loaded', async () => {
      const product = await bed.fx.product({ stock: 5 });
      await bed.fx.sale(bed.admin, product.id, { quantity: 5 });
      expect(await bed.app.app.get(CatalogStockStore).productStock(product.id)).toMatchObject({ free: 0 });
      expectErrorBody(await create(validSale(product, { quantity: 1 })), 400, 'VALIDATION_FAILED');
      const restock = await bed.app.http
        .patch(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${bed.admin}`)
        .send({ stock: 8 });
      expect(restock.status).toBe(200);
      expect(await bed.app.app.get(CatalogStockStore).productStock(product.id)).toMatchObject({ free: 8 });
      await bed.fx.sale(bed.admin, product.id, { quantity: 8 });
    });
  });

  describe('reads', () => {
    it('reads one sale with live remaining units and status; 404 unknown, 400 malformed', async () => {
      const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, {
        quantity: 2,
        perUserLimit: 2,
      });
      await bed.app.http
        .post(`/api/flash-sales/${sale.id}/reservations`)
        .set(...bearer(bed.shoppers[0]))
        .send({ quantity: 2 });
      expect((await bed.app.http.get(`/api/flash-sales/${sale.id}`)).body).toEqual({
        ...sale,
        remaining: 0,
        status: 'sold_out',
      });
      expectErrorBody(
        await bed.app.http.get(`/api/flash-sales/${new Types.ObjectId().toHexString()}`),
        404,
        'NOT_FOUND',
      );
      expectErrorBody(await bed.app.http.get('/api/flash-sales/nope'), 400, 'VALIDATION_FAILED');
    });

    it('lists by window; sold-out sales are listed with the active ones', async () => {
      const now = Date.now();
      const product = await bed.fx.product({ stock: 100 });
      const upcoming = await bed.fx.sale(bed.admin, product.id, {
        startsAt: new Date(now + 10 * MINUTE_MS).toISOString(),
        endsAt: new Date(now + 20 * MINUTE_MS).toISOString(),
      });
      const active = await bed.fx.sale(bed.admin, product.id);
      const soldOut = await bed.fx.sale(bed.admin, product.id, { quantity: 1 });
      await bed.app.http
        .post(`/api/flash-sales/${soldOut.id}/reservations`)
        .set(...bearer(bed.shoppers[1]))
        .send({ quantity: 1 });
      const ending = await bed.fx.sale(bed.admin, product.id, { endsAt: new Date(now + 1000).toISOString() });
      await sleep(Date.parse(ending.endsAt) - Date.now() + 50);

      const list = async (status?: string) => {
        const response = await bed.app.http.get('/api/flash-sales').query(status ? { status } : {});
        expect(response.status).toBe(200);
        return new Map((response.body as FlashSale[]).map((sale) => [sale.id, sale.status]));
      };
      const [up, open, ended, all] = await Promise.all([
        list('upcoming'),
        list('active'),
        list('ended'),
        list(),
      ]);
      expect(up.get(upcoming.id)).toBe('upcoming');
      expect(open.get(active.id)).toBe('active');
      expect(open.get(soldOut.id)).toBe('sold_out');
      expect(ended.get(ending.id)).toBe('ended');
      expect(open.has(upcoming.id) || open.has(ending.id) || up.has(active.id) || ended.has(active.id)).toBe(
        false,
      );
      expect([upcoming, active, soldOut, ending].every((sale) => all.has(sale.id))).toBe(true);
      expect((await bed.app.http.get(`/api/flash-sales/${ending.id}`)).body).toMatchObject({
        status: 'ended',
        remaining: 0,
      });
      expectErrorBody(
        await bed.app.http.get('/api/flash-sales').query({ status: 'sold_out' }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('settlement', () => {
    it("gives an ended sale's unsold units back to the product exactly once, two processes racing", async () => {
      const second = await createTestApp(NO_RATE_LIMITS);
      try {
        const product = await bed.fx.product({ stock: 10 });
        const sale = await bed.fx.sale(bed.admin, product.id, {
          quantity: 4,
          endsAt: new Date(Date.now() + 1500).toISOString(),
          reservationTtlSeconds: 1,
        });
        expect(await onHand(product.id)).toBe(6);
        const reserve = (shopper: Shopper) =>
          bed.app.http
            .post(`/api/flash-sales/${sale.id}/reservations`)
            .set(...bearer(shopper))
            .send({ quantity: 1 });
        const paid = (await reserve(bed.shoppers[2])).body as Reservation;
        expect((await reserve(bed.shoppers[3])).status).toBe(201); // left to expire
        const paidHold = await bed.app.app.get(HoldsStore).findHold(paid.id);
        if (!paidHold) throw new Error('hold not found');
        const paymentHolds = bed.app.app.get(PaymentHoldsStore);
        expect((await paymentHolds.confirm(await payable(paymentHolds, paidHold))).code).toBe(
          ReservationCode.Paid,
        );

        // Nothing but the reapers of the two applications from here.
        const settled = await eventually(async () => {
          const doc = await bed.app.mongo
            .collection('flash_sales')
            .findOne({ _id: new Types.ObjectId(sale.id) });
          return doc?.settledAt instanceof Date;
        }, 8000);
        expect(settled).toBe(true);
        await sleep(2500); // a few more passes of both reapers: still one movement
        const returned = await movements(`sale:${sale.id}:return`);
        expect(returned).toHaveLength(1);
        expect(returned[0]).toMatchObject({ delta: 3, reason: 'sale_return' });
        expect(await onHand(product.id)).toBe(9);
        expect(await bed.app.app.get(CatalogStockStore).productStock(product.id)).toMatchObject({ free: 9 });
        expect((await bed.app.http.get(`/api/flash-sales/${sale.id}`)).body).toMatchObject({
          status: 'ended',
          remaining: 0,
        });
      } finally {
        await second.close();
      }
    });
  });

  it('documents every route in the OpenAPI document', async () => {
    const paths = Object.keys(((await bed.app.http.get('/docs-json')).body as { paths: object }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/flash-sales',
        '/api/flash-sales/{id}',
        '/api/flash-sales/{id}/events',
        '/api/flash-sales/{id}/reservations',
        '/api/reservations/{id}',
        '/api/cart/checkout',
      ]),
    );
  });
});
