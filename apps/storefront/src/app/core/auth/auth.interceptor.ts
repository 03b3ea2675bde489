import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';

import { API_BASE_URL } from '../api/api-base-url';
import { isApiUrl } from '../http/api-url';
import { SKIP_SESSION_REFRESH } from '../http/request-context';
import { AuthStore } from './auth.store';

function withBearer<T>(request: HttpRequest<T>, token: string): HttpRequest<T> {
  return request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });
}

/**
 * Adds the bearer token to API calls. On a 401 it refreshes the session ONCE and retries the request once
 * with the new token: the retry goes to the rest of the chain, not through this interceptor again, so a
 * second 401 reaches the caller (no loop). Concurrent 401s share the store's single in-flight refresh,
 * and a 401 that arrives after another call already refreshed simply retries with the newer token.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url, inject(API_BASE_URL))) return next(request);
  const auth = inject(AuthStore);
  const sentToken = auth.accessToken();
  const first = sentToken === null ? request : withBearer(request, sentToken);

  return next(first).pipe(
    catchError((error: unknown) => {
      const expired =
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        sentToken !== null &&
        !request.context.get(SKIP_SESSION_REFRESH);
      if (!expired) return throwError(() => error);

      const newer = auth.accessToken();
      if (newer !== null && newer !== sentToken) return next(withBearer(request, newer));
      return auth
        .refresh()
        .pipe(
          switchMap((token) => (token === null ? throwError(() => error) : next(withBearer(request, token)))),
        );
    }),
  );
};
