import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  type FlashSale,
  type FlashSaleEvent,
  type FlashSaleStatus,
  type QueueTicket,
  type Reservation,
  type ReserveRequest,
  type SaleQueueState,
} from '@flashline/contracts';
import { type Observable } from 'rxjs';

import { EventStreams, type StreamMessage } from '../http/event-stream';
import { API_BASE_URL } from './api-base-url';

/** The windows `GET /api/flash-sales?status=` filters by (`active` includes sold-out sales). */
export type FlashSaleWindow = 'upcoming' | 'active' | 'ended';

const STATUSES: readonly FlashSaleStatus[] = ['upcoming', 'active', 'sold_out', 'ended'];

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A waiting-room sale's `queue` field; absent on a sale without a line. */
function isQueueState(value: unknown): value is SaleQueueState | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  const queue = value as Record<string, unknown>;
  return isCount(queue['waiting']) && isCount(queue['admittedUpTo']);
}

export function isFlashSaleEvent(value: unknown): value is FlashSaleEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event['remaining'] === 'number' &&
    isCount(event['held']) &&
    typeof event['status'] === 'string' &&
    STATUSES.includes(event['status'] as FlashSaleStatus) &&
    typeof event['paused'] === 'boolean' &&
    isQueueState(event['queue'])
  );
}

/**
 * A stream message checked before it is shown, or null. `held` is 0 when absent: an API process still on
 * the previous version (during a rolling update) does not send it, and its stock must still show.
 */
export function readFlashSaleEvent(value: unknown): FlashSaleEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const event: unknown = { held: 0, ...value };
  return isFlashSaleEvent(event) ? event : null;
}

/** Client for `/api/flash-sales`: the sales, their live event stream, a sale's line, and reserving a unit. */
@Injectable({ providedIn: 'root' })
export class FlashSalesApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);
  private readonly streams = inject(EventStreams);

  list(window?: FlashSaleWindow): Observable<FlashSale[]> {
    const params = window === undefined ? new HttpParams() : new HttpParams().set('status', window);
    return this.http.get<FlashSale[]>(`${this.baseUrl}/flash-sales`, { params });
  }

  get(id: string): Observable<FlashSale> {
    return this.http.get<FlashSale>(this.url(id));
  }

  /**
   * `{remaining, held, status, paused}` (and `queue` on a waiting-room sale) now and on every change,
   * reconnecting with backoff; never errors.
   */
  events(id: string): Observable<StreamMessage<FlashSaleEvent>> {
    return this.streams.open(`${this.url(id)}/events`, readFlashSaleEvent);
  }

  /**
   * Holds `quantity` units. The same `idempotencyKey` from the same user returns the first reservation
   * again, so a retried or doubled request never holds twice.
   */
  reserve(id: string, quantity: number, idempotencyKey: string): Observable<Reservation> {
    const body: ReserveRequest = { quantity };
    return this.http.post<Reservation>(`${this.url(id)}/reservations`, body, {
      headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }),
    });
  }

  /** Joins the sale's line (201), or answers the ticket the caller already holds (200). */
  joinLine(id: string): Observable<QueueTicket> {
    return this.http.post<QueueTicket>(`${this.url(id)}/queue`, {});
  }

  /** The caller's ticket; 404 `NOT_FOUND` when they are not in line. */
  ticket(id: string): Observable<QueueTicket> {
    return this.http.get<QueueTicket>(`${this.url(id)}/queue`);
  }

  /** Leaves the line; an admission not used yet is given up. */
  leaveLine(id: string): Observable<void> {
    return this.http.delete<void>(`${this.url(id)}/queue`);
  }

  private url(id: string): string {
    return `${this.baseUrl}/flash-sales/${encodeURIComponent(id)}`;
  }
}
