import { type HttpTestingController, type TestRequest } from '@angular/common/http/testing';
import { type ErrorCode, type FlashSale, type Reservation } from '@flashline/contracts';

import { httpDate } from './http-date';

/**
 * A pretend API server for sale tests: its clock runs `aheadMs` in front of the browser's (fake) clock,
 * and every answer carries the matching `Date` header, as the real API's do.
 */
export class FakeSaleServer {
  constructor(
    private readonly controller: HttpTestingController,
    readonly aheadMs: number,
  ) {}

  now(): number {
    return Date.now() + this.aheadMs;
  }

  iso(offsetMs: number): string {
    return new Date(this.now() + offsetMs).toISOString();
  }

  sale(overrides: Partial<FlashSale> = {}): FlashSale {
    return {
      id: 's1',
      product: { id: 'p1', name: 'Aurora Sneaker' },
      salePriceCents: 4_900,
      originalPriceCents: 12_900,
      currency: 'usd',
      quantity: 5,
      remaining: 5,
      startsAt: this.iso(-60_000),
      endsAt: this.iso(3_600_000),
      status: 'active',
      perUserLimit: 1,
      reservationTtlSeconds: 600,
      paused: false,
      waitingRoom: null,
      ...overrides,
    };
  }

  reservation(overrides: Partial<Reservation> = {}): Reservation {
    return {
      id: 's1.r1',
      kind: 'flash_sale',
      saleId: 's1',
      lines: [{ productId: 'p1', quantity: 1, unitPriceCents: 4_900 }],
      amountCents: 4_900,
      currency: 'usd',
      status: 'active',
      expiresAt: this.iso(600_000),
      ...overrides,
    };
  }

  ok(request: TestRequest, body: unknown, status = 200): void {
    request.flush(body as object, { status, statusText: 'OK', headers: { Date: httpDate(this.now()) } });
  }

  fail(
    request: TestRequest,
    status: number,
    code: ErrorCode,
    message: string,
    headers: Record<string, string> = {},
  ): void {
    request.flush(
      { error: { code, message, requestId: 'req-1' } },
      { status, statusText: 'Error', headers: { Date: httpDate(this.now()), ...headers } },
    );
  }

  /** Answers every pending read of the sale (the page's first read and the clock's calibration probes). */
  answerSaleReads(sale: FlashSale): number {
    const reads = this.controller.match(
      (request) => request.method === 'GET' && request.url === `/api/flash-sales/${sale.id}`,
    );
    reads.forEach((read) => this.ok(read, sale));
    return reads.length;
  }

  pendingReserves(saleId = 's1'): TestRequest[] {
    return this.controller.match(`/api/flash-sales/${saleId}/reservations`);
  }
}
