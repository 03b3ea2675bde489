import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** What the stream needs of `EventSource`: tests hand in a fake. */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export const EVENT_SOURCE_FACTORY = new InjectionToken<EventSourceFactory>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url) => new EventSource(url),
});

/** One notification of a live stream. */
export type StreamMessage<T> =
  | { readonly type: 'open' }
  | { readonly type: 'data'; readonly data: T }
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delayMs: number };

export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;

/**
 * Exponential backoff with jitter: attempt 1 waits 0.5–1 s, then 1–2 s, 2–4 s … capped at 30 s, so a
 * restarted API is not hit by every open page in the same instant.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Server-Sent Events as an Observable that never errors: on any failure the source is closed and opened
 * again after {@link reconnectDelay} (the browser's own retry ignores HTTP errors and has no backoff).
 * Unsubscribing closes it. Messages that `parse` rejects are dropped.
 */
@Injectable({ providedIn: 'root' })
export class EventStreams {
  private readonly createSource = inject(EVENT_SOURCE_FACTORY);

  open<T>(url: string, parse: (value: unknown) => T | null): Observable<StreamMessage<T>> {
    return new Observable<StreamMessage<T>>((subscriber) => {
      let source: EventSourceLike | null = null;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let attempt = 0;

      const connect = (): void => {
        const current = this.createSource(url);
        source = current;
        current.onopen = () => {
          attempt = 0;
          subscriber.next({ type: 'open' });
        };
        current.onmessage = (event) => {
          const data = parseJson(event.data, parse);
          if (data !== null) subscriber.next({ type: 'data', data });
        };
        current.onerror = () => {
          current.close();
          if (source !== current) return;
          source = null;
          attempt += 1;
          const delayMs = reconnectDelay(attempt);
          subscriber.next({ type: 'reconnecting', attempt, delayMs });
          retry = setTimeout(connect, delayMs);
        };
      };

      connect();
      return () => {
        clearTimeout(retry);
        source?.close();
        source = null;
      };
    });
  }
}

function parseJson<T>(raw: string, parse: (value: unknown) => T | null): T | null {
  try {
    return parse(JSON.parse(raw));
  } catch {
    return null;
  }
}
