import type { FlashSale, FlashSaleEvent } from '@flashline/contracts';
import { NO_RATE_LIMITS } from '../support/fixtures/basics';
import { holdStoresOf } from '../support/fixtures/hold-stores';
import { deliver, intentEvent, intentOf, paymentIntentFor } from '../support/fixtures/payments';
import { baseUrl, bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { type EventStream, openEventStream } from '../support/http/event-stream';
import { SaleTestBed } from '../support/http/sale-test-bed';

/**
 * The sale stream's `held` (units in shoppers' active holds) over real HTTP, Redis, FerretDB and
 * stripe-mock: up on a reserve, down when the hold is paid (a signed webhook: no free unit changes, so
 * only `held` says it) or released (the owner's DELETE).
 */
describe('the sale stream tells units in carts (held)', () => {
  const bed = new SaleTestBed({ shoppers: 3, env: NO_RATE_LIMITS, payments: true });

  async function streamOf(sale: FlashSale): Promise<EventStream<FlashSaleEvent>> {
    const stream = await openEventStream<FlashSaleEvent>(
      `${baseUrl(bed.app)}/api/flash-sales/${sale.id}/events`,
    );
    expect(stream.status).toBe(200);
    return stream;
  }

  /** The first message from index `since` on with these units; returns the index after it. */
  async function nextUnits(
    stream: EventStream<FlashSaleEvent>,
    since: number,
    units: Pick<FlashSaleEvent, 'remaining' | 'held'>,
  ): Promise<number> {
    const found = await stream.waitFor(
      (event) => event.remaining === units.remaining && event.held === units.held,
      5000,
      since,
    );
    return stream.events.indexOf(found, since) + 1;
  }

  async function pay(sale: FlashSale, shopper: Shopper, reservationId: string): Promise<void> {
    const intent = await paymentIntentFor(bed.app, shopper, reservationId);
    const payload = intentEvent('payment_intent.succeeded', intentOf(intent, reservationId));
    expect((await deliver(baseUrl(bed.app), payload)).status).toBe(200);
  }

  it('goes up on a reserve, down when a hold is paid (remaining unchanged) or released', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 5 });
    const [payer, releaser] = bed.shoppers;
    const stream = await streamOf(sale);
    try {
      let since = await nextUnits(stream, 0, { remaining: 5, held: 0 });

      const paid = await bed.reserve(sale, payer);
      since = await nextUnits(stream, since, { remaining: 4, held: 1 });
      const released = await bed.reserve(sale, releaser);
      since = await nextUnits(stream, since, { remaining: 3, held: 2 });

      await pay(sale, payer, paid.id);
      since = await nextUnits(stream, since, { remaining: 3, held: 1 });

      const cancel = await bed.app.http.delete(`/api/reservations/${released.id}`).set(...bearer(releaser));
      expect(cancel.status).toBe(204);
      await nextUnits(stream, since, { remaining: 4, held: 0 });

      // What the stream said is what Redis counts: 1 sold, none held.
      const stock = await holdStoresOf(bed.app.app).saleState.saleStock(sale.id, sale.product.id);
      expect(stock).toEqual({ free: 4, held: 0, sold: 1 });
      expect(stream.events.every((event) => event.remaining + event.held <= sale.quantity)).toBe(true);
    } finally {
      stream.close();
    }
  });

  it("starts a new page's stream with the units in carts now", async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 4, perUserLimit: 2 });
    await bed.reserve(sale, bed.shoppers[2], 2);
    const stream = await streamOf(sale);
    try {
      expect(await stream.waitFor(() => true)).toEqual({
        remaining: 2,
        held: 2,
        status: 'active',
        paused: false,
      });
    } finally {
      stream.close();
    }
  });
});
