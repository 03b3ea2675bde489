import { readStorefrontConfig } from './storefront-config';

describe('readStorefrontConfig', () => {
  function documentWith(html: string): Document {
    return new DOMParser().parseFromString(`<html><head>${html}</head><body></body></html>`, 'text/html');
  }

  it('has no publishable key by default: checkout runs in simulated (test) mode', () => {
    expect(readStorefrontConfig(documentWith(''))).toEqual({ stripePublishableKey: null });
  });

  it('reads a publishable key from the deploy-time meta tag', () => {
    const document = documentWith('<meta name="flashline-stripe-publishable-key" content=" pk_test_abc ">');

    expect(readStorefrontConfig(document)).toEqual({ stripePublishableKey: 'pk_test_abc' });
  });

  it('ignores anything that is not a publishable key (never a secret key)', () => {
    const document = documentWith('<meta name="flashline-stripe-publishable-key" content="sk_live_oops">');

    expect(readStorefrontConfig(document)).toEqual({ stripePublishableKey: null });
  });
});
