import type { AuthSession, PaymentIntentResponse, Reservation } from '@flashline/contracts';
import type { ApiCluster } from '../lib/api-cluster';
import { createOpenSale, signInAdmin } from '../lib/fixtures';
import { bearer, call, expectOk, mapLimit } from '../lib/http';

export interface PurchaseResult {
  purchasesPerSecond: number;
  completed: number;
  failed: number;
  /** Share of the purchase time spent in each step (0–1). */
  shares: Record<'reserve' | 'intent' | 'pay' | 'finalize', number>;
}

const STEPS = ['reserve', 'intent', 'pay', 'finalize'] as const;
type Step = (typeof STEPS)[number];

/**
 * Scenario 5: whole purchases, reserve → payment intent (stripe-mock) → signed webhook (the simulated-payment
 * route signs the event and posts it to the API's own webhook) → the order, polled until the reservation
 * reads `completed`. Runs `concurrency` shoppers in a loop for `seconds`.
 */
export async function fullPurchase(
  api: ApiCluster,
  shoppers: AuthSession[],
  seconds: number,
  concurrency = 16,
): Promise<PurchaseResult> {
  const admin = await signInAdmin(api.url);
  const sale = await createOpenSale(api.url, admin, { quantity: 100_000, perUserLimit: 100_000 });
  const spent: Record<Step, number> = { reserve: 0, intent: 0, pay: 0, finalize: 0 };
  let completed = 0;
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      spent[step] += performance.now() - started;
    }
  };
  const purchase = async (shopper: AuthSession): Promise<void> => {
    const auth = bearer(shopper);
    const hold = await timed('reserve', () =>
      expectOk(
        call<Reservation>(
          `${api.url}/api/flash-sales/${sale.id}/reservations`,
          'POST',
          { quantity: 1 },
          auth,
        ),
        'reserve',
      ),
    );
    const intent = await timed('intent', () =>
      expectOk(
        call<PaymentIntentResponse>(
          `${api.url}/api/reservations/${hold.id}/payment-intent`,
          'POST',
          undefined,
          auth,
        ),
        'intent',
      ),
    );
    await timed('pay', () =>
      expectOk(
        call(`${api.url}/api/dev/payments/${intent.paymentIntentId}/succeed`, 'POST', undefined, auth),
        'pay',
      ),
    );
    await timed('finalize', () => waitCompleted(api.url, hold.id, auth));
  };
  const started = Date.now();
  await mapLimit(
    Array.from({ length: concurrency }, (_, i) => i),
    concurrency,
    async (worker) => {
      for (let turn = 0; Date.now() < deadline; turn++) {
        const shopper = shoppers[(worker + turn * concurrency) % shoppers.length];
        await purchase(shopper).then(
          () => completed++,
          () => failed++,
        );
      }
    },
  );
  const total = STEPS.reduce((sum, step) => sum + spent[step], 0) || 1;
  return {
    purchasesPerSecond: completed / ((Date.now() - started) / 1000),
    completed,
    failed,
    shares: Object.fromEntries(STEPS.map((step) => [step, spent[step] / total])) as PurchaseResult['shares'],
  };
}

async function waitCompleted(
  url: string,
  reservationId: string,
  auth: Record<string, string>,
): Promise<void> {
  for (let delay = 5; delay < 2000; delay *= 2) {
    const { body } = await call<Reservation>(
      `${url}/api/reservations/${reservationId}`,
      'GET',
      undefined,
      auth,
    );
    if (body.status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error(`reservation ${reservationId} did not complete`);
}
