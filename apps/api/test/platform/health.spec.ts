import type { HealthStatus } from '@flashline/contracts';
import { createTestApp, type TestApp } from '../support/http/test-app';

/** A port on which nothing listens: connections are refused at once. */
const CLOSED_PORT = 1;

async function healthOf(app: TestApp): Promise<{ status: number; body: HealthStatus }> {
  const response = await app.http.get('/api/health');
  return { status: response.status, body: response.body as HealthStatus };
}

describe('GET /api/health', () => {
  it('is 200 with both dependencies up', async () => {
    const app = await createTestApp();
    try {
      expect(await healthOf(app)).toEqual({ status: 200, body: { status: 'ok', mongo: 'up', redis: 'up' } });
    } finally {
      await app.close();
    }
  });

  it('is 503 naming redis when Redis is unreachable', async () => {
    const app = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${CLOSED_PORT}` });
    try {
      expect(await healthOf(app)).toEqual({
        status: 503,
        body: { status: 'degraded', mongo: 'up', redis: 'down' },
      });
    } finally {
      await app.close();
    }
  });

  it('is 503 naming mongo when MongoDB is unreachable', async () => {
    const app = await createTestApp({
      MONGO_URL: `mongodb://127.0.0.1:${CLOSED_PORT}/flashline_test`,
      MONGO_TIMEOUT_MS: '500',
    });
    try {
      expect(await healthOf(app)).toEqual({
        status: 503,
        body: { status: 'degraded', mongo: 'down', redis: 'up' },
      });
    } finally {
      await app.close();
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const app = await createTestApp();
    try {
      const response = await app.http.get('/docs-json');
      expect(response.status).toBe(200);
      expect(Object.keys((response.body as { paths: object }).paths)).toContain('/api/health');
    } finally {
      await app.close();
    }
  });
});
