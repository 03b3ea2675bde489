import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type HealthStatus } from '@flashline/contracts';
import { type Observable, catchError, map, of, timeout } from 'rxjs';

import { API_BASE_URL } from './api-base-url';

/** A dependency named in the health body (every field but the overall `status`). */
export type HealthDependency = Exclude<keyof HealthStatus, 'status'>;

export const HEALTH_DEPENDENCIES: readonly HealthDependency[] = ['mongo', 'redis'];

/** The outcome of one health check, as the UI sees it. */
export type HealthCheck =
  | { state: 'ok'; status: HealthStatus }
  | { state: 'degraded'; status: HealthStatus }
  | { state: 'unreachable'; status: null };

/** Give up on a hung API after this long and report it unreachable. */
export const HEALTH_TIMEOUT_MS = 10_000;

export function isHealthStatus(value: unknown): value is HealthStatus {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  const isDependencyState = (v: unknown): boolean => v === 'up' || v === 'down';
  return (
    ['ok', 'degraded', 'draining'].includes(body['status'] as string) &&
    HEALTH_DEPENDENCIES.every((name) => isDependencyState(body[name]))
  );
}

/**
 * A draining process (shutting down in a rolling restart) still reports its dependencies: with all of them up
 * the shop is fine, since the next request goes to another process.
 */
function fromStatus(status: HealthStatus): HealthCheck {
  const allUp = status.status !== 'degraded' && HEALTH_DEPENDENCIES.every((name) => status[name] === 'up');
  return allUp ? { state: 'ok', status } : { state: 'degraded', status };
}

const UNREACHABLE: HealthCheck = { state: 'unreachable', status: null };

/** Client for `GET /api/health`. */
@Injectable({ providedIn: 'root' })
export class HealthApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  /** The raw call: emits the body on 200; errors with an `HttpErrorResponse` otherwise (a 503 included). */
  get(): Observable<HealthStatus> {
    return this.http.get<HealthStatus>(`${this.baseUrl}/health`);
  }

  /**
   * Never errors. 200 → `ok`; a 503 (or 200) whose body names a dependency down → `degraded`;
   * anything else (network error, proxy error, unexpected body, timeout) → `unreachable`.
   */
  check(): Observable<HealthCheck> {
    return this.get().pipe(
      timeout({ first: HEALTH_TIMEOUT_MS }),
      map((body: unknown) => (isHealthStatus(body) ? fromStatus(body) : UNREACHABLE)),
      catchError((error: unknown) =>
        of(
          error instanceof HttpErrorResponse && error.status === 503 && isHealthStatus(error.error)
            ? fromStatus(error.error)
            : UNREACHABLE,
        ),
      ),
    );
  }
}
