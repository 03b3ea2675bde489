import { request as httpRequest, type IncomingMessage } from 'node:http';

// ---- Server-Sent Events ----------------------------------------------------------------------------------

export interface EventStream<T> {
  status: number;
  contentType: string;
  events: T[];
  /** Raw text received, heartbeats included. */
  raw(): string;
  /** Resolves with the first matching event from index `since` on (already received or coming). */
  waitFor(match: (event: T) => boolean, timeoutMs?: number, since?: number): Promise<T>;
  close(): void;
}

/**
 * Opens an SSE stream with a plain HTTP request (plus `headers`, e.g. Authorization) and parses its `data:`
 * messages as JSON. An error answer resolves too: check `status`, and `raw()` for its body.
 */
export function openEventStream<T>(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream<T>> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) =>
      resolve(eventStream<T>(response, () => request.destroy())),
    );
    request.on('error', reject);
    request.end();
  });
}

function eventStream<T>(response: IncomingMessage, close: () => void): EventStream<T> {
  const events: T[] = [];
  const waiters = new Set<() => void>();
  let raw = '';
  let pending = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    raw += chunk;
    pending += chunk;
    const blocks = pending.split('\n\n');
    pending = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data) events.push(JSON.parse(data.slice('data: '.length)) as T);
    }
    for (const wake of waiters) wake();
  });
  response.on('error', () => undefined);
  return {
    status: response.statusCode ?? 0,
    contentType: String(response.headers['content-type']),
    events,
    raw: () => raw,
    close,
    waitFor: (match, timeoutMs = 5000, since = 0) =>
      new Promise<T>((resolve, reject) => {
        const check = (): void => {
          const found = events.slice(since).find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
