import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type {
  Appearance,
  PaymentIntentResult,
  Stripe,
  StripeElements,
  StripePaymentElement,
} from '@stripe/stripe-js';

import { STOREFRONT_CONFIG } from '../../core/config/storefront-config';
import { STRIPE_LOADER } from './stripe-loader';

/** The card form's life: nothing yet, Stripe.js and the Payment Element loading, usable, or failed to load. */
export type CardFormState = 'idle' | 'loading' | 'ready' | 'unavailable';

/** What a confirmation attempt means for the reservation. */
export type CardPaymentOutcome =
  /** Stripe took the payment (or is processing it): the webhook makes the order. */
  | { readonly kind: 'submitted' }
  /** The card or payment method was refused: nothing was charged, the intent needs a new payment method. */
  | { readonly kind: 'declined'; readonly message: string }
  /** The form is incomplete or invalid: the shopper fixes it (Stripe marks the fields) and pays again. */
  | { readonly kind: 'invalid'; readonly message: string }
  /** Stripe could not be reached, or refused the request: nothing changed, paying again is safe. */
  | { readonly kind: 'failed'; readonly message: string };

export const CARD_DECLINED_MESSAGE = 'Your card was declined.';
export const STRIPE_UNREACHABLE_MESSAGE =
  "We couldn't reach our payment provider. Check your connection and pay again.";

/** The Payment Element in the storefront's colours (styles.css tokens; the iframe cannot read CSS variables). */
const APPEARANCE: Appearance = {
  theme: 'stripe',
  variables: {
    colorPrimary: '#be123c',
    colorText: '#111827',
    colorTextSecondary: '#52525b',
    colorDanger: '#be123c',
    borderRadius: '10px',
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
};

/** Reads `stripe.confirmPayment`'s answer (with `redirect: 'if_required'`) as an outcome. */
export function outcomeOfConfirmation(result: PaymentIntentResult): CardPaymentOutcome {
  if (result.error) {
    const message = result.error.message ?? '';
    switch (result.error.type) {
      case 'card_error':
        return { kind: 'declined', message: message || CARD_DECLINED_MESSAGE };
      case 'validation_error':
        return { kind: 'invalid', message: message || 'Check your card details.' };
      case 'api_connection_error':
        return { kind: 'failed', message: STRIPE_UNREACHABLE_MESSAGE };
      default:
        return { kind: 'failed', message: message || STRIPE_UNREACHABLE_MESSAGE };
    }
  }
  const intent = result.paymentIntent;
  switch (intent.status) {
    case 'succeeded':
    case 'processing':
    case 'requires_capture':
      return { kind: 'submitted' };
    case 'requires_payment_method':
    case 'canceled':
      return {
        kind: 'declined',
        message: intent.last_payment_error?.message ?? CARD_DECLINED_MESSAGE,
      };
    default:
      // `requires_action` / `requires_confirmation`: the shopper left an authentication step unfinished.
      return { kind: 'failed', message: 'The payment was not completed. Please pay again.' };
  }
}

interface MountedForm {
  readonly stripe: Stripe;
  readonly elements: StripeElements;
  readonly element: StripePaymentElement;
}

/**
 * Stripe mode's card form: loads Stripe.js lazily (only here, only with a publishable key), mounts the
 * Payment Element for a PaymentIntent's client secret and confirms it. The order itself is made by the
 * API's webhook; the checkout store waits for it as in simulated mode.
 */
@Injectable()
export class CardPayment {
  private readonly loadStripe = inject(STRIPE_LOADER);
  private readonly publishableKey = inject(STOREFRONT_CONFIG).stripePublishableKey;
  private readonly stateSignal = signal<CardFormState>('idle');
  private stripe: Stripe | null = null;
  private mounted: MountedForm | null = null;
  /** Bumped by every mount and unmount, so a load that finishes after either is dropped. */
  private generation = 0;

  readonly state = this.stateSignal.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.unmount());
  }

  /** Mounts the Payment Element for `clientSecret` into `host` (replacing any form mounted before). */
  async mount(host: HTMLElement, clientSecret: string): Promise<void> {
    this.unmount();
    const generation = this.generation;
    this.stateSignal.set('loading');
    const stripe = await this.loadOnce();
    if (generation !== this.generation) return;
    if (stripe === null) {
      this.stateSignal.set('unavailable');
      return;
    }
    try {
      const elements = stripe.elements({ clientSecret, appearance: APPEARANCE });
      const element = elements.create('payment', { layout: 'tabs' });
      element.on('ready', () => this.setIfCurrent(generation, 'ready'));
      element.on('loaderror', () => this.setIfCurrent(generation, 'unavailable'));
      element.mount(host);
      this.mounted = { stripe, elements, element };
    } catch {
      this.stateSignal.set('unavailable');
    }
  }

  /** Confirms the mounted form's PaymentIntent; never throws. A redirect-based method returns to `returnUrl`. */
  async confirm(returnUrl: string): Promise<CardPaymentOutcome> {
    const form = this.mounted;
    if (form === null || this.stateSignal() !== 'ready') {
      return { kind: 'failed', message: 'The card form is not ready yet.' };
    }
    try {
      const result = await form.stripe.confirmPayment({
        elements: form.elements,
        redirect: 'if_required',
        confirmParams: { return_url: returnUrl },
      });
      return outcomeOfConfirmation(result);
    } catch {
      return { kind: 'failed', message: STRIPE_UNREACHABLE_MESSAGE };
    }
  }

  unmount(): void {
    this.generation++;
    this.mounted?.element.destroy();
    this.mounted = null;
    this.stateSignal.set('idle');
  }

  /** Stripe.js once it loaded; a failed load is tried again on the next mount. */
  private async loadOnce(): Promise<Stripe | null> {
    if (this.stripe !== null) return this.stripe;
    if (this.publishableKey === null) return null;
    try {
      this.stripe = await this.loadStripe(this.publishableKey);
    } catch {
      this.stripe = null;
    }
    return this.stripe;
  }

  private setIfCurrent(generation: number, state: CardFormState): void {
    if (generation === this.generation) this.stateSignal.set(state);
  }
}
