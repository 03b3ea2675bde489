import { CROWD_PROCESS_ENV } from '../fixtures/basics';
import { Fixtures } from '../fixtures/sale-fixtures';
import { createTestApp, type TestApp } from '../http/test-app';
import { type ApiProcess, startApi } from './api-process';

/** What a multi-process spec works with: its in-process app (stores, Redis, fixtures) and the real processes. */
export interface ProcessBed {
  app: TestApp;
  fx: Fixtures;
  apis: ApiProcess[];
}

/**
 * Three API processes as production runs them (the built app: `npx nest build api` first), on ports from
 * `portBase`, sharing this jest worker's MongoDB and Redis (test-env.ts put them in process.env, which the
 * children inherit), plus an in-process app for fixtures and direct reads. Started before the spec's tests,
 * stopped and cleaned after them; the returned object is filled in by then.
 */
export function useProcessBed(portBase: number, env: Record<string, string> = CROWD_PROCESS_ENV): ProcessBed {
  const bed = {} as ProcessBed;
  beforeAll(async () => {
    bed.app = await createTestApp(env);
    await bed.app.mongo.asPromise();
    bed.fx = new Fixtures(bed.app);
    bed.apis = await Promise.all([0, 1, 2].map((i) => startApi(portBase + i, env)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all((bed.apis ?? []).map((api) => api.stop()));
    await bed.fx?.cleanUp();
    await bed.app?.close();
  }, 60_000);
  return bed;
}

/** One JSON call to a process, as a shopper's browser makes it: the status and the parsed body. */
export async function callJson<T>(
  method: string,
  url: string,
  token: string,
  body?: object,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}
