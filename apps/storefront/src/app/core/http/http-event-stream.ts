import {
  HttpClient,
  HttpErrorResponse,
  type HttpEvent,
  HttpEventType,
  HttpHeaders,
} from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, type Subscription } from 'rxjs';

import { type ApiError, toApiError } from '../api/api-error';
import { type StreamMessage, reconnectDelay } from './event-stream';

/** A stream message, or the end of trying: the server refused for a reason a retry cannot fix. */
export type AuthorizedStreamMessage<T> =
  | StreamMessage<T>
  | { readonly type: 'refused'; readonly error: ApiError };

/** Answers that no retry will change: the stream stops and says why. */
const FINAL_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404]);

/** Complete `data:` messages in `text` from `from` on, and where the unparsed rest begins. */
export function readSseMessages(text: string, from: number): { messages: string[]; next: number } {
  const messages: string[] = [];
  let next = from;
  for (;;) {
    const end = text.indexOf('\n\n', next);
    if (end < 0) return { messages, next };
    const data = text
      .slice(next, end)
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5));
    if (data.length > 0) messages.push(data.join('\n'));
    next = end + 2;
  }
}

/**
 * Server-Sent Events read through `HttpClient` instead of `EventSource`, for streams that need the
 * caller's access token: `EventSource` cannot send an `Authorization` header, and the alternatives leak
 * the token (a query string ends up in access logs) or need it somewhere other than memory. Here the
 * request goes through the interceptors like any API call, so the auth interceptor adds the bearer and
 * refreshes it once on a 401. It relies on the fetch backend (`withFetch()`) reporting the body as it
 * arrives (`reportProgress` with `partialText`).
 *
 * Like {@link EventStreams}, an Observable that never errors: a dropped or failed stream reconnects after
 * {@link reconnectDelay}; a stream the server ends after messages reconnects at once. A 400, 401, 403 or 404
 * is final: `refused` is emitted and nothing more.
 */
@Injectable({ providedIn: 'root' })
export class AuthorizedEventStreams {
  private readonly http = inject(HttpClient);

  open<T>(url: string, parse: (value: unknown) => T | null): Observable<AuthorizedStreamMessage<T>> {
    return new Observable<AuthorizedStreamMessage<T>>((subscriber) => {
      let request: Subscription | null = null;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let attempt = 0;

      const reconnectLater = (): void => {
        attempt += 1;
        const delayMs = reconnectDelay(attempt);
        subscriber.next({ type: 'reconnecting', attempt, delayMs });
        retry = setTimeout(connect, delayMs);
      };

      const connect = (): void => {
        // The interceptor may answer a 401 by retrying: each response starts its own text.
        let ok = false;
        let read = 0;
        let received = 0;
        request = this.http
          .get(url, {
            headers: new HttpHeaders({ Accept: 'text/event-stream' }),
            observe: 'events',
            reportProgress: true,
            responseType: 'text',
          })
          .subscribe({
            next: (event: HttpEvent<string>) => {
              if (event.type === HttpEventType.ResponseHeader) {
                ok = event.ok;
                read = 0;
                if (ok) {
                  attempt = 0;
                  subscriber.next({ type: 'open' });
                }
              } else if (event.type === HttpEventType.DownloadProgress && ok) {
                const { messages, next } = readSseMessages(event.partialText ?? '', read);
                read = next;
                received += messages.length;
                for (const raw of messages) {
                  const data = parseJson(raw, parse);
                  if (data !== null) subscriber.next({ type: 'data', data });
                }
              }
            },
            error: (error: unknown) => {
              const apiError = toApiError(withJsonBody(error));
              if (FINAL_STATUSES.has(apiError.status)) {
                subscriber.next({ type: 'refused', error: apiError });
                return;
              }
              reconnectLater();
            },
            // The server ended the stream on purpose (it does every few minutes): open the next one at
            // once. One that ended before saying anything is a failure, retried with backoff.
            complete: () => {
              if (received > 0) retry = setTimeout(connect, 0);
              else reconnectLater();
            },
          });
      };

      connect();
      return () => {
        clearTimeout(retry);
        request?.unsubscribe();
      };
    });
  }
}

/** The stream is read as text, so an error's contract body arrives as a string: read it as JSON. */
function withJsonBody(error: unknown): unknown {
  if (!(error instanceof HttpErrorResponse) || typeof error.error !== 'string') return error;
  try {
    return new HttpErrorResponse({
      error: JSON.parse(error.error) as unknown,
      headers: error.headers,
      status: error.status,
      statusText: error.statusText,
      url: error.url ?? undefined,
    });
  } catch {
    return error;
  }
}

function parseJson<T>(raw: string, parse: (value: unknown) => T | null): T | null {
  try {
    return parse(JSON.parse(raw));
  } catch {
    return null;
  }
}
