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
