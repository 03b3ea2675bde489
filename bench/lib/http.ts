import { Agent, request } from 'node:http';
import type { AuthSession, ErrorBody } from '@flashline/contracts';

export interface JsonResponse<T> {
  status: number;
  body: T;
}

/** A JSON call with a short failure message, for the benchmark's own set-up (not measured). */
export async function call<T>(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function expectOk<T>(promise: Promise<JsonResponse<T>>, what: string): Promise<T> {
  const { status, body } = await promise;
  if (status >= 300) {
    const error = (body as Partial<ErrorBody> | undefined)?.error;
    throw new Error(`${what}: ${status} ${error?.code ?? ''} ${error?.message ?? JSON.stringify(body)}`);
  }
  return body;
}

export const bearer = (session: Pick<AuthSession, 'accessToken'>): Record<string, string> => ({
  authorization: `Bearer ${session.accessToken}`,
});

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function mapLimit<T, R>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** One request of a crowd: its status (0: a network error) and when it left on a socket (performance.now()). */
export interface PostedAnswer {
  status: number;
  sentAt: number;
  /** The response body, when the poster keeps bodies. */
  body?: string;
}

/**
 * A pool of keep-alive connections for the flash crowd: all requests are issued at once and queue on these
 * sockets, as they would behind a load balancer. Opening thousands of TCP connections at the same instant
 * would instead overflow the listen backlog, and the kernel's SYN retries (1 s, 3 s, …) would be measured.
 * `sentAt` is when the request got its socket, so answer time minus `sentAt` is its latency on the wire,
 * not its wait in the pool.
 */
export function pooledPoster(
  url: string,
  sockets: number,
  keepBodies = false,
): (path: string, body: unknown, token: string) => Promise<PostedAnswer> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(url);
  const post = (path: string, body: unknown, token: string, retried = false): Promise<PostedAnswer> =>
    new Promise<PostedAnswer>((resolve) => {
      const payload = JSON.stringify(body);
      let sentAt = performance.now();
      const req = request(
        {
          agent,
          hostname,
          port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          let text = '';
          if (keepBodies) {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
          } else {
            res.resume();
          }
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, sentAt, ...(keepBodies ? { body: text } : {}) }),
          );
        },
      );
      req.once('socket', () => (sentAt = performance.now()));
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed (its keep-alive timeout) as this request went out on it: the
        // request was almost surely not read, so it is sent again once, as Node's documentation advises
        // (`reusedSocket`). A retried reserve that had been read would meet the per-user limit: no oversell.
        if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) {
          resolve(post(path, body, token, true));
        } else {
          resolve({ status: 0, sentAt });
        }
      });
      req.end(payload);
    });
  return post;
}
