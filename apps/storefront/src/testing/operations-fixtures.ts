import { HttpEventType, HttpHeaderResponse } from '@angular/common/http';
import { type TestRequest } from '@angular/common/http/testing';
import { type FlashSale, type SaleOperations } from '@flashline/contracts';

export const OPS_SALE_ID = 's1';
export const OPERATIONS_URL = `/api/admin/flash-sales/${OPS_SALE_ID}/operations`;
export const OPERATIONS_STREAM_URL = `${OPERATIONS_URL}/events`;
export const SALE_URL = `/api/flash-sales/${OPS_SALE_ID}`;

export function operationsFixture(overrides: Partial<SaleOperations> = {}): SaleOperations {
  return {
    saleId: OPS_SALE_ID,
    at: '2030-06-01T12:00:00.000Z',
    status: 'active',
    paused: false,
    quantity: 100,
    remaining: 60,
    heldUnits: 25,
    soldUnits: 15,
    taken: 50,
    paid: 15,
    expired: 6,
    cancelled: 4,
    refunded: 1,
    conversion: 0.3,
    reserveRate: 12.5,
    rejections: { sold_out: 0, limit_reached: 3, not_active: 2, rate_limited: 1 },
    waitingRoom: null,
    ...overrides,
  };
}

export function saleFixture(overrides: Partial<FlashSale> = {}): FlashSale {
  return {
    id: OPS_SALE_ID,
    product: { id: 'p1', name: 'Aurora Sneaker' },
    salePriceCents: 4_900,
    originalPriceCents: 12_900,
    currency: 'usd',
    quantity: 100,
    remaining: 60,
    startsAt: '2030-06-01T11:00:00.000Z',
    endsAt: '2030-06-01T13:00:00.000Z',
    status: 'active',
    paused: false,
    perUserLimit: 2,
    reservationTtlSeconds: 600,
    waitingRoom: null,
    ...overrides,
  };
}

/** Plays an open admin stream: the 200 header, then each snapshot as a `data:` message. */
export class FakeOperationsStream {
  private text = '';

  constructor(readonly request: TestRequest) {
    request.event(new HttpHeaderResponse({ status: 200, statusText: 'OK', url: request.request.url }));
  }

  emit(operations: SaleOperations): void {
    this.text += `data: ${JSON.stringify(operations)}\n\n`;
    this.request.event({
      type: HttpEventType.DownloadProgress,
      loaded: this.text.length,
      partialText: this.text,
    });
  }
}

export function contractError(code: string, message: string): object {
  return { error: { code, message, requestId: 'req-1' } };
}
