import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type FlashSale, type QueueTicket } from '@flashline/contracts';

import { type FakeEventSource, fakeEventSources } from '../../../../testing/fake-event-source';
import { SALE_SPEC_NOW, saleSpecProviders } from '../../../../testing/sale-spec';
import { FakeSaleServer } from '../../../../testing/sale-fixtures';
import { SaleStore } from '../sale.store';
import { WaitingRoomStore } from './waiting-room.store';

/** The browser's clock is wrong: the line runs on the server's. */
const SERVER_AHEAD_MS = 2 * 60_000 + 123;
const QUEUE_URL = '/api/flash-sales/s1/queue';

describe('WaitingRoomStore', () => {
  let sales: SaleStore;
  let line: WaitingRoomStore;
  let controller: HttpTestingController;
  let server: FakeSaleServer;
  let sources: FakeEventSource[];
  const signedIn = signal(true);

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(SALE_SPEC_NOW);
    signedIn.set(true);
    const fake = fakeEventSources();
    sources = fake.sources;
    TestBed.configureTestingModule({
      providers: [...saleSpecProviders(fake.factory, signedIn), SaleStore, WaitingRoomStore],
    });
    sales = TestBed.inject(SaleStore);
    line = TestBed.inject(WaitingRoomStore);
    controller = TestBed.inject(HttpTestingController);
    server = new FakeSaleServer(controller, SERVER_AHEAD_MS);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  const lineSale = (overrides: Partial<FlashSale> = {}): FlashSale =>
    server.sale({
      quantity: 3,
      remaining: 3,
      waitingRoom: { admitPerSecond: 1, admissionSeconds: 120 },
      ...overrides,
    });

  const ticket = (overrides: Partial<QueueTicket> = {}): QueueTicket => ({
    saleId: 's1',
    status: 'waiting',
    number: 12,
    position: 12,
    estimatedWaitSeconds: 12,
    joinedAt: server.iso(-5_000),
    ...overrides,
  });

  const queueRequests = (method: string) =>
    controller.match((request) => request.url === QUEUE_URL && request.method === method);

  /** Lets time pass, answering the clock's calibration reads of the sale. */
  async function pass(ms: number, sale: FlashSale): Promise<void> {
    for (let passed = 0; passed < ms; passed += 10) {
      await vi.advanceTimersByTimeAsync(Math.min(10, ms - passed));
      server.answerSaleReads(sale);
    }
    TestBed.tick();
  }

  /**
   * Opens the sale page's stores, answers the sale read and lets the clock calibrate (the ticket read stays
   * pending meanwhile); returns the one sale stream.
   */
  async function open(sale: FlashSale): Promise<FakeEventSource> {
    sales.open(sale.id);
    server.answerSaleReads(sale);
    TestBed.tick();
    const stream = sources.at(-1);
    if (stream === undefined) throw new Error('no event stream');
    stream.open();
    await pass(3_000, sale);
    return stream;
  }

  it('a reload keeps the place: the ticket is read back, and the stream moves it without more requests', async () => {
    const sale = lineSale();
    const stream = await open(sale);

    const [read] = queueRequests('GET');
    server.ok(read, ticket());
    expect(queueRequests('POST')).toHaveLength(0);
    expect(line.view()).toMatchObject({ kind: 'waiting', number: 12, position: 12, ahead: 11 });

    for (let admitted = 1; admitted <= 8; admitted++) {
      stream.emit({
        remaining: 3,
        status: 'active',
        paused: false,
        queue: { waiting: 30 - admitted, admittedUpTo: admitted },
      });
      await pass(1_000, sale);
    }
    expect(line.view()).toEqual({
      kind: 'waiting',
      number: 12,
      position: 4,
      ahead: 3,
      etaSeconds: 4,
      stock: 'short',
    });
    expect(line.announcement()).toBe('You are in line. 3 people are ahead of you.');
    // Eight ticks of the stream, not one GET queue.
    expect(queueRequests('GET')).toHaveLength(0);
  });

  it('joins by itself when a signed-in shopper opens the page and is not in line (404)', async () => {
    await open(lineSale());
    server.fail(queueRequests('GET')[0], 404, 'NOT_FOUND', 'Not in line.');

    const [join] = queueRequests('POST');
    expect(join.request.body).toEqual({});
    expect(line.state().kind).toBe('joining');
    server.ok(join, ticket({ number: 3, position: 3 }), 201);
    expect(line.view()).toMatchObject({ kind: 'waiting', number: 3 });
  });

  it('signed out: offers to join, asks nothing of the API', async () => {
    signedIn.set(false);
    await open(lineSale());
    expect(line.view()).toEqual({ kind: 'out', left: false, message: null });
    controller.expectNone(QUEUE_URL);
  });

  it('a sale without a waiting room leaves the line closed', async () => {
    await open(server.sale());
    expect(line.state().kind).toBe('closed');
    controller.expectNone(QUEUE_URL);
  });

  it('early joiner: "drawn at start", then the number is read once the draw has run', async () => {
    const sale = lineSale({ status: 'upcoming', startsAt: server.iso(8_000) });
    await open(sale);
    server.ok(queueRequests('GET')[0], ticket({ number: null, position: null, estimatedWaitSeconds: null }));
    expect(line.view()).toEqual({ kind: 'waiting_for_draw', drawing: false });
    expect(line.announcement()).toBe('You are in line. The order is drawn when the sale starts.');

    await pass(4_900, sale);
    expect(queueRequests('GET')).toHaveLength(0);
    await pass(700, sale);
    server.ok(queueRequests('GET')[0], ticket({ number: 2, position: 2 }));

    expect(line.view()).toMatchObject({ kind: 'waiting', number: 2, position: 2, ahead: 1 });
  });

  it('admitted: one read when the stream reaches the number, the countdown, then lapsed and join again at the back', async () => {
    const sale = lineSale();
    const stream = await open(sale);
    server.ok(queueRequests('GET')[0], ticket({ number: 2, position: 2 }));

    stream.emit({
      remaining: 3,
      held: 0,
      status: 'active',
      paused: false,
      queue: { waiting: 5, admittedUpTo: 2 },
    });
    expect(line.view()).toEqual({ kind: 'admitted', msLeft: null });
    const [read] = queueRequests('GET');
    server.ok(read, ticket({ status: 'admitted', number: 2, position: 0, admittedUntil: server.iso(3_000) }));
    expect(line.view()).toMatchObject({ kind: 'admitted' });
    const { msLeft } = line.view() as { msLeft: number };
    expect(Math.abs(msLeft - 3_000)).toBeLessThanOrEqual(100);
    expect(line.announcement()).toBe("It's your turn: you have 2 minutes to buy.");

    // More admissions behind us: no more reads while admitted.
    stream.emit({
      remaining: 3,
      held: 0,
      status: 'active',
      paused: false,
      queue: { waiting: 4, admittedUpTo: 3 },
    });
    expect(queueRequests('GET')).toHaveLength(0);

    await pass(3_100, sale);
    server.ok(queueRequests('GET')[0], ticket({ status: 'expired', number: 2, position: null }));
    expect(line.view()).toEqual({ kind: 'expired' });

    line.join();
    server.ok(queueRequests('POST')[0], ticket({ number: 9, position: 6 }), 201);
    expect(line.view()).toMatchObject({ kind: 'waiting', number: 9 });
  });

  it('a turn the stream announces right after a read is read a second later, never dropped', async () => {
    const sale = lineSale({ status: 'upcoming', startsAt: server.iso(4_000) });
    const stream = await open(sale);
    server.ok(queueRequests('GET')[0], ticket({ number: null, position: null, estimatedWaitSeconds: null }));
    await pass(1_600, sale);
    // The draw's read: number 1, not admitted yet.
    server.ok(queueRequests('GET')[0], ticket({ number: 1, position: 1 }));

    // The admission lands at once; the stream says so once, and then nothing changes any more.
    stream.emit({
      remaining: 3,
      held: 0,
      status: 'active',
      paused: false,
      queue: { waiting: 1, admittedUpTo: 1 },
    });
    expect(line.view()).toEqual({ kind: 'admitted', msLeft: null });
    expect(queueRequests('GET')).toHaveLength(0);

    await pass(1_100, sale);
    server.ok(
      queueRequests('GET')[0],
      ticket({ status: 'admitted', number: 1, position: 0, admittedUntil: server.iso(120_000) }),
    );
    expect(line.view()).toMatchObject({ kind: 'admitted' });
    expect((line.view() as { msLeft: number | null }).msLeft).toBeGreaterThan(118_000);
  });

  it('sold out is said at once from the stream, then confirmed by one read', async () => {
    const sale = lineSale();
    const stream = await open(sale);
    server.ok(queueRequests('GET')[0], ticket({ number: 7, position: 5 }));

    stream.emit({
      remaining: 0,
      held: 0,
      status: 'sold_out',
      paused: false,
      queue: { waiting: 0, admittedUpTo: 3 },
    });

    expect(line.view()).toEqual({ kind: 'sold_out' });
    expect(line.announcement()).toBe('Sorry: every unit has been sold while you waited.');
    server.ok(queueRequests('GET')[0], ticket({ status: 'sold_out', number: 7, position: null }));
    expect(line.view()).toEqual({ kind: 'sold_out' });
  });

  it('while units are only in carts, the waiter keeps the place', async () => {
    const sale = lineSale();
    const stream = await open(sale);
    server.ok(queueRequests('GET')[0], ticket({ number: 7, position: 5 }));
    await pass(1_000, sale);

    stream.emit({
      remaining: 0,
      held: 0,
      status: 'sold_out',
      paused: false,
      queue: { waiting: 4, admittedUpTo: 3 },
    });
    // The sale's status changed: the ticket is read once; it still waits.
    server.ok(queueRequests('GET')[0], ticket({ number: 7, position: 4 }));
    expect(line.view()).toMatchObject({ kind: 'waiting', position: 4, stock: 'in_carts' });
  });

  it('leaves the line (DELETE) and does not join again by itself', async () => {
    await open(lineSale());
    server.ok(queueRequests('GET')[0], ticket());

    line.leave();
    const [leave] = queueRequests('DELETE');
    expect(line.busy()).toBe(true);
    server.ok(leave, null, 204);

    expect(line.view()).toEqual({ kind: 'out', left: true, message: null });
    expect(line.announcement()).toBe('You left the line.');
    expect(queueRequests('POST')).toHaveLength(0);
  });

  it('a reserve refused NOT_ADMITTED reads the ticket again', async () => {
    const sale = lineSale();
    await open(sale);
    server.ok(
      queueRequests('GET')[0],
      ticket({ status: 'admitted', position: 0, admittedUntil: server.iso(60_000) }),
    );

    sales.reserveItem();
    server.fail(server.pendingReserves()[0], 409, 'NOT_ADMITTED', 'Join the line first.');
    TestBed.tick();

    expect(sales.purchase()).toEqual({ kind: 'not_admitted', message: 'Join the line first.' });
    server.ok(queueRequests('GET')[0], ticket({ status: 'expired', position: null }));
    expect(line.view()).toEqual({ kind: 'expired' });
  });
});
