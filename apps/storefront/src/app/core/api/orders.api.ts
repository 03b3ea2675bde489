import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Order, type Page, type PageQuery } from '@flashline/contracts';
import { type Observable } from 'rxjs';

import { API_BASE_URL } from './api-base-url';

/** Client for `/api/orders` (the caller's own orders). */
@Injectable({ providedIn: 'root' })
export class OrdersApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  list(query: PageQuery = {}): Observable<Page<Order>> {
    let params = new HttpParams();
    if (query.page !== undefined) params = params.set('page', query.page);
    if (query.limit !== undefined) params = params.set('limit', query.limit);
    return this.http.get<Page<Order>>(`${this.baseUrl}/orders`, { params });
  }

  get(id: string): Observable<Order> {
    return this.http.get<Order>(`${this.baseUrl}/orders/${encodeURIComponent(id)}`);
  }
}
