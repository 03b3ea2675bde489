import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { type FlashSale, type QueueTicket } from '@flashline/contracts';

import { type FakeEventSource, fakeEventSources } from '../../../../testing/fake-event-source';
import { SALE_SPEC_NOW, saleSpecProviders } from '../../../../testing/sale-spec';
import { FakeSaleServer } from '../../../../testing/sale-fixtures';
import { SalePage } from '../sale.page';

const QUEUE_URL = '/api/flash-sales/s1/queue';

/** The waiting room as the sale page renders it, against a pretend API and a hand-driven sale stream. */
describe('SalePage with a waiting room', () => {
  let fixture: ComponentFixture<SalePage>;
  let server: FakeSaleServer;
  let controller: HttpTestingController;
  let sources: FakeEventSource[];
  const signedIn = signal(true);

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(SALE_SPEC_NOW);
    signedIn.set(true);
    const fake = fakeEventSources();
    sources = fake.sources;
    TestBed.configureTestingModule({
      imports: [SalePage],
      providers: [...saleSpecProviders(fake.factory, signedIn)],
    });
    controller = TestBed.inject(HttpTestingController);
    server = new FakeSaleServer(controller, 45_000);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): HTMLElement | null => element().querySelector(`[data-testid="${id}"]`);
  const text = (id: string): string | undefined => byTestId(id)?.textContent?.replace(/\s+/g, ' ').trim();
  const button = (id: string): HTMLButtonElement => {
    const found = element().querySelector<HTMLButtonElement>(`button[data-testid="${id}"]`);
    if (found === null) throw new Error(`no button ${id}`);
    return found;
  };
  const queueRequests = (method: string) =>
    controller.match((request) => request.url === QUEUE_URL && request.method === method);

  const lineSale = (overrides: Partial<FlashSale> = {}): FlashSale =>
    server.sale({
      quantity: 2,
      remaining: 2,
      waitingRoom: { admitPerSecond: 1, admissionSeconds: 120 },
      ...overrides,
    });
  const ticket = (overrides: Partial<QueueTicket> = {}): QueueTicket => ({
    saleId: 's1',
    status: 'waiting',
    number: 5,
    position: 5,
    estimatedWaitSeconds: 5,
    joinedAt: server.iso(-1_000),
    ...overrides,
  });

  async function update(): Promise<void> {
    await vi.advanceTimersByTimeAsync(1);
    fixture.detectChanges();
  }

  async function render(sale: FlashSale): Promise<FakeEventSource> {
    fixture = TestBed.createComponent(SalePage);
    fixture.componentRef.setInput('id', sale.id);
    fixture.detectChanges();
    server.answerSaleReads(sale);
    await update();
    const stream = sources.at(-1);
    if (stream === undefined) throw new Error('no event stream');
    stream.open();
    return stream;
  }

  it('shows the line instead of a free-for-all Buy, "drawn at start" before the draw', async () => {
    const sale = lineSale({ status: 'upcoming', startsAt: server.iso(60_000) });
    await render(sale);
    server.ok(queueRequests('GET')[0], ticket({ number: null, position: null, estimatedWaitSeconds: null }));
    await update();

    expect(byTestId('buy-button')).toBeNull();
    expect(text('line-status')).toBe('You are in line');
    expect(text('waiting-room')).toContain('The order is drawn at start: joining early gives no edge.');
    expect(text('line-number')).toBe('Drawn at start');
    const announcement = byTestId('line-announcement');
    expect(announcement?.getAttribute('aria-live')).toBe('polite');
    expect(announcement?.textContent?.trim()).toBe(
      'You are in line. The order is drawn when the sale starts.',
    );
  });

  it('number, position, people ahead and wait from the stream; then your turn, its countdown and Buy', async () => {
    const sale = lineSale();
    const stream = await render(sale);
    server.ok(queueRequests('GET')[0], ticket());
    stream.emit({
      remaining: 2,
      held: 0,
      status: 'active',
      paused: false,
      queue: { waiting: 9, admittedUpTo: 2 },
    });
    await update();

    expect(text('line-number')).toBe('#5');
    expect(text('line-position')).toBe('3');
    expect(text('line-ahead')).toBe('2');
    expect(text('line-eta')).toBe('~3 s');
    expect(text('line-outlook')).toContain('Only 2 left for 2 people ahead of you.');

    stream.emit({
      remaining: 2,
      held: 0,
      status: 'active',
      paused: false,
      queue: { waiting: 6, admittedUpTo: 5 },
    });
    server.ok(
      queueRequests('GET')[0],
      ticket({ status: 'admitted', position: 0, admittedUntil: server.iso(120_000) }),
    );
    await update();

    expect(text('line-status')).toBe("It's your turn!");
    expect(text('admission-timer')).toBe('02:00');
    expect(button('buy-button').disabled).toBe(false);
    button('buy-button').click();
    expect(server.pendingReserves()).toHaveLength(1);
  });

  it("units left and in other shoppers' carts, live; the carts part hidden (its space kept) when none; never announced", async () => {
    const stream = await render(lineSale({ quantity: 10, remaining: 10 }));
    server.ok(queueRequests('GET')[0], ticket());
    const queue = { waiting: 9, admittedUpTo: 2 };
    stream.emit({ remaining: 10, held: 0, status: 'active', paused: false, queue });
    await update();

    const carts = (): HTMLElement => {
      const found = byTestId('line-carts');
      if (found === null) throw new Error('no carts part');
      return found;
    };
    expect(text('line-left')).toBe('10 left');
    expect(getComputedStyle(carts()).visibility).toBe('hidden');
    const layout = (): number[] => {
      const box = byTestId('waiting-room')?.getBoundingClientRect();
      const below = byTestId('line-outlook')?.getBoundingClientRect();
      return [box?.height ?? NaN, below?.top ?? NaN];
    };
    const before = layout();
    const spoken = text('line-announcement');

    stream.emit({ remaining: 7, held: 3, status: 'active', paused: false, queue });
    await update();
    expect(text('line-left')).toBe('7 left');
    expect(text('line-carts')).toBe("3 in other shoppers' carts");
    expect(getComputedStyle(carts()).visibility).toBe('visible');

    stream.emit({ remaining: 7, held: 1, status: 'active', paused: false, queue });
    await update();
    expect(text('line-carts')).toBe("1 in another shopper's cart");

    // Nothing moved, and the polite live region said nothing new; the counts sit in no live region.
    expect(layout()).toEqual(before);
    expect(text('line-announcement')).toBe(spoken);
    expect(byTestId('line-stock')?.closest('[aria-live]')).toBeNull();
  });

  it('signed out: "Sign in to join the line" sends the visitor to sign in, then back', async () => {
    signedIn.set(false);
    await render(lineSale());
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    expect(text('join-line')).toBe('Sign in to join the line');
    button('join-line').click();

    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/' } });
    controller.expectNone(QUEUE_URL);
  });

  it('sold out: said at once, kindly', async () => {
    const stream = await render(lineSale());
    server.ok(queueRequests('GET')[0], ticket());
    stream.emit({
      remaining: 0,
      held: 0,
      status: 'sold_out',
      paused: false,
      queue: { waiting: 0, admittedUpTo: 2 },
    });
    await update();

    expect(text('line-status')).toBe('Sold out');
    expect(text('line-sold-out')).toContain("We're sorry: every unit found a buyer while you waited.");
    expect(text('line-announcement')).toBe('Sorry: every unit has been sold while you waited.');
  });

  it('lapsed: says so and offers to join again at the back; leaving says so too', async () => {
    await render(lineSale());
    server.ok(queueRequests('GET')[0], ticket({ status: 'expired', position: null }));
    await update();

    expect(text('line-status')).toBe('Your turn lapsed');
    button('join-line').click();
    server.ok(queueRequests('POST')[0], ticket({ number: 11, position: 9 }), 201);
    await update();
    expect(text('line-number')).toBe('#11');

    button('leave-line').click();
    server.ok(queueRequests('DELETE')[0], null, 204);
    await update();
    expect(text('line-left')).toContain('You left the line.');
  });
});
