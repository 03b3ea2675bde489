import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Cart, type Reservation, type SetCartItemRequest } from '@flashline/contracts';
import { type Observable } from 'rxjs';

import { API_BASE_URL } from './api-base-url';

/** Client for `/api/cart` (the signed-in shopper's own cart). */
@Injectable({ providedIn: 'root' })
export class CartApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  get(): Observable<Cart> {
    return this.http.get<Cart>(`${this.baseUrl}/cart`);
  }

  /** Sets (not adds to) the quantity of a line, creating it when new. */
  setQuantity(productId: string, quantity: number): Observable<Cart> {
    const body: SetCartItemRequest = { quantity };
    return this.http.put<Cart>(`${this.baseUrl}/cart/items/${encodeURIComponent(productId)}`, body);
  }

  remove(productId: string): Observable<Cart> {
    return this.http.delete<Cart>(`${this.baseUrl}/cart/items/${encodeURIComponent(productId)}`);
  }

  /** Holds every line at once (all or nothing): the reservation to pay for. */
  checkout(): Observable<Reservation> {
    return this.http.post<Reservation>(`${this.baseUrl}/cart/checkout`, null);
  }
}
