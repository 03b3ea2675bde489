import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  type FlashSale,
  type FlashSaleStatus,
  type ReserveRejectionReason,
  type SaleOperations,
  type WaitingRoomOperations,
} from '@flashline/contracts';
import { type Observable } from 'rxjs';

import { type AuthorizedStreamMessage, AuthorizedEventStreams } from '../http/http-event-stream';
import { API_BASE_URL } from './api-base-url';

const STATUSES: readonly FlashSaleStatus[] = ['upcoming', 'active', 'sold_out', 'ended'];
export const REJECTION_REASONS: readonly ReserveRejectionReason[] = [
  'sold_out',
  'limit_reached',
  'not_active',
  'rate_limited',
];
const COUNTS = [
  'quantity',
  'remaining',
  'heldUnits',
  'soldUnits',
  'taken',
  'paid',
  'expired',
  'cancelled',
  'refunded',
  'conversion',
  'reserveRate',
] as const satisfies readonly (keyof SaleOperations)[];

const LINE_COUNTS = [
  'waiting',
  'admitted',
  'used',
  'expired',
  'admissionRate',
] as const satisfies readonly (keyof WaitingRoomOperations)[];

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `null` for a sale without a line, else the line's counts and the draw's time (`null` before the draw). */
function isLineOperations(value: unknown): value is WaitingRoomOperations | null {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  const line = value as Record<string, unknown>;
  const drawnAt = line['drawnAt'];
  return (
    LINE_COUNTS.every((field) => isCount(line[field])) && (drawnAt === null || typeof drawnAt === 'string')
  );
}

/** Whether a stream message really is a `SaleOperations` (a malformed one is dropped, not shown). */
export function isSaleOperations(value: unknown): value is SaleOperations {
  if (typeof value !== 'object' || value === null) return false;
  const snapshot = value as Record<string, unknown>;
  const rejections = snapshot['rejections'];
  return (
    typeof snapshot['saleId'] === 'string' &&
    typeof snapshot['at'] === 'string' &&
    typeof snapshot['paused'] === 'boolean' &&
    STATUSES.includes(snapshot['status'] as FlashSaleStatus) &&
    COUNTS.every((field) => isCount(snapshot[field])) &&
    typeof rejections === 'object' &&
    rejections !== null &&
    REJECTION_REASONS.every((reason) => isCount((rejections as Record<string, unknown>)[reason])) &&
    isLineOperations(snapshot['waitingRoom'])
  );
}

/**
 * Client for one sale's operations (admin): `GET /api/admin/flash-sales/:id/operations`, its live stream,
 * and pausing or resuming the sale (`POST /api/flash-sales/:id/pause` and `/resume`).
 *
 * The stream needs the admin's access token, so it is read with `HttpClient` (see
 * {@link AuthorizedEventStreams}), never `EventSource` with a token in the URL.
 */
@Injectable({ providedIn: 'root' })
export class SaleOperationsApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);
  private readonly streams = inject(AuthorizedEventStreams);

  get(saleId: string): Observable<SaleOperations> {
    return this.http.get<SaleOperations>(this.operationsUrl(saleId));
  }

  /** The sale now and about every second, reconnecting with backoff; never errors. */
  watch(saleId: string): Observable<AuthorizedStreamMessage<SaleOperations>> {
    return this.streams.open(`${this.operationsUrl(saleId)}/events`, (value) =>
      isSaleOperations(value) ? value : null,
    );
  }

  /** Stops reserves (they answer SALE_NOT_ACTIVE) until {@link resume}. */
  pause(saleId: string): Observable<FlashSale> {
    return this.http.post<FlashSale>(`${this.saleUrl(saleId)}/pause`, {});
  }

  resume(saleId: string): Observable<FlashSale> {
    return this.http.post<FlashSale>(`${this.saleUrl(saleId)}/resume`, {});
  }

  private saleUrl(saleId: string): string {
    return `${this.baseUrl}/flash-sales/${encodeURIComponent(saleId)}`;
  }

  private operationsUrl(saleId: string): string {
    return `${this.baseUrl}/admin/flash-sales/${encodeURIComponent(saleId)}/operations`;
  }
}
