import type { ErrorBody, FlashSale, PaymentIntentResponse, Reservation } from '@flashline/contracts';
import { FlashSaleRepository } from '@api/flash-sale';
import { salePool, SaleStateStore } from '@api/holds';
import { PaymentsAudit } from '@api/payments/payments-audit.service';
import { type ApiProcess, startApi } from '../support/processes/api-process';
import { signInAdmin } from '../support/http/auth';
import { CROWD_PROCESS_ENV, eventually, sleep } from '../support/fixtures/basics';
import { holdStoresOf } from '../support/fixtures/hold-stores';
import { Fixtures, type Shopper } from '../support/fixtures/sale-fixtures';
import {
  cleanUpPayments,
  deliver,
  intentEvent,
  type IntentFields,
  newEventId,
  ordersOf,
} from '../support/fixtures/payments';
import { createTestApp, type TestApp } from '../support/http/test-app';
import { workerPortBase } from '../support/processes/ports';

/** Ports 3400-3499 belong to these tests; each jest worker takes its own ten. */
const PORT_BASE = workerPortBase(3400, 10);

/** The E2E sale's hold lifetime (plus PAYMENT_GRACE_SECONDS once an intent is asked for). */
const HOLD_SECONDS = 3;

/** What every API process of these tests runs with: short holds, a quick reaper and reconciler. */
const PROCESS_ENV: Record<string, string> = {
  ...CROWD_PROCESS_ENV,
  LOG_LEVEL: 'warn',
  PAYMENT_GRACE_SECONDS: '1',
  REAPER_INTERVAL_MS: '200',
  RECONCILER_INTERVAL_MS: '300',
  RECONCILE_AFTER_MS: '1000',
};

interface Buyer extends Shopper {
  reservation?: Reservation;
  intent?: PaymentIntentResponse;
}

