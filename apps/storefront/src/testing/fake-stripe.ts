import type { PaymentIntent, PaymentIntentResult, Stripe } from '@stripe/stripe-js';

import { type StripeLoader } from '../app/features/checkout/stripe-loader';

type Handler = (event?: unknown) => void;

/** A Payment Element stand-in: mounts a visible box, and lets the test fire Stripe's events. */
export class FakePaymentElement {
  host: HTMLElement | null = null;
  destroyed = false;
  private readonly handlers = new Map<string, Handler[]>();

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  mount(host: HTMLElement): void {
    this.host = host;
    const frame = host.ownerDocument.createElement('div');
    frame.dataset['fakeStripe'] = 'payment-element';
    frame.textContent = 'Card number · MM / YY · CVC';
    host.append(frame);
  }

  destroy(): void {
    this.destroyed = true;
    this.host?.replaceChildren();
  }

  emit(event: string, payload?: unknown): void {
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }
}

/**
 * The parts of Stripe.js checkout uses, recorded and answered by the test: no script is loaded and no
 * request leaves the browser. Hand it to checkout with {@link fakeStripeLoader}.
 */
export class FakeStripe {
  readonly elementsCalls: unknown[] = [];
  readonly createCalls: { type: string; options: unknown }[] = [];
  readonly confirmCalls: Record<string, unknown>[] = [];
  readonly paymentElements: FakePaymentElement[] = [];
  /** What the next `confirmPayment` answers; a rejected promise stands for a network failure. */
  nextConfirmation: () => Promise<PaymentIntentResult> = () => Promise.resolve(succeeded());

  elements(options: unknown): { create: (type: string, options: unknown) => FakePaymentElement } {
    this.elementsCalls.push(options);
    return {
      create: (type, createOptions) => {
        this.createCalls.push({ type, options: createOptions });
        const element = new FakePaymentElement();
        this.paymentElements.push(element);
        return element;
      },
    };
  }

  confirmPayment(options: Record<string, unknown>): Promise<PaymentIntentResult> {
    this.confirmCalls.push(options);
    return this.nextConfirmation();
  }

  /** The element mounted last. */
  get element(): FakePaymentElement {
    const element = this.paymentElements.at(-1);
    if (!element) throw new Error('no Payment Element was created');
    return element;
  }
}

/** A loader that records the keys it was asked for and answers with `stripe` (null: Stripe.js failed). */
export function fakeStripeLoader(stripe: FakeStripe | null): StripeLoader & { keys: string[] } {
  const keys: string[] = [];
  const loader = (key: string): Promise<Stripe | null> => {
    keys.push(key);
    // The fake covers only what checkout calls; the cast is the seam between it and Stripe's full type.
    return Promise.resolve(stripe as unknown as Stripe | null);
  };
  return Object.assign(loader, { keys });
}

/** Stripe's answer for an intent in `status` (only the fields checkout reads). */
export function intentResult(
  status: PaymentIntent['status'],
  lastPaymentError?: PaymentIntent['last_payment_error'],
): PaymentIntentResult {
  return {
    paymentIntent: { id: 'pi_123', status, last_payment_error: lastPaymentError ?? null } as PaymentIntent,
  };
}

export function succeeded(): PaymentIntentResult {
  return intentResult('succeeded');
}

export function cardError(message: string, declineCode = 'generic_decline'): PaymentIntentResult {
  return { error: { type: 'card_error', code: 'card_declined', decline_code: declineCode, message } };
}
