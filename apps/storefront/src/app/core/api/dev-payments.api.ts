import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';

import { API_BASE_URL } from './api-base-url';

export type SimulatedOutcome = 'succeed' | 'fail';

/**
 * Client for the API's simulated payments (`/api/dev/payments`, mounted only without a real Stripe key):
 * each call makes the API sign and deliver the webhook Stripe would send. The order itself appears
 * asynchronously; read the reservation to learn the outcome.
 */
@Injectable({ providedIn: 'root' })
export class DevPaymentsApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  simulate(paymentIntentId: string, outcome: SimulatedOutcome): Observable<void> {
    return this.http
      .post<unknown>(`${this.baseUrl}/dev/payments/${encodeURIComponent(paymentIntentId)}/${outcome}`, null)
      .pipe(map(() => undefined));
  }
}