/** Several API processes as production runs them, over one Redis and one MongoDB. */
describe('purchase across API processes', () => {
  let app: TestApp;
  let fx: Fixtures;
  let admin: string;
  const processes: ApiProcess[] = [];

  beforeAll(async () => {
    app = await createTestApp(CROWD_PROCESS_ENV);
    await app.mongo.asPromise();
    fx = new Fixtures(app);
    admin = (await signInAdmin(app)).accessToken;
    processes.push(...(await Promise.all([0, 1, 2].map((i) => startApi(PORT_BASE + i, PROCESS_ENV)))));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await cleanUpPayments(app, fx);
    await fx.cleanUp();
    await app.close();
  });

  async function call<T>(
    target: ApiProcess,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${target.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body ?? {}),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  }

  async function reserveAndIntent(target: ApiProcess, sale: FlashSale, buyer: Buyer): Promise<boolean> {
    const reserved = await call<Reservation>(
      target,
      `/api/flash-sales/${sale.id}/reservations`,
      buyer.token,
      { quantity: 1 },
    );
    if (reserved.status !== 201) return false;
    buyer.reservation = reserved.body;
    const intent = await call<PaymentIntentResponse>(
      target,
      `/api/reservations/${reserved.body.id}/payment-intent`,
      buyer.token,
    );
    // Under load a short hold may lapse before its intent is asked for: it is just one more lapsed hold.
    if (intent.status === 410) return false;
    if (intent.status !== 200) throw new Error(`intent: ${intent.status} ${JSON.stringify(intent.body)}`);
    buyer.intent = intent.body;
    return true;
  }

  const fieldsOf = (buyer: Buyer): IntentFields => {
    if (!buyer.intent || !buyer.reservation) throw new Error('buyer has no intent');
    return {
      id: buyer.intent.paymentIntentId,
      reservationId: buyer.reservation.id,
      amountCents: buyer.intent.amountCents,
      currency: buyer.intent.currency,
    };
  };

  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

  it('applies one event delivered 5 times at once to two processes: one order', async () => {
    const sale = await fx.sale(admin, (await fx.product()).id, { quantity: 3 });
    const [buyer] = (await fx.shoppers(1)) as Buyer[];
    expect(await reserveAndIntent(processes[0], sale, buyer)).toBe(true);
    const payload = intentEvent('payment_intent.succeeded', fieldsOf(buyer), newEventId());
    const deliveries = await Promise.all(
      Array.from({ length: 5 }, (_, i) => deliver(processes[i % 2].url, payload)),
    );
    expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await ordersOf(app, { reservationId: buyer.reservation?.id })).toHaveLength(1);
  });

  it('finishes an order once after a process dies between confirm and the order write', async () => {
    const sale = await fx.sale(admin, (await fx.product()).id, { quantity: 3 });
    const [buyer] = (await fx.shoppers(1)) as Buyer[];
    const port = PORT_BASE + 5;
    // Only this process runs: the others would finish the order before the restart proves anything.
    await Promise.all(processes.map((process) => process.stop()));
    processes.length = 0;
    const doomed = await startApi(port, { ...PROCESS_ENV, FLASHLINE_FAULT: 'crash-after-confirm' });
    expect(await reserveAndIntent(doomed, sale, buyer)).toBe(true);
    const intentId = buyer.intent?.paymentIntentId ?? '';
    await call(doomed, `/api/dev/payments/${intentId}/succeed`, buyer.token).catch(() => undefined);
    expect(
      await eventually(async () => doomed.child.exitCode !== null || doomed.child.signalCode !== null, 5000),
    ).toBe(true);
    expect(doomed.child.signalCode).toBe('SIGKILL');

    const reservationId = buyer.reservation?.id ?? '';
    const store = holdStoresOf(app.app);
    expect((await store.holds.findHold(reservationId))?.status).toBe('paid');
    expect(await ordersOf(app, { reservationId })).toHaveLength(0);

    const restarted = await startApi(port, PROCESS_ENV);
    processes.push(restarted);
    expect(await eventually(async () => (await ordersOf(app, { reservationId })).length > 0, 10_000)).toBe(
      true,
    );
    await sleep(1500);
    expect(await ordersOf(app, { reservationId })).toHaveLength(1);
    expect((await store.holds.findHold(reservationId))?.status).toBe('completed');
    processes.push(...(await Promise.all([0, 1].map((i) => startApi(PORT_BASE + i, PROCESS_ENV)))));
  }, 60_000);

  it('sells exactly 100 units to 300 buyers across 3 processes, through duplicates, failures and expiry', async () => {
    const product = await fx.product({ stock: 150 });
    const sale = await fx.sale(admin, product.id, {
      quantity: 100,
      reservationTtlSeconds: HOLD_SECONDS,
      perUserLimit: 1,
    });
    const buyers = (await fx.shoppers(300)) as Buyer[];
    const webhook = (payload: string) => deliver(pick(processes).url, payload);
    const paid = new Set<string>();

    for (let round = 0; round < 8 && paid.size < 100; round++) {
      const holders: Buyer[] = [];
      await Promise.all(
        buyers
          .filter((buyer) => !paid.has(buyer.id))
          .map(async (buyer, i) => {
            if (await reserveAndIntent(processes[i % processes.length], sale, buyer)) holders.push(buyer);
          }),
      );
      // The first round has every case; later rounds sell what came back (failed, lapsed, refunded units).
      const payers = round === 0 ? holders.slice(0, 50) : holders;
      const failers = round === 0 ? holders.slice(50, 70) : [];
      const events = [
        ...payers.flatMap((buyer) => {
          const succeeded = intentEvent('payment_intent.succeeded', fieldsOf(buyer), newEventId());
          // Duplicated, another event for the same payment, and a failure that may arrive before or after.
          return [
            succeeded,
            succeeded,
            intentEvent('payment_intent.succeeded', fieldsOf(buyer)),
            ...(round === 0 ? [intentEvent('payment_intent.payment_failed', fieldsOf(buyer))] : []),
          ];
        }),
        ...failers.map((buyer) => intentEvent('payment_intent.payment_failed', fieldsOf(buyer))),
      ].sort(() => Math.random() - 0.5);
      const answers = await Promise.all(events.map(webhook));
      expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
      for (const order of await ordersOf(app, { saleId: sale.id })) paid.add(order.userId);
      // The other holders lapse: their units come back after the hold's lifetime plus the grace.
      if (round === 0) await sleep((HOLD_SECONDS + 1) * 1000 + 800);
    }

    const orders = await ordersOf(app, { saleId: sale.id });
    expect(orders).toHaveLength(100);
    expect(new Set(orders.map((order) => order.userId)).size).toBe(100);
    expect(orders.every((order) => order.status === 'paid' && order.amountCents === 4900)).toBe(true);
    const stock = await app.app.get(SaleStateStore).saleStock(sale.id, product.id);
    expect(stock).toEqual({ free: 0, held: 0, sold: 100 });
    const listed = await fetch(`${processes[0].url}/api/flash-sales/${sale.id}`);
    expect(((await listed.json()) as FlashSale).remaining).toBe(0);
    const productNow = await fetch(`${processes[1].url}/api/products/${product.id}`);
    expect(((await productNow.json()) as { stock: number }).stock).toBe(50);
    const late = await call<ErrorBody>(
      processes[2],
      `/api/flash-sales/${sale.id}/reservations`,
      buyers[0].token,
      { quantity: 1 },
    );
    expect(late.status).toBe(409);
    const definition = await app.app.get(FlashSaleRepository).find(sale.id);
    expect(await app.app.get(PaymentsAudit).run([{ pool: salePool(sale.id), sale: definition }])).toBe(0);
  }, 120_000);
});
