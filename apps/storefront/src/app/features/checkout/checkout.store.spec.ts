import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type PaymentIntentResponse, type ReservationStatus } from '@flashline/contracts';

import { FakeStripe, cardError, fakeStripeLoader, succeeded } from '../../../testing/fake-stripe';
import { FakeSaleServer } from '../../../testing/sale-fixtures';
import { serverClockInterceptor } from '../../core/clock/server-clock.interceptor';
import { STOREFRONT_CONFIG } from '../../core/config/storefront-config';
import { CardPayment } from './card-payment';
import { CONFIRM_GIVE_UP_MS, CheckoutStore, confirmPollDelay, stepForStatus } from './checkout.store';
import { STRIPE_LOADER, type StripeLoader } from './stripe-loader';

const INTENT: PaymentIntentResponse = {
  paymentIntentId: 'pi_123',
  clientSecret: 'pi_123_secret_abc',
  amountCents: 4_900,
  currency: 'usd',
};

describe('stepForStatus', () => {
  it.each<[ReservationStatus, boolean, string]>([
    ['active', false, 'ready'],
    ['paid', false, 'confirming'],
    ['completed', false, 'completed'],
    ['refunded', false, 'refunded'],
    ['cancelled', false, 'cancelled'],
    ['cancelled', true, 'declined'],
    ['expired', false, 'expired'],
  ])('%s (after a decline: %s) → %s', (status, afterDecline, step) => {
    expect(stepForStatus(status, afterDecline)).toBe(step);
  });

  it('polls with a growing delay, capped at 3 s', () => {
    expect([1, 2, 3, 4, 10].map(confirmPollDelay)).toEqual([300, 480, 768, 1229, 3000]);
  });
});

