import { createTestApp, type TestApp } from './support/test-app';

describe('GET /metrics', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('serves Prometheus text with request latency by route pattern', async () => {
    await app.http.get('/api/health');
    await app.http.get('/api/no-such-route');
    const response = await app.http.get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
    );
    expect(response.text).toMatch(/route="unmatched",status="404"/);
    expect(response.text).toContain('nodejs_eventloop_lag_seconds');
  });
});
