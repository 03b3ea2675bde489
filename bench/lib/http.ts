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

/**
 * A pool of keep-alive connections for the flash crowd: all requests are issued at once and queue on these
 * sockets, as they would behind a load balancer. Opening thousands of TCP connections at the same instant
 * would instead overflow the listen backlog, and the kernel's SYN retries (1 s, 3 s, …) would be measured.
 */
export function pooledPoster(
  url: string,
  sockets: number,
): (path: string, body: unknown, token: string) => Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(url);
  const post = (path: string, body: unknown, token: string, retried = false): Promise<number> =>
    new Promise<number>((resolve) => {
      const payload = JSON.stringify(body);
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
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed (its keep-alive timeout) as this request went out on it: the
        // request was almost surely not read, so it is sent again once, as Node's documentation advises
        // (`reusedSocket`). A retried reserve that had been read would meet the per-user limit: no oversell.
        if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) {
          resolve(post(path, body, token, true));
        } else {
          resolve(0);
        }
      });
      req.end(payload);
    });
  return post;
}
