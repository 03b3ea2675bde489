import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { type PaymentIntentResponse } from '@flashline/contracts';

import { FakeStripe, cardError, fakeStripeLoader } from '../../../testing/fake-stripe';
import { FakeSaleServer } from '../../../testing/sale-fixtures';
import { STOREFRONT_CONFIG } from '../../core/config/storefront-config';
import { CheckoutPage } from './checkout.page';
import { STRIPE_LOADER } from './stripe-loader';

const INTENT: PaymentIntentResponse = {
  paymentIntentId: 'pi_123',
  clientSecret: 'pi_123_secret_abc',
  amountCents: 4_900,
  currency: 'usd',
};

@Component({ template: 'order' })
class OrderStub {}

describe('CheckoutPage', () => {
  let fixture: ComponentFixture<CheckoutPage>;
  let controller: HttpTestingController;
  let server: FakeSaleServer;
  let stripe: FakeStripe;

  /** `stripeLoads: false`: Stripe.js fails to load (the network, a blocker). */
  function setUp(publishableKey: string | null, stripeLoads = true): void {
    stripe = new FakeStripe();
    TestBed.configureTestingModule({
      imports: [CheckoutPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'orders/:id', component: OrderStub }]),
        { provide: STOREFRONT_CONFIG, useValue: { stripePublishableKey: publishableKey } },
        { provide: STRIPE_LOADER, useValue: fakeStripeLoader(stripeLoads ? stripe : null) },
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    server = new FakeSaleServer(controller, 0);
  }

  afterEach(() => {
    fixture.destroy();
    controller.verify();
    TestBed.resetTestingModule();
  });

  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    element().querySelector<T>(`[data-testid="${id}"]`);

  /** Renders checkout for an active reservation and answers its reads and the payment intent. */
  async function renderReady(): Promise<void> {
    fixture = TestBed.createComponent(CheckoutPage);
    fixture.componentRef.setInput('reservationId', 's1.r1');
    await fixture.whenStable();
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation());
    server.ok(controller.expectOne('/api/products/p1'), { id: 'p1', name: 'Aurora Sneaker' });
    server.ok(controller.expectOne('/api/reservations/s1.r1/payment-intent'), INTENT);
    server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation());
    await render();
  }

  /** Renders, runs pending promises (Stripe.js calls), and renders what they changed. */
  async function render(): Promise<void> {
    await fixture.whenStable();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await fixture.whenStable();
  }

  it('simulated mode: "Pay (test mode)", and no card form nor Stripe.js', async () => {
    setUp(null);
    await renderReady();

    expect(byTestId('pay-test-mode')?.textContent).toContain('Pay (test mode)');
    expect(byTestId('card-form')).toBeNull();
    expect(stripe.elementsCalls).toEqual([]);
  });

  describe('Stripe mode', () => {
    it('mounts the Payment Element in the page; Pay turns on once it is ready', async () => {
      setUp('pk_test_123');
      await renderReady();

      expect(byTestId('pay-test-mode')).toBeNull();
      expect(byTestId('card-form')?.querySelector('[data-fake-stripe="payment-element"]')).not.toBeNull();
      expect(stripe.elementsCalls).toEqual([expect.objectContaining({ clientSecret: INTENT.clientSecret })]);
      const pay = byTestId<HTMLButtonElement>('pay-card');
      expect(pay?.textContent?.trim()).toBe('Pay $49.00');
      expect(pay?.disabled).toBe(true);

      stripe.element.emit('ready');
      await render();
      expect(pay?.disabled).toBe(false);
    });

    it('pays: Stripe confirms, the page waits for the webhook-made order, then shows it', async () => {
      setUp('pk_test_123');
      await renderReady();
      stripe.element.emit('ready');
      await render();

      byTestId<HTMLButtonElement>('pay-card')?.click();
      await render();
      expect(stripe.confirmCalls).toHaveLength(1);
      expect(byTestId('confirming')?.textContent).toContain('Confirming your order');
      // The form is gone once the payment is sent: its element is destroyed.
      expect(stripe.element.destroyed).toBe(true);

      server.ok(
        controller.expectOne('/api/reservations/s1.r1'),
        server.reservation({ status: 'completed', orderId: 'o1' }),
      );
      await render();
      expect(TestBed.inject(Router).url).toBe('/orders/o1?placed=1');
    });

    it('a declined card: the hold is released and the page says so, with Stripe’s reason', async () => {
      setUp('pk_test_123');
      await renderReady();
      stripe.element.emit('ready');
      stripe.nextConfirmation = () => Promise.resolve(cardError('Your card has insufficient funds.'));
      await render();

      byTestId<HTMLButtonElement>('pay-card')?.click();
      await render();
      const release = controller.expectOne('/api/reservations/s1.r1');
      expect(release.request.method).toBe('DELETE');
      server.ok(release, null, 204);
      server.ok(controller.expectOne('/api/reservations/s1.r1'), server.reservation({ status: 'cancelled' }));
      await render();

      const outcome = byTestId('checkout-outcome')?.textContent ?? '';
      expect(outcome).toContain('Your card has insufficient funds.');
      expect(outcome).toContain('we released your hold');
      expect(byTestId('card-form')).toBeNull();
    });

    it('Stripe.js that cannot load says so and offers to try again', async () => {
      setUp('pk_test_123', false);
      await renderReady();

      expect(byTestId('card-form-unavailable')?.textContent).toContain("The card form didn't load.");
      expect(byTestId<HTMLButtonElement>('pay-card')?.disabled).toBe(true);
    });
  });
});
