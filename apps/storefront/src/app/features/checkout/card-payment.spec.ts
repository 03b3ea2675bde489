import { TestBed } from '@angular/core/testing';
import type { PaymentIntentResult } from '@stripe/stripe-js';

import {
  FakeStripe,
  cardError,
  fakeStripeLoader,
  intentResult,
  succeeded,
} from '../../../testing/fake-stripe';
import { STOREFRONT_CONFIG } from '../../core/config/storefront-config';
import {
  CARD_DECLINED_MESSAGE,
  CardPayment,
  STRIPE_UNREACHABLE_MESSAGE,
  outcomeOfConfirmation,
} from './card-payment';
import { STRIPE_LOADER, type StripeLoader } from './stripe-loader';

describe('outcomeOfConfirmation', () => {
  it.each<[string, PaymentIntentResult, ReturnType<typeof outcomeOfConfirmation>]>([
    ['succeeded', succeeded(), { kind: 'submitted' }],
    ['processing (the webhook decides later)', intentResult('processing'), { kind: 'submitted' }],
    [
      'a card error',
      cardError('Your card has insufficient funds.'),
      { kind: 'declined', message: 'Your card has insufficient funds.' },
    ],
    [
      'a failed attempt left on the intent',
      intentResult('requires_payment_method', {
        type: 'card_error',
        message: 'Your card was declined.',
      } as NonNullable<Parameters<typeof intentResult>[1]>),
      { kind: 'declined', message: 'Your card was declined.' },
    ],
    ['a cancelled intent', intentResult('canceled'), { kind: 'declined', message: CARD_DECLINED_MESSAGE }],
    [
      'an incomplete form',
      { error: { type: 'validation_error', message: 'Your card number is incomplete.' } },
      { kind: 'invalid', message: 'Your card number is incomplete.' },
    ],
    [
      'no connection to Stripe',
      { error: { type: 'api_connection_error', message: 'Failed to fetch' } },
      { kind: 'failed', message: STRIPE_UNREACHABLE_MESSAGE },
    ],
    [
      'an unfinished authentication',
      intentResult('requires_action'),
      { kind: 'failed', message: 'The payment was not completed. Please pay again.' },
    ],
  ])('%s', (_name, result, outcome) => {
    expect(outcomeOfConfirmation(result)).toEqual(outcome);
  });
});

describe('CardPayment', () => {
  let card: CardPayment;
  let host: HTMLElement;

  function setUp(loader: StripeLoader, publishableKey: string | null = 'pk_test_123'): void {
    TestBed.configureTestingModule({
      providers: [
        { provide: STOREFRONT_CONFIG, useValue: { stripePublishableKey: publishableKey } },
        { provide: STRIPE_LOADER, useValue: loader },
        CardPayment,
      ],
    });
    card = TestBed.inject(CardPayment);
    host = document.createElement('div');
    document.body.append(host);
  }

  afterEach(() => {
    host.remove();
    TestBed.resetTestingModule();
  });

  it('loads Stripe.js with the publishable key and mounts the Payment Element for the client secret', async () => {
    const stripe = new FakeStripe();
    const loader = fakeStripeLoader(stripe);
    setUp(loader);

    const mounted = card.mount(host, 'pi_123_secret_abc');
    expect(card.state()).toBe('loading');
    await mounted;

    expect(loader.keys).toEqual(['pk_test_123']);
    expect(stripe.elementsCalls).toEqual([expect.objectContaining({ clientSecret: 'pi_123_secret_abc' })]);
    expect(stripe.createCalls.map((call) => call.type)).toEqual(['payment']);
    expect(host.querySelector('[data-fake-stripe="payment-element"]')).not.toBeNull();
    // Usable only once Stripe says the element is ready.
    expect(card.state()).toBe('loading');
    stripe.element.emit('ready');
    expect(card.state()).toBe('ready');
  });

  it('confirms with redirect only when required, returning to the given URL', async () => {
    const stripe = new FakeStripe();
    setUp(fakeStripeLoader(stripe));
    await card.mount(host, 'pi_123_secret_abc');
    stripe.element.emit('ready');

    await expect(card.confirm('http://shop.test/checkout/s1.r1')).resolves.toEqual({ kind: 'submitted' });
    expect(stripe.confirmCalls).toEqual([
      {
        elements: expect.anything(),
        redirect: 'if_required',
        confirmParams: { return_url: 'http://shop.test/checkout/s1.r1' },
      },
    ]);
  });

  it('a confirmation that throws (network) is a failure to retry, never an exception', async () => {
    const stripe = new FakeStripe();
    stripe.nextConfirmation = () => Promise.reject(new TypeError('Failed to fetch'));
    setUp(fakeStripeLoader(stripe));
    await card.mount(host, 'secret');
    stripe.element.emit('ready');

    await expect(card.confirm('http://shop.test/')).resolves.toEqual({
      kind: 'failed',
      message: STRIPE_UNREACHABLE_MESSAGE,
    });
  });

  it('will not confirm before the form is ready', async () => {
    const stripe = new FakeStripe();
    setUp(fakeStripeLoader(stripe));
    await card.mount(host, 'secret');

    await expect(card.confirm('http://shop.test/')).resolves.toMatchObject({ kind: 'failed' });
    expect(stripe.confirmCalls).toEqual([]);
  });

  it('Stripe.js that does not load (null or a rejected import) leaves the form unavailable; a new mount tries again', async () => {
    const stripe = new FakeStripe();
    let attempt = 0;
    setUp(() => {
      attempt++;
      if (attempt === 1) return Promise.reject(new Error('ChunkLoadError'));
      if (attempt === 2) return Promise.resolve(null);
      return fakeStripeLoader(stripe)('pk_test_123');
    });

    await card.mount(host, 'secret');
    expect(card.state()).toBe('unavailable');
    await card.mount(host, 'secret');
    expect(card.state()).toBe('unavailable');
    await card.mount(host, 'secret');
    stripe.element.emit('ready');
    expect(card.state()).toBe('ready');
  });

  it('a load error inside the element makes the form unavailable', async () => {
    const stripe = new FakeStripe();
    setUp(fakeStripeLoader(stripe));
    await card.mount(host, 'secret');

    stripe.element.emit('loaderror', { error: { type: 'api_connection_error' } });
    expect(card.state()).toBe('unavailable');
  });

  it('unmounting destroys the element; a load that finishes after unmount mounts nothing', async () => {
    const stripe = new FakeStripe();
    setUp(fakeStripeLoader(stripe));
    await card.mount(host, 'secret');
    card.unmount();
    expect(stripe.element.destroyed).toBe(true);
    expect(card.state()).toBe('idle');

    const late = card.mount(host, 'secret');
    card.unmount();
    await late;
    expect(stripe.paymentElements).toHaveLength(1);
    expect(card.state()).toBe('idle');
  });

  it('loads nothing without a publishable key', async () => {
    const loader = fakeStripeLoader(new FakeStripe());
    setUp(loader, null);

    await card.mount(host, 'secret');
    expect(loader.keys).toEqual([]);
    expect(card.state()).toBe('unavailable');
  });
});
