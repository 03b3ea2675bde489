import { InjectionToken } from '@angular/core';
// Types only (erased): importing the package's main entry for real would inject Stripe.js on every page.
import type { Stripe } from '@stripe/stripe-js';

/** Loads Stripe.js for a publishable key; `null` when it could not be loaded. */
export type StripeLoader = (publishableKey: string) => Promise<Stripe | null>;

/**
 * How checkout gets Stripe.js. The default fetches `@stripe/stripe-js` (its own lazy chunk) only when
 * called, i.e. only in Stripe mode at checkout; its `pure` entry adds the Stripe.js script only then, too.
 * Tests provide a fake Stripe object here: Stripe's servers are never contacted by a test.
 */
export const STRIPE_LOADER = new InjectionToken<StripeLoader>('STRIPE_LOADER', {
  providedIn: 'root',
  factory: () => async (publishableKey) => {
    const { loadStripe } = await import('@stripe/stripe-js/pure');
    return loadStripe(publishableKey);
  },
});
