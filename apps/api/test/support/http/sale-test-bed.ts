import { signInAdmin } from './auth';
import { NO_RATE_LIMITS } from '../fixtures/basics';
import type { FlashSale, FlashSaleEvent, Reservation } from '@flashline/contracts';
import { baseUrl, bearer, Fixtures, type Shopper } from '../fixtures/sale-fixtures';
import { type EventStream, openEventStream } from './event-stream';
import { cleanUpPayments } from '../fixtures/payments';
import { createTestApp, type TestApp } from './test-app';

export interface SaleTestBedOptions {
  /** Shoppers signed in up front (0 by default). */
  shoppers?: number;
  /** The app's environment; NO_RATE_LIMITS by default. */
  env?: Record<string, string>;
  /** Also remove the shoppers' orders, processed webhook events and payment intents afterwards. */
  payments?: boolean;
}

/**
 * What an HTTP spec on one in-process app needs, for one `describe` block: the app, its fixtures, the
 * admin's access token and signed-in shoppers, made by a `beforeAll` it registers and removed (with what
 * the fixtures made) by an `afterAll`. Read its fields in tests, or in hooks registered after it.
 */
export class SaleTestBed {
  app!: TestApp;
  fx!: Fixtures;
  admin!: string;
  shoppers: Shopper[] = [];

  constructor(options: SaleTestBedOptions = {}) {
    beforeAll(async () => {
      this.app = await createTestApp(options.env ?? NO_RATE_LIMITS);
      await this.app.mongo.asPromise();
      this.fx = new Fixtures(this.app);
      this.admin = (await signInAdmin(this.app)).accessToken;
      this.shoppers = await this.fx.shoppers(options.shoppers ?? 0);
    });
    afterAll(async () => {
      if (options.payments) await cleanUpPayments(this.app, this.fx);
      await this.fx.cleanUp();
      await this.app.close();
    });
  }

  /** `shopper` reserves `quantity` of `sale` over HTTP; anything but 201 fails the test with the answer. */
  async reserve(sale: Pick<FlashSale, 'id'>, shopper: Shopper, quantity = 1): Promise<Reservation> {
    const response = await this.app.http
      .post(`/api/flash-sales/${sale.id}/reservations`)
      .set(...bearer(shopper))
      .send({ quantity });
    if (response.status !== 201)
      throw new Error(`reserve: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Reservation;
  }

  /** A page on `sale`'s event stream (`GET /api/flash-sales/:id/events`); close it when done. */
  saleStream(sale: Pick<FlashSale, 'id'>): Promise<EventStream<FlashSaleEvent>> {
    return openEventStream<FlashSaleEvent>(`${baseUrl(this.app)}/api/flash-sales/${sale.id}/events`);
  }
}
