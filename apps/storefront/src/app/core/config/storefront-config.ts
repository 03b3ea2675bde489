import { DOCUMENT } from '@angular/common';
import { InjectionToken, inject } from '@angular/core';

/** Deploy-time settings of the storefront. Everything is optional: the defaults suit development and tests. */
export interface StorefrontConfig {
  /**
   * Stripe publishable key (`pk_…`). Absent by default, which puts checkout in simulated mode: "Pay (test
   * mode)" against the API's dev payment routes. Set at deploy time with
   * `<meta name="flashline-stripe-publishable-key" content="pk_live_…">` in index.html.
   */
  readonly stripePublishableKey: string | null;
}

export const STRIPE_KEY_META = 'flashline-stripe-publishable-key';

/** Reads the config from the document's `<meta>` tags, so one build can be configured per deployment. */
export function readStorefrontConfig(document: Document): StorefrontConfig {
  const key =
    document.querySelector<HTMLMetaElement>(`meta[name="${STRIPE_KEY_META}"]`)?.content.trim() ?? '';
  return { stripePublishableKey: key.startsWith('pk_') ? key : null };
}

export const STOREFRONT_CONFIG = new InjectionToken<StorefrontConfig>('STOREFRONT_CONFIG', {
  providedIn: 'root',
  factory: () => readStorefrontConfig(inject(DOCUMENT)),
});
