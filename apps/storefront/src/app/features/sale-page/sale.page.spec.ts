import { HttpTestingController } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { type FlashSale } from '@flashline/contracts';

import { type FakeEventSource, fakeEventSources } from '../../../testing/fake-event-source';
import { SALE_SPEC_NOW, saleSpecProviders } from '../../../testing/sale-spec';
import { FakeSaleServer } from '../../../testing/sale-fixtures';
import { SalePage } from './sale.page';

const SERVER_AHEAD_MS = -3 * 60_000 - 210;

describe('SalePage', () => {
  let fixture: ComponentFixture<SalePage>;
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
      imports: [SalePage],
      providers: [...saleSpecProviders(fake.factory, signedIn)],
    });
    server = new FakeSaleServer(TestBed.inject(HttpTestingController), SERVER_AHEAD_MS);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string): HTMLElement | null => element().querySelector(`[data-testid="${id}"]`);
  const buyButton = (): HTMLButtonElement => {
    const button = element().querySelector<HTMLButtonElement>('[data-testid="buy-button"]');
    if (button === null) throw new Error('no Buy button');
    return button;
  };

  async function render(sale: FlashSale): Promise<void> {
    fixture = TestBed.createComponent(SalePage);
    fixture.componentRef.setInput('id', sale.id);
    fixture.detectChanges();
    server.answerSaleReads(sale);
    sources.at(-1)?.open();
    await settle(sale, 2_000);
  }

  async function settle(sale: FlashSale, ms: number): Promise<void> {
    for (let passed = 0; passed < ms; passed += 10) {
      await vi.advanceTimersByTimeAsync(10);
      server.answerSaleReads(sale);
    }
    await update();
  }

  /** Renders what changed (timers are fake, so the zoneless scheduler needs a nudge). */
  async function update(): Promise<void> {
    await vi.advanceTimersByTimeAsync(1);
    fixture.detectChanges();
  }

  it('shows the countdown from the server clock and enables Buy by itself when it ends', async () => {
    const sale = server.sale({ status: 'upcoming', startsAt: server.iso(7_000) });
    await render(sale);

    // 5 s left by the server, though the browser's clock is 3 minutes off.
    expect(byTestId('sale-countdown')?.textContent?.trim()).toMatch(/^00:0[56]$/);
    expect(byTestId('sale-status')?.textContent?.trim()).toBe('Upcoming');
    expect(buyButton().disabled).toBe(true);
    expect(buyButton().textContent?.trim()).toBe('Opens soon');
    expect(byTestId('sale-announcement')?.textContent?.trim()).toBe('The sale starts in 10 seconds.');

    await settle(sale, 4_800);
    expect(buyButton().disabled).toBe(true);
    await settle(sale, 300);

    expect(buyButton().disabled).toBe(false);
    expect(buyButton().textContent?.trim()).toBe('Buy now');
    expect(byTestId('sale-countdown')).toBeNull();
    expect(byTestId('sale-status')?.textContent?.trim()).toBe('Live now');
    expect(byTestId('sale-announcement')?.textContent?.trim()).toBe('The sale is live.');
  });

  it('renders live remaining, and a hold with its timer after Buy', async () => {
    const sale = server.sale();
    await render(sale);
    sources.at(-1)?.emit({ remaining: 3, held: 0, status: 'active', paused: false });
    await update();
    expect(byTestId('sale-remaining')?.textContent?.trim()).toBe('3');

    buyButton().click();
    buyButton().click();
    await update();
    expect(buyButton().disabled).toBe(true);
    expect(buyButton().textContent?.trim()).toBe('Reserving…');
    const reserves = server.pendingReserves();
    expect(reserves).toHaveLength(1);
    server.ok(reserves[0], server.reservation({ expiresAt: server.iso(120_000) }), 201);
    await update();

    expect(byTestId('hold-timer')?.textContent?.trim()).toBe('02:00');
    expect(byTestId('go-to-checkout')?.getAttribute('href')).toBe('/checkout/s1.r1');
  });

  it.each([
    [409, 'SOLD_OUT', 'This flash sale is sold out.', 'Sold out.'],
    [409, 'LIMIT_REACHED', 'You have reached the limit for this sale (1 per customer).', 'Limit reached.'],
    [409, 'SALE_NOT_ACTIVE', 'This flash sale is not active.', 'Not open.'],
  ] as const)('a %i %s shows the API message', async (status, code, message, title) => {
    const sale = server.sale();
    await render(sale);

    buyButton().click();
    server.fail(server.pendingReserves()[0], status, code, message);
    await update();

    const error = byTestId('purchase-error');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toContain(title);
    expect(error?.textContent).toContain(message);
  });

  it('rate limited: shows the seconds from Retry-After, counting down', async () => {
    const sale = server.sale();
    await render(sale);

    buyButton().click();
    server.fail(server.pendingReserves()[0], 429, 'RATE_LIMITED', 'Too many requests.', {
      'Retry-After': '9',
    });
    await update();

    expect(byTestId('purchase-error')?.textContent).toContain('Too many requests.');
    expect(byTestId('retry-after')?.textContent?.trim()).toBe('Try again in 9 s.');
    expect(buyButton().disabled).toBe(true);

    await settle(sale, 9_100);
    expect(byTestId('retry-after')).toBeNull();
    expect(buyButton().disabled).toBe(false);
  });

  it('expired: the hold timer runs out and the page says so', async () => {
    const sale = server.sale();
    await render(sale);
    buyButton().click();
    server.ok(server.pendingReserves()[0], server.reservation({ expiresAt: server.iso(3_000) }), 201);
    await update();
    expect(byTestId('hold')).not.toBeNull();

    await vi.advanceTimersByTimeAsync(3_100);
    const check = TestBed.inject(HttpTestingController).expectOne('/api/reservations/s1.r1');
    server.ok(check, server.reservation({ status: 'expired' }));
    await update();

    expect(byTestId('hold')).toBeNull();
    expect(byTestId('hold-expired')?.textContent).toContain('Your hold expired.');
    expect(buyButton().disabled).toBe(false);
  });

  it('network error: says so and offers Buy again', async () => {
    const sale = server.sale();
    await render(sale);
    buyButton().click();
    server.pendingReserves()[0].error(new ProgressEvent('error'));
    await update();

    expect(byTestId('purchase-error')?.textContent).toContain("We couldn't reach Flashline.");
    expect(buyButton().disabled).toBe(false);
  });

  it('a visitor who is not signed in is sent to sign in, then back', async () => {
    signedIn.set(false);
    const sale = server.sale();
    await render(sale);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    expect(buyButton().textContent?.trim()).toBe('Sign in to buy');
    buyButton().click();

    expect(server.pendingReserves()).toHaveLength(0);
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { returnUrl: '/' } });
  });
});
