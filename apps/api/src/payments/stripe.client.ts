import { Inject, type Provider } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig, DEVELOPMENT_SECRETS, type StripeConfig } from '@api/config';

export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');

/** Injects the API's one Stripe client. */
export const InjectStripe = (): ParameterDecorator => Inject(STRIPE_CLIENT);

/** The key every request to the local stripe-mock uses (it accepts any `sk_test_...`). */
export const STRIPE_MOCK_KEY = DEVELOPMENT_SECRETS.STRIPE_SECRET_KEY;

/** Network failures are retried by the client itself, with backoff and the same idempotency key. */
const MAX_NETWORK_RETRIES = 2;

/**
 * The official client: with a real `STRIPE_SECRET_KEY` it talks to Stripe, otherwise to the local stripe-mock
 * at `STRIPE_MOCK_URL`. A request gives up after the timeout (and its retries), so an outage answers 503
 * quickly instead of holding requests open.
 */
export function createStripeClient(config: StripeConfig): Stripe {
  const common: Stripe.StripeConfig = {
    timeout: config.timeoutMs,
    maxNetworkRetries: MAX_NETWORK_RETRIES,
    telemetry: false,
    appInfo: { name: 'flashline' },
  };
  if (config.secretKey) return new Stripe(config.secretKey, common);
  const url = new URL(config.mockUrl);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return new Stripe(STRIPE_MOCK_KEY, {
    ...common,
    host: url.hostname,
    port: url.port || (protocol === 'https' ? 443 : 80),
    protocol,
  });
}

export const stripeClientProvider: Provider = {
  provide: STRIPE_CLIENT,
  inject: [AppConfig],
  useFactory: (config: AppConfig): Stripe => createStripeClient(config.stripe),
};

/** True when the simulated-payment routes exist: no real Stripe key, never in production. */
export function simulatedPaymentsEnabled(config: AppConfig): boolean {
  return !config.stripe.secretKey && !config.isProduction;
}
