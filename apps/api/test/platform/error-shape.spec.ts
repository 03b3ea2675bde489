import type { ErrorBody } from '@flashline/contracts';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../support/http/test-app';

/** Every failure has the contract's shape, and its requestId is the X-Request-Id header. */
function expectErrorShape(response: Response, status: number, code: string): ErrorBody {
  expect(response.status).toBe(status);
  const body = response.body as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.requestId).toBe(response.headers['x-request-id']);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
  return body;
}

describe('the one error shape', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    expectErrorShape(await app.http.get('/api/no-such-route'), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const response = await app.http
      .post('/api/health')
      .set('Content-Type', 'application/json')
      .send('{"oops":');
    expectErrorShape(response, 400, 'VALIDATION_FAILED');
  });

  it('answers a 20 KiB body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await app.http
      .post('/api/health')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(20 * 1024) }));
    expectErrorShape(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a text/plain body on a JSON route with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const response = await app.http.post('/api/health').set('Content-Type', 'text/plain').send('hello');
    expectErrorShape(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('keeps a request id sent by the client and generates one otherwise', async () => {
    const sent = await app.http.get('/api/no-such-route').set('X-Request-Id', 'client-trace-42');
    expect(expectErrorShape(sent, 404, 'NOT_FOUND').error.requestId).toBe('client-trace-42');

    const generated = await app.http.get('/api/no-such-route');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces a request id that could inject into logs or headers', async () => {
    const response = await app.http.get('/api/no-such-route').set('X-Request-Id', 'evil id\twith spaces');
    expect(expectErrorShape(response, 404, 'NOT_FOUND').error.requestId).not.toContain('evil');
  });

  it('sends security headers and no X-Powered-By', async () => {
    const response = await app.http.get('/api/health');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows CORS only from the configured storefront origin', async () => {
    const allowed = await app.http.get('/api/health').set('Origin', app.config.http.storefrontOrigin);
    expect(allowed.headers['access-control-allow-origin']).toBe(app.config.http.storefrontOrigin);
    const foreign = await app.http.get('/api/health').set('Origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });
});
