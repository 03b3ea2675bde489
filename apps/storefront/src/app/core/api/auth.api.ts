import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type AuthSession, type LoginRequest, type RegisterRequest, type User } from '@flashline/contracts';
import { type Observable, map } from 'rxjs';

import { withoutSessionRefresh } from '../http/request-context';
import { API_BASE_URL } from './api-base-url';

/**
 * Client for `/api/auth`. The refresh token travels only in the API's `httpOnly` cookie (scoped to
 * /api/auth): every call that sets, reads or clears it sends credentials, and the storefront never reads
 * `refreshToken` from a session body.
 */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  register(body: RegisterRequest): Observable<AuthSession> {
    return this.http.post<AuthSession>(`${this.baseUrl}/auth/register`, body, {
      withCredentials: true,
      context: withoutSessionRefresh(),
    });
  }

  login(body: LoginRequest): Observable<AuthSession> {
    return this.http.post<AuthSession>(`${this.baseUrl}/auth/login`, body, {
      withCredentials: true,
      context: withoutSessionRefresh(),
    });
  }

  /** Rotates the session from the refresh cookie: no body. 401 when there is no (valid) cookie. */
  refresh(): Observable<AuthSession> {
    return this.http.post<AuthSession>(`${this.baseUrl}/auth/refresh`, null, {
      withCredentials: true,
      context: withoutSessionRefresh(),
    });
  }

  /** Revokes the cookie's token family and clears the cookie. */
  logout(): Observable<void> {
    return this.http
      .post<unknown>(`${this.baseUrl}/auth/logout`, null, { withCredentials: true })
      .pipe(map(() => undefined));
  }

  /** Revokes every refresh token of the caller (every device) and clears this browser's cookie. */
  logoutAll(): Observable<void> {
    return this.http
      .post<unknown>(`${this.baseUrl}/auth/logout-all`, null, { withCredentials: true })
      .pipe(map(() => undefined));
  }

  me(): Observable<User> {
    return this.http.get<User>(`${this.baseUrl}/auth/me`);
  }
}
