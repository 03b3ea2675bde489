import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type PaymentIntentResponse, type Reservation } from '@flashline/contracts';
import { type Observable, map } from 'rxjs';

import { API_BASE_URL } from './api-base-url';

/** Client for `/api/reservations` (the caller's own holds) and their payment intents. */
@Injectable({ providedIn: 'root' })
export class ReservationsApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  get(id: string): Observable<Reservation> {
    return this.http.get<Reservation>(this.url(id));
  }

  /** Releases an active hold at once (its stock returns); 204 also when it had already ended. */
  cancel(id: string): Observable<void> {
    return this.http.delete<unknown>(this.url(id)).pipe(map(() => undefined));
  }

  /** The reservation's PaymentIntent: the same one on every call. 410 once the hold lapsed. */
  createPaymentIntent(id: string): Observable<PaymentIntentResponse> {
    return this.http.post<PaymentIntentResponse>(`${this.url(id)}/payment-intent`, null);
  }

  private url(id: string): string {
    return `${this.baseUrl}/reservations/${encodeURIComponent(id)}`;
  }
}
