import type { FlashSale, FlashSaleEvent } from '@flashline/contracts';
import { NO_RATE_LIMITS, sleep } from '../support/fixtures/basics';
import { holdStoresOf } from '../support/fixtures/hold-stores';
import { deliver, intentEvent, intentOf, paymentIntentFor } from '../support/fixtures/payments';
import { baseUrl, bearer, type Shopper } from '../support/fixtures/sale-fixtures';
import { type EventStream } from '../support/http/event-stream';
import { SaleTestBed } from '../support/http/sale-test-bed';

/**
 * The sale stream over real HTTP, Redis, FerretDB and stripe-mock. Its `held` (units in shoppers' active
 * holds): up on a reserve, down when the hold is paid (a signed webhook: no free unit changes, so only
 * `held` says it) or released (the owner's DELETE). Its pages share one feed per sale and process.
 */
describe('the sale stream', () => {
  const bed = new SaleTestBed({ shoppers: 8, env: NO_RATE_LIMITS, payments: true });

  async function streamOf(sale: FlashSale): Promise<EventStream<FlashSaleEvent>> {
    const stream = await bed.saleStream(sale);
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

  it('tells units in carts (held): up on a reserve, down when a hold is paid (remaining unchanged) or released', async () => {
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

  it('gives every page the same messages, starts a later page from now, and starts again once all left', async () => {
    const sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id, { quantity: 5 });
    const shoppers = bed.shoppers.slice(3, 7);
    const early = await Promise.all([streamOf(sale), streamOf(sale)]);
    const late: Array<EventStream<FlashSaleEvent>> = [];
    try {
      await Promise.all(early.map((stream) => nextUnits(stream, 0, { remaining: 5, held: 0 })));
      await bed.reserve(sale, shoppers[0]);
      await Promise.all(early.map((stream) => nextUnits(stream, 0, { remaining: 4, held: 1 })));

      late.push(await streamOf(sale));
      expect(await late[0].waitFor(() => true)).toMatchObject({ remaining: 4, held: 1 });
      await bed.reserve(sale, shoppers[1]);
      const pages = [...early, ...late];
      await Promise.all(pages.map((stream) => nextUnits(stream, 0, { remaining: 3, held: 2 })));
      // Each page's last message is the same, and no page was told the same state twice in a row.
      expect(new Set(pages.map((stream) => JSON.stringify(stream.events.at(-1)))).size).toBe(1);
      for (const stream of pages) {
        const repeats = stream.events.filter(
          (event, i) => i > 0 && JSON.stringify(event) === JSON.stringify(stream.events[i - 1]),
        );
        expect(repeats).toEqual([]);
      }
    } finally {
      [...early, ...late].forEach((stream) => stream.close());
    }

    // Every page gone (the shared feed stops), then a new one: it is told the state and the next change.
    await sleep(100);
    const again = await streamOf(sale);
    try {
      const since = await nextUnits(again, 0, { remaining: 3, held: 2 });
      await bed.reserve(sale, shoppers[2]);
      await nextUnits(again, since, { remaining: 2, held: 3 });
    } finally {
      again.close();
    }
  });

  it('opens a page on a sale others already watch from memory: no read of the sale in Redis', async () => {
    const product = (await bed.fx.product()).id;
    const [watched, unwatched] = [
      await bed.fx.sale(bed.admin, product, { quantity: 5 }),
      await bed.fx.sale(bed.admin, product, { quantity: 3 }),
    ];
    const first = await streamOf(watched);
    const monitor = await bed.app.redis.monitor();
    const reads: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (/^h(m)?get(all)?$/i.test(args[0] ?? '')) reads.push(args.join(' '));
    });
    const pages = [first];
    try {
      await first.waitFor((event) => event.remaining === 5);
      pages.push(await streamOf(watched), await streamOf(unwatched));
      expect(await pages[1].waitFor(() => true)).toMatchObject({ remaining: 5, held: 0 });
      expect(await pages[2].waitFor(() => true)).toMatchObject({ remaining: 3, held: 0 });
      await sleep(100);
    } finally {
      pages.forEach((page) => page.close());
      monitor.disconnect();
    }
    // The control: the first page of the other sale read it; the second page of the watched one read nothing.
    expect(reads.filter((read) => read.includes(unwatched.id)).length).toBeGreaterThan(0);
    expect(reads.filter((read) => read.includes(watched.id))).toEqual([]);
  });
});
