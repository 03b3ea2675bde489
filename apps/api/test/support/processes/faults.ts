import type { Response } from 'supertest';
import type { ErrorBody } from '@flashline/contracts';
import { NO_RATE_LIMITS } from '../fixtures/basics';
import { localFerretdb, localRedis, type LocalService } from './local-services';
import { createTestApp, type TestApp } from '../http/test-app';

/**
 * The contract for a request that needs a dependency which is down: 503 SERVICE_UNAVAILABLE in the error
 * shape within this bound. A generous contract bound, not a speed target (an answer takes milliseconds).
 */
export const UNAVAILABLE_WITHIN_MS = 1000;

/** An API (in this process) on its own Redis and FerretDB, which the test stops and starts at will. */
export interface FaultRig {
  app: TestApp;
  redis: LocalService;
  ferretdb: LocalService;
  /** Kills the app and both services and removes their files; safe after a failed start. */
  dispose(): Promise<void>;
}

export async function startFaultRig(
  ports: { redis: number; ferretdb: number },
  env: Record<string, string> = {},
): Promise<FaultRig> {
  const redis = localRedis(ports.redis);
  const ferretdb = localFerretdb(ports.ferretdb);
  let app: TestApp | undefined;
  const dispose = async (): Promise<void> => {
    await app?.close().catch(() => undefined);
    await Promise.all([redis.dispose(), ferretdb.dispose()]);
  };
  try {
    await Promise.all([redis.start(), ferretdb.start()]);
    const database = `${process.env.TEST_DB_PREFIX ?? 'flashline_test'}_fault`;
    app = await createTestApp({
      ...NO_RATE_LIMITS,
      REDIS_URL: redis.url,
      MONGO_URL: `${ferretdb.url}/${database}`,
      ...env,
    });
    await app.mongo.asPromise();
    return { app, redis, ferretdb, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

export interface Timed {
  response: Response;
  ms: number;
}

/** Runs one request and measures how long its answer took. */
export async function timed(send: () => PromiseLike<Response>): Promise<Timed> {
  const started = performance.now();
  const response = await send();
  return { response, ms: performance.now() - started };
}

/** The error code of a response in the contract's error shape (undefined for anything else). */
export const errorCodeOf = (response: Response): string | undefined =>
  (response.body as Partial<ErrorBody> | undefined)?.error?.code;

/** Every document of every collection of the app's database, by collection: to prove nothing changed. */
export async function mongoSnapshot(app: TestApp): Promise<Record<string, unknown[]>> {
  const collections = await app.mongo.db!.collections();
  const snapshot: Record<string, unknown[]> = {};
  for (const collection of collections.sort((a, b) => a.collectionName.localeCompare(b.collectionName))) {
    snapshot[collection.collectionName] = await collection.find({}).sort({ _id: 1 }).toArray();
  }
  return snapshot;
}

/** Polls the app's health until `check` accepts it; returns whether it did within `timeoutMs`. */
export async function healthUntil(
  app: TestApp,
  check: (body: { mongo?: string; redis?: string }) => boolean,
  timeoutMs = 20_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await app.http.get('/api/health');
    if (check(response.body as { mongo?: string; redis?: string })) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
