import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { type AuthSession, type LoginRequest, type RegisterRequest, type User } from '@flashline/contracts';
import {
  type Observable,
  catchError,
  finalize,
  firstValueFrom,
  map,
  of,
  shareReplay,
  throwError,
  timeout,
} from 'rxjs';

import { AuthApi } from '../api/auth.api';
import { withCrossTabLock } from './cross-tab-lock';

/** Restoring the session at start-up gives up after this long (the app renders signed out). */
export const RESTORE_TIMEOUT_MS = 8_000;
const REFRESH_LOCK = 'flashline-auth-refresh';

/**
 * The signed-in shopper and their access token.
 *
 * Invariants: the access token lives only in this signal (never in localStorage, sessionStorage, cookies
 * or the URL); the refresh token is never held at all, it stays in the API's `httpOnly` cookie. A page
 * reload therefore starts signed out and {@link restore} asks the API for a new session from the cookie.
 * At most one refresh is in flight: concurrent callers share it (a second refresh with the same cookie
 * would be taken for token theft and revoke the session).
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(AuthApi);
  private readonly token = signal<string | null>(null);
  private readonly currentUser = signal<User | null>(null);
  private readonly restored = signal(false);
  private refreshInFlight: Observable<string | null> | null = null;
  private restoring: Promise<void> | null = null;

  readonly user = this.currentUser.asReadonly();
  readonly isSignedIn = computed(() => this.currentUser() !== null);
  /** Whether the start-up session check has finished (signed in or not). */
  readonly isRestored = this.restored.asReadonly();

  accessToken(): string | null {
    return this.token();
  }

  signIn(credentials: LoginRequest): Observable<User> {
    return this.api.login(credentials).pipe(map((session) => this.accept(session)));
  }

  register(details: RegisterRequest): Observable<User> {
    return this.api.register(details).pipe(map((session) => this.accept(session)));
  }

  /**
   * A new access token from the refresh cookie, shared by every caller while one is in flight. Emits
   * `null` (and signs out locally) when the API refuses the cookie; errors only on other failures.
   */
  refresh(): Observable<string | null> {
    this.refreshInFlight ??= withCrossTabLock(REFRESH_LOCK, () => this.api.refresh()).pipe(
      map((session) => {
        this.accept(session);
        return session.accessToken;
      }),
      catchError((error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status === 401) {
          this.clear();
          return of(null);
        }
        return throwError(() => error);
      }),
      finalize(() => {
        this.refreshInFlight = null;
      }),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshInFlight;
  }

  /** Once per app start (an app initializer and the guards call it): the session from the cookie, if any. */
  restore(): Promise<void> {
    this.restoring ??= firstValueFrom(
      this.refresh().pipe(
        timeout(RESTORE_TIMEOUT_MS),
        catchError(() => of(null)),
      ),
    ).then(() => this.restored.set(true));
    return this.restoring;
  }

  /** Revokes the session at the API (best effort) and forgets it here either way. */
  signOut(): Observable<void> {
    if (this.token() === null) {
      this.clear();
      return of(undefined);
    }
    return this.api.logout().pipe(
      catchError(() => of(undefined)),
      finalize(() => this.clear()),
    );
  }

  /**
   * Signs the shopper out on every device, then forgets the session here exactly as {@link signOut} does.
   * Unlike sign-out a failure is NOT swallowed: the session stays so the shopper sees that other devices
   * may still be signed in and can try again (a refused token still ends signed out via the refresh).
   */
  signOutEverywhere(): Observable<void> {
    if (this.token() === null) {
      this.clear();
      return of(undefined);
    }
    return this.api.logoutAll().pipe(map(() => this.clear()));
  }

  private accept(session: AuthSession): User {
    // Only the access token and the user are kept: `session.refreshToken` is deliberately dropped.
    this.token.set(session.accessToken);
    this.currentUser.set(session.user);
    this.restored.set(true);
    return session.user;
  }

  private clear(): void {
    this.token.set(null);
    this.currentUser.set(null);
  }
}
