import { HttpErrorResponse, type HttpInterceptorFn, HttpResponse } from '@angular/common/http';
import { inject } from '@angular/core';
import { tap } from 'rxjs';

import { API_BASE_URL } from '../api/api-base-url';
import { isApiUrl } from '../http/api-url';
import { ServerClock } from './server-clock';

/** Feeds the `Date` header of every API response (errors included) to the {@link ServerClock}. */
export const serverClockInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url, inject(API_BASE_URL))) return next(request);
  const clock = inject(ServerClock);
  const sentAt = Date.now();
  return next(request).pipe(
    tap({
      next: (event) => {
        if (event instanceof HttpResponse) clock.record(event.headers.get('Date'), sentAt, Date.now());
      },
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse && error.status !== 0) {
          clock.record(error.headers.get('Date'), sentAt, Date.now());
        }
      },
    }),
  );
};
