import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Page, type Product, type ProductListQuery } from '@flashline/contracts';
import { type Observable } from 'rxjs';

import { API_BASE_URL } from './api-base-url';

/** Client for `/api/products` (the shopper's side: list and read). */
@Injectable({ providedIn: 'root' })
export class ProductsApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  list(query: ProductListQuery = {}): Observable<Page<Product>> {
    let params = new HttpParams();
    if (query.page !== undefined) params = params.set('page', query.page);
    if (query.limit !== undefined) params = params.set('limit', query.limit);
    if (query.q) params = params.set('q', query.q);
    return this.http.get<Page<Product>>(`${this.baseUrl}/products`, { params });
  }

  get(id: string): Observable<Product> {
    return this.http.get<Product>(`${this.baseUrl}/products/${encodeURIComponent(id)}`);
  }
}
