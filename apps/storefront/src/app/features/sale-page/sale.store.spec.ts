import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type FlashSale } from '@flashline/contracts';

import { type FakeEventSource, fakeEventSources } from '../../../testing/fake-event-source';
import { FakeSaleServer } from '../../../testing/sale-fixtures';
import { ServerClock } from '../../core/clock/server-clock';
import { serverClockInterceptor } from '../../core/clock/server-clock.interceptor';
import { EVENT_SOURCE_FACTORY } from '../../core/http/event-stream';
import { SaleStore } from './sale.store';

/** The browser's clock is wrong by five minutes: everything must run on the server's. */
const SERVER_AHEAD_MS = 5 * 60_000 + 437;

describe('SaleStore', () => {
  let store: SaleStore;
  let controller: HttpTestingController;
  let server: FakeSaleServer;
  let sources: FakeEventSource[];

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2030-01-01T10:00:00.000Z'));
    const fake = fakeEventSources();
    sources = fake.sources;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([serverClockInterceptor])),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: fake.factory },
        SaleStore,
      ],
    });
    store = TestBed.inject(SaleStore);
    controller = TestBed.inject(HttpTestingController);
    server = new FakeSaleServer(controller, SERVER_AHEAD_MS);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  /** Lets time pass in small steps, answering sale reads (calibration probes) as they come. */
  async function pass(ms: number, sale: FlashSale): Promise<void> {
    for (let passed = 0; passed < ms; passed += 10) {
      await vi.advanceTimersByTimeAsync(Math.min(10, ms - passed));
      server.answerSaleReads(sale);
    }
  }

  /** Opens the sale page's store, answers its first read, and opens the live stream. */
  async function open(sale: FlashSale): Promise<FakeEventSource> {
    store.open(sale.id);
    expect(server.answerSaleReads(sale)).toBe(1);
    const stream = sources.at(-1);
    if (stream === undefined) throw new Error('no event stream opened');
    expect(stream.url).toBe(`/api/flash-sales/${sale.id}/events`);
    stream.open();
    stream.emit({ remaining: sale.remaining, held: 0, status: sale.status, paused: sale.paused });
    await pass(3_000, sale);
    return stream;
  }

  describe('the countdown, on the server clock', () => {
    it('counts down to startsAt from the server time and opens Buy at that moment, with no message needed', async () => {
      const sale = server.sale({ status: 'upcoming', startsAt: server.iso(10_000) });
      await open(sale);

      // 3 s have passed: 7 s to go by the server (the browser's own clock would say 5 min 7 s).
      expect(store.phase()).toBe('upcoming');
      expect(store.canReserve()).toBe(false);
      const clock = TestBed.inject(ServerClock);
      expect(clock.uncertaintyMs()).toBeLessThanOrEqual(60);
      expect(Math.abs(Date.parse(sale.startsAt) - clock.read() - 7_000)).toBeLessThanOrEqual(60);
      // The displayed value ticks once a (server) second.
      expect(Math.abs(store.msUntilStart() - 7_000)).toBeLessThanOrEqual(1_000);

      await pass(6_800, sale);
      expect(store.phase()).toBe('upcoming');
      await pass(300, sale);
      expect(store.phase()).toBe('active');
      expect(store.canReserve()).toBe(true);
    });

    it('also opens when the stream says the sale went active', async () => {
      const sale = server.sale({ status: 'upcoming', startsAt: server.iso(60_000) });
      const stream = await open(sale);

      stream.emit({ remaining: 5, held: 0, status: 'active', paused: false });

      expect(store.phase()).toBe('active');
    });

    it('closes Buy while an admin pauses the sale, and opens it again on resume', async () => {
      const sale = server.sale();
      const stream = await open(sale);

      stream.emit({ remaining: 4, held: 0, status: 'active', paused: true });
      expect(store.phase()).toBe('paused');
      expect(store.canReserve()).toBe(false);

      stream.emit({ remaining: 4, held: 0, status: 'active', paused: false });
      expect(store.phase()).toBe('active');
      expect(store.canReserve()).toBe(true);
    });

    it('closes Buy at endsAt', async () => {
      const sale = server.sale({ endsAt: server.iso(5_000) });
      await open(sale);
      expect(store.canReserve()).toBe(true);

      await pass(2_100, sale);

      expect(store.phase()).toBe('ended');
      expect(store.canReserve()).toBe(false);
    });
  });

  describe('live stock', () => {
    it('follows `remaining` from the stream and shows a reconnect', async () => {
      const sale = server.sale();
      const stream = await open(sale);
      expect(store.streamState()).toBe('live');

      stream.emit({ remaining: 2, held: 0, status: 'active', paused: false });
      expect(store.remaining()).toBe(2);

      stream.emit({ remaining: 0, held: 0, status: 'sold_out', paused: false });
      expect(store.phase()).toBe('sold_out');
      expect(store.canReserve()).toBe(false);

      stream.fail();
      expect(store.streamState()).toBe('reconnecting');
      await pass(1_000, sale);
      sources.at(-1)?.open();
      expect(sources).toHaveLength(2);
      expect(store.streamState()).toBe('live');
    });
  });

  describe("units in other shoppers' carts", () => {
    it("follows the stream's `held`, less the shopper's own hold", async () => {
      const sale = server.sale();
      const stream = await open(sale);
      expect(store.inOtherCarts()).toBe(0);

      stream.emit({ remaining: 3, held: 2, status: 'active', paused: false });
      expect(store.inOtherCarts()).toBe(2);

      store.reserveItem();
      server.ok(server.pendingReserves()[0], server.reservation(), 201);
      stream.emit({ remaining: 2, held: 3, status: 'active', paused: false });
      expect(store.inOtherCarts()).toBe(2);

      // One of the others paid: it left the carts for good, and the free units did not change.
      stream.emit({ remaining: 2, held: 2, status: 'active', paused: false });
      expect(store.inOtherCarts()).toBe(1);
    });
  });

  describe('reserving', () => {
    it('makes ONE request with an Idempotency-Key, however many clicks, and shows the hold timer', async () => {
      const sale = server.sale();
      await open(sale);

      store.reserveItem();
      store.reserveItem();
      store.reserveItem();

      const reserves = server.pendingReserves();
      expect(reserves).toHaveLength(1);
      expect(reserves[0].request.method).toBe('POST');
      expect(reserves[0].request.body).toEqual({ quantity: 1 });
      expect(reserves[0].request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f]{32}$/);
      expect(store.purchase().kind).toBe('reserving');
      expect(store.canReserve()).toBe(false);

      server.ok(reserves[0], server.reservation({ expiresAt: server.iso(600_000) }), 201);

      expect(store.purchase().kind).toBe('held');
      expect(Math.abs(store.holdMsLeft() - 600_000)).toBeLessThanOrEqual(100);
      expect(store.canReserve()).toBe(false);
    });

    it('expired: when the hold timer hits 0 it asks the API, and says "expired"', async () => {
      const sale = server.sale();
      await open(sale);
      store.reserveItem();
      server.ok(server.pendingReserves()[0], server.reservation({ expiresAt: server.iso(2_000) }), 201);
      expect(store.purchase().kind).toBe('held');

      await vi.advanceTimersByTimeAsync(2_100);
      const check = controller.expectOne('/api/reservations/s1.r1');
      server.ok(check, server.reservation({ status: 'expired' }));

      expect(store.purchase().kind).toBe('expired');
      expect(store.holdMsLeft()).toBe(0);
      expect(store.canReserve()).toBe(true);
    });

    it('sold out (409 SOLD_OUT): the contract message, no stock left, Buy off', async () => {
      await open(server.sale());
      store.reserveItem();

      server.fail(server.pendingReserves()[0], 409, 'SOLD_OUT', 'This flash sale is sold out.');

      expect(store.purchase()).toEqual({ kind: 'sold_out', message: 'This flash sale is sold out.' });
      expect(store.remaining()).toBe(0);
      expect(store.phase()).toBe('sold_out');
      expect(store.canReserve()).toBe(false);
    });

    it('limit reached (409 LIMIT_REACHED): the message, and Buy stays off', async () => {
      await open(server.sale());
      store.reserveItem();

      server.fail(
        server.pendingReserves()[0],
        409,
        'LIMIT_REACHED',
        'You have reached the limit for this sale (1 per customer).',
      );

      expect(store.purchase()).toEqual({
        kind: 'limit_reached',
        message: 'You have reached the limit for this sale (1 per customer).',
      });
      expect(store.canReserve()).toBe(false);
    });

    it('not active (409 SALE_NOT_ACTIVE): the message, and the sale is read again', async () => {
      const sale = server.sale();
      await open(sale);
      store.reserveItem();

      server.fail(server.pendingReserves()[0], 409, 'SALE_NOT_ACTIVE', 'This flash sale is not active.');
      expect(store.purchase()).toEqual({ kind: 'not_active', message: 'This flash sale is not active.' });
      server.answerSaleReads({ ...sale, status: 'ended', endsAt: server.iso(-1) });

      expect(store.phase()).toBe('ended');
    });

    it('rate limited (429): shows the Retry-After seconds, holds Buy until then, retries with the same key', async () => {
      const sale = server.sale();
      await open(sale);
      store.reserveItem();
      const first = server.pendingReserves()[0];
      const key = first.request.headers.get('Idempotency-Key');

      server.fail(first, 429, 'RATE_LIMITED', 'Too many requests. Try again later.', { 'Retry-After': '7' });

      expect(store.purchase()).toMatchObject({
        kind: 'rate_limited',
        message: 'Too many requests. Try again later.',
      });
      expect(store.retryInSeconds()).toBe(7);
      expect(store.canReserve()).toBe(false);

      await pass(3_000, sale);
      // Shown in whole seconds, ticking with the server's seconds.
      expect(store.retryInSeconds()).toBeGreaterThanOrEqual(4);
      expect(store.retryInSeconds()).toBeLessThanOrEqual(5);
      store.reserveItem();
      expect(server.pendingReserves()).toHaveLength(0);

      await pass(4_100, sale);
      expect(store.retryInSeconds()).toBe(0);
      expect(store.canReserve()).toBe(true);
      store.reserveItem();
      expect(server.pendingReserves()[0].request.headers.get('Idempotency-Key')).toBe(key);
    });

    it('network error: says so, and the retry reuses the key (never two holds); the next purchase gets a new key', async () => {
      const sale = server.sale();
      await open(sale);
      store.reserveItem();
      const first = server.pendingReserves()[0];
      const key = first.request.headers.get('Idempotency-Key');
      first.error(new ProgressEvent('error'));

      expect(store.purchase()).toMatchObject({ kind: 'failed' });
      expect(store.canReserve()).toBe(true);

      store.reserveItem();
      const retry = server.pendingReserves()[0];
      expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
      server.ok(retry, server.reservation({ expiresAt: server.iso(1_000) }), 201);

      await vi.advanceTimersByTimeAsync(1_100);
      server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'expired' }));
      store.reserveItem();
      const next = server.pendingReserves()[0];
      expect(next.request.headers.get('Idempotency-Key')).not.toBe(key);
    });

    it('releasing a hold gives the unit back', async () => {
      await open(server.sale());
      store.reserveItem();
      server.ok(server.pendingReserves()[0], server.reservation(), 201);

      store.releaseHold();
      const release = controller.expectOne('/api/reservations/s1.r1');
      expect(release.request.method).toBe('DELETE');
      server.ok(release, null, 204);

      expect(store.purchase().kind).toBe('released');
      expect(store.canReserve()).toBe(true);
    });
  });

  it('a sale that does not exist', () => {
    store.open('nope');
    server.fail(controller.expectOne('/api/flash-sales/nope'), 404, 'NOT_FOUND', 'Flash sale not found.');

    expect(store.loadState()).toBe('not_found');
  });
});