describe('CheckoutStore', () => {
  let store: CheckoutStore;
  let controller: HttpTestingController;
  let server: FakeSaleServer;

  function setUp(publishableKey: string | null = null, loader: StripeLoader = fakeStripeLoader(null)): void {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([serverClockInterceptor])),
        provideHttpClientTesting(),
        { provide: STOREFRONT_CONFIG, useValue: { stripePublishableKey: publishableKey } },
        { provide: STRIPE_LOADER, useValue: loader },
        CheckoutStore,
        CardPayment,
      ],
    });
    store = TestBed.inject(CheckoutStore);
    controller = TestBed.inject(HttpTestingController);
    server = new FakeSaleServer(controller, 0);
  }

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  /** Opens checkout for an active reservation and gets its payment intent. */
  function openReady(expiresInMs = 600_000, graceMs = 300_000): void {
    store.open('s1.r1');
    server.ok(
      controller.expectOne('/api/reservations/s1.r1'),
      server.reservation({ expiresAt: server.iso(expiresInMs) }),
    );
    server.ok(controller.expectOne('/api/products/p1'), { id: 'p1', name: 'Aurora Sneaker' });
    const intent = controller.expectOne('/api/reservations/s1.r1/payment-intent');
    expect(intent.request.method).toBe('POST');
    server.ok(intent, INTENT);
    // Making the intent extends the hold by a grace period: the reservation is read again.
    server.ok(
      controller.expectOne('/api/reservations/s1.r1'),
      server.reservation({ expiresAt: server.iso(expiresInMs + graceMs) }),
    );
  }

  it('is in simulated mode without a publishable key, Stripe mode with one', () => {
    setUp();
    expect(store.mode).toBe('simulated');
    TestBed.resetTestingModule();
    setUp('pk_test_123');
    expect(store.mode).toBe('stripe');
  });

  it('gets the payment intent, then "Pay (test mode)" succeeds and polls with backoff until the order exists', async () => {
    setUp();
    openReady();
    expect(store.step()).toBe('ready');
    expect(Math.abs(store.holdMsLeft() - 900_000)).toBeLessThanOrEqual(1_000);
    expect(store.lines()[0]).toMatchObject({ name: 'Aurora Sneaker', quantity: 1 });

    store.payInTestMode();
    store.payInTestMode();
    const pay = controller.expectOne('/api/dev/payments/pi_123/succeed');
    expect(pay.request.method).toBe('POST');
    expect(store.step()).toBe('paying');
    server.ok(pay, { ok: true });

    expect(store.step()).toBe('confirming');
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'paid' }));
    await vi.advanceTimersByTimeAsync(299);
    controller.expectNone('/api/reservations/s1.r1');
    await vi.advanceTimersByTimeAsync(1);
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'paid' }));
    await vi.advanceTimersByTimeAsync(480);
    server.ok(
      controller.expectOne('/api/reservations/s1.r1'),
      server.reservation({ status: 'completed', orderId: 'o1' }),
    );

    expect(store.step()).toBe('completed');
    expect(store.reservation()?.orderId).toBe('o1');
    await vi.advanceTimersByTimeAsync(10_000);
    controller.expectNone('/api/reservations/s1.r1');
  });

  it('"Simulate a declined card": the hold is released and the page says declined', async () => {
    setUp();
    openReady();

    store.declineInTestMode();
    server.ok(controller.expectOne('/api/dev/payments/pi_123/fail'), {});
    // The failure webhook may land a moment later: `active` means keep waiting.
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'active' }));
    expect(store.step()).toBe('confirming');
    await vi.advanceTimersByTimeAsync(300);
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'cancelled' }));

    expect(store.step()).toBe('declined');
  });

  it('a payment that lands after the hold and finds no stock is refunded', async () => {
    setUp();
    openReady();
    store.payInTestMode();
    server.ok(controller.expectOne('/api/dev/payments/pi_123/succeed'), {});
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'refunded' }));

    expect(store.step()).toBe('refunded');
  });

  it('410 from the payment intent: the hold expired', () => {
    setUp();
    store.open('s1.r1');
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation());
    controller.match('/api/products/p1');
    server.fail(
      controller.expectOne('/api/reservations/s1.r1/payment-intent'),
      410,
      'RESERVATION_EXPIRED',
      'This reservation has expired.',
    );

    expect(store.step()).toBe('expired');
  });

  it('the hold timer running out before paying ends in "expired"', async () => {
    setUp();
    openReady(2_000, 0);

    // One Date-header sample knows the server time to ±0.5 s.
    await vi.advanceTimersByTimeAsync(2_600);
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'expired' }));

    expect(store.step()).toBe('expired');
    expect(store.holdMsLeft()).toBe(0);
  });

  it('opening a reservation that is already paid goes straight to waiting for the order', () => {
    setUp();
    store.open('s1.r1');
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'paid' }));
    controller.match('/api/products/p1');

    expect(store.step()).toBe('confirming');
    server.ok(
      controller.expectOne('/api/reservations/s1.r1'),
      server.reservation({ status: 'completed', orderId: 'o9' }),
    );
    expect(store.step()).toBe('completed');
  });

  it('gives up waiting after a minute and says the order may still come', async () => {
    setUp();
    openReady();
    store.payInTestMode();
    server.ok(controller.expectOne('/api/dev/payments/pi_123/succeed'), {});

    for (let waited = 0; waited <= CONFIRM_GIVE_UP_MS; waited += 100) {
      controller
        .match('/api/reservations/s1.r1')
        .forEach((read) => server.ok(read, server.reservation({ status: 'paid' })));
      await vi.advanceTimersByTimeAsync(100);
    }

    expect(store.step()).toBe('timed_out');
  });

  it('unknown reservation: not found', () => {
    setUp();
    store.open('nope');
    server.fail(controller.expectOne('/api/reservations/nope'), 404, 'NOT_FOUND', 'Reservation not found.');

    expect(store.step()).toBe('not_found');
  });

  describe('Stripe mode (a fake Stripe.js: no network)', () => {
    let stripe: FakeStripe;
    let host: HTMLElement;

    /** Lets the awaited Stripe.js calls (promises, not timers) settle. */
    async function settle(): Promise<void> {
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }

    /** Checkout ready to pay: intent made, Payment Element mounted and ready. */
    async function openWithCardForm(): Promise<void> {
      stripe = new FakeStripe();
      setUp('pk_test_123', fakeStripeLoader(stripe));
      openReady();
      host = document.createElement('div');
      store.mountCardForm(host);
      await settle();
      stripe.element.emit('ready');
    }

    it('mounts the Payment Element with the intent client secret, confirms with Stripe, then waits for the webhook-made order', async () => {
      await openWithCardForm();
      expect(stripe.elementsCalls).toEqual([expect.objectContaining({ clientSecret: INTENT.clientSecret })]);
      expect(store.canPayByCard()).toBe(true);

      store.payWithCard();
      store.payWithCard();
      expect(store.step()).toBe('paying');
      await settle();

      expect(stripe.confirmCalls).toHaveLength(1);
      expect(stripe.confirmCalls[0]).toMatchObject({
        redirect: 'if_required',
        confirmParams: { return_url: new URL('/checkout/s1.r1', document.baseURI).href },
      });
      controller.expectNone((request) => request.url.startsWith('/api/dev/'));
      expect(store.step()).toBe('confirming');
      server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'paid' }));
      await vi.advanceTimersByTimeAsync(300);
      server.ok(
        controller.expectOne('/api/reservations/s1.r1'),
        server.reservation({ status: 'completed', orderId: 'o1' }),
      );
      expect(store.step()).toBe('completed');
      expect(store.reservation()?.orderId).toBe('o1');
    });

    it('a declined card releases the hold at once and says why', async () => {
      await openWithCardForm();
      stripe.nextConfirmation = () => Promise.resolve(cardError('Your card has insufficient funds.'));

      store.payWithCard();
      await settle();

      const release = controller.expectOne('/api/reservations/s1.r1');
      expect(release.request.method).toBe('DELETE');
      server.ok(release, null, 204);
      server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'cancelled' }));
      expect(store.step()).toBe('declined');
      expect(store.cardMessage()).toBe('Your card has insufficient funds.');
    });

    it('a decline the webhook already released is still reported as declined (the DELETE is idempotent)', async () => {
      await openWithCardForm();
      stripe.nextConfirmation = () => Promise.resolve(cardError('Your card was declined.'));

      store.payWithCard();
      await settle();
      server.fail(controller.expectOne('/api/reservations/s1.r1'), 503, 'SERVICE_UNAVAILABLE', 'Down.');
      server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'cancelled' }));

      expect(store.step()).toBe('declined');
    });

    it('an incomplete card form keeps the hold and its timer, and says what to fix', async () => {
      await openWithCardForm();
      stripe.nextConfirmation = () =>
        Promise.resolve({ error: { type: 'validation_error', message: 'Your card number is incomplete.' } });

      store.payWithCard();
      await settle();

      controller.expectNone('/api/reservations/s1.r1');
      expect(store.step()).toBe('ready');
      expect(store.cardMessage()).toBe('Your card number is incomplete.');
      expect(store.holdMsLeft()).toBeGreaterThan(0);
      // Paying again is allowed and clears the message.
      stripe.nextConfirmation = () => Promise.resolve(succeeded());
      store.payWithCard();
      expect(store.cardMessage()).toBeNull();
      await settle();
      expect(store.step()).toBe('confirming');
      expect(stripe.confirmCalls).toHaveLength(2);
      controller.match('/api/reservations/s1.r1');
    });

    it('Pay stays off until the Payment Element is ready', async () => {
      stripe = new FakeStripe();
      setUp('pk_test_123', fakeStripeLoader(stripe));
      openReady();
      store.mountCardForm(document.createElement('div'));
      await settle();

      expect(store.canPay()).toBe(true);
      expect(store.canPayByCard()).toBe(false);
      store.payWithCard();
      expect(stripe.confirmCalls).toEqual([]);
      expect(store.step()).toBe('ready');
    });

    it('simulated mode never loads Stripe.js', async () => {
      const loader = fakeStripeLoader(new FakeStripe());
      setUp(null, loader);
      openReady();
      store.mountCardForm(document.createElement('div'));
      await settle();

      expect(loader.keys).toEqual([]);
      expect(store.cardForm()).toBe('idle');
    });
  });
});
