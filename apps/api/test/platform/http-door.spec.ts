import { connect, type Socket } from 'node:net';
import type { Server } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { loadConfig } from '@api/config';
import { MAX_JSON_DEPTH } from '@api/common/http/json-body';
import { expectErrorBody, GENEROUS_RATE_LIMITS, uniqueClientIp } from '../support/http/auth';
import { newId, NO_RATE_LIMITS } from '../support/fixtures/basics';
import { SaleTestBed } from '../support/http/sale-test-bed';
import { createTestApp } from '../support/http/test-app';

/** `{"extra": {"a": {"a": … }}}`, `depth` objects deep, written without recursion. */
const nestedObject = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
const nestedArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const asIs = (bytes: string): string => bytes;

/** Issue #18 findings 1, 2, 12 and 14: what the HTTP door refuses before any route code runs. */
describe('the HTTP door', () => {
  const bed = new SaleTestBed({ env: { ...GENEROUS_RATE_LIMITS, ...NO_RATE_LIMITS } });

  const postRaw = (
    path: string,
    body: Buffer | string,
    headers: Record<string, string> = {},
  ): Promise<Response> => {
    // The bytes as given: superagent would otherwise serialize a Buffer sent as JSON.
    let call = bed.app.http.post(path).set('Content-Type', 'application/json').serialize(asIs);
    for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
    return call.send(Buffer.isBuffer(body) ? body : Buffer.from(body));
  };

  describe('JSON nested deeper than the limit (finding 1: was a 500 from a stack overflow)', () => {
    it('refuses a login whose `extra` nests 2,000 objects, or whose email is a 5,000-deep array, with 400', async () => {
      const deepExtra = `{"email":"a@b.co","password":"whatever1","extra":${nestedObject(2000)}}`;
      const body = expectErrorBody(await postRaw('/api/auth/login', deepExtra), 400, 'VALIDATION_FAILED');
      expect(body.error.message).toMatch(/deeper than 32 levels/);
      const deepEmail = `{"email":${nestedArray(5000)},"password":"whatever1"}`;
      expectErrorBody(await postRaw('/api/auth/login', deepEmail), 400, 'VALIDATION_FAILED');
    });

    it('refuses a deep product name from an admin with 400, and lets the limit itself through to validation', async () => {
      const product = await bed.fx.product();
      const deep = await bed.app.http
        .patch(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${bed.admin}`)
        .set('Content-Type', 'application/json')
        .send(`{"name":${nestedArray(3000)}}`);
      expect(expectErrorBody(deep, 400, 'VALIDATION_FAILED').error.message).toMatch(/nests/);
      // Exactly at the limit the body is read, and validation names the field.
      const atLimit = await bed.app.http
        .patch(`/api/products/${product.id}`)
        .set('Authorization', `Bearer ${bed.admin}`)
        .set('Content-Type', 'application/json')
        .send(`{"name":${nestedArray(MAX_JSON_DEPTH - 1)}}`);
      const details = expectErrorBody(atLimit, 400, 'VALIDATION_FAILED').error.details ?? [];
      expect(details.map((detail) => detail.field)).toContain('name');
    });

    it('does not count brackets inside strings', async () => {
      const response = await postRaw(
        '/api/auth/login',
        JSON.stringify({ email: '['.repeat(100), password: 'x' }),
      );
      const details = expectErrorBody(response, 400, 'VALIDATION_FAILED').error.details ?? [];
      expect(details.map((detail) => detail.field)).toContain('email');
    });
  });

  describe('Content-Encoding (finding 2: a body that lied about it was a 500)', () => {
    const login = JSON.stringify({ email: `nobody-${newId()}@flashline.test`, password: 'wrong password!' });

    it.each(['gzip', 'deflate', 'br', 'x-gzip'])(
      'answers a body that is not %s 400 in the error shape',
      async (encoding) => {
        const response = await postRaw('/api/auth/login', login, { 'Content-Encoding': encoding });
        expect(expectErrorBody(response, 400, 'VALIDATION_FAILED').error.message).toMatch(/Content-Encoding/);
      },
    );

    it('answers an encoding it does not know 415', async () => {
      for (const encoding of ['compress', 'zstd', 'gzip, br', 'banana']) {
        expectErrorBody(
          await postRaw('/api/auth/login', login, { 'Content-Encoding': encoding }),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
      }
    });

    it('reads a genuinely compressed body (gzip, deflate, br) and one sent as identity', async () => {
      const bodies: [string, Buffer][] = [
        ['gzip', gzipSync(login)],
        ['deflate', deflateSync(login)],
        ['br', brotliCompressSync(login)],
        ['identity', Buffer.from(login)],
      ];
      for (const [encoding, bytes] of bodies) {
        // A wrong password: the body was read, decoded and validated, and the password checked.
        const response = await postRaw('/api/auth/login', bytes, {
          'Content-Encoding': encoding,
          'X-Forwarded-For': uniqueClientIp(),
        });
        expectErrorBody(response, 401, 'UNAUTHENTICATED');
      }
    });

    it('applies the body limit to the decompressed bytes (a small zip bomb is 413)', async () => {
      const bomb = gzipSync(JSON.stringify({ padding: 'x'.repeat(bed.app.config.http.bodyLimitBytes * 20) }));
      expect(bomb.length).toBeLessThan(bed.app.config.http.bodyLimitBytes);
      const response = await postRaw('/api/auth/login', bomb, { 'Content-Encoding': 'gzip' });
      expectErrorBody(response, 413, 'PAYLOAD_TOO_LARGE');
    });
  });
});

/** A raw socket that sends `head` and some of a body, then nothing; resolves when the server closes it. */
function stalledRequest(server: Server, head: string): Promise<{ closedAfterMs: number; received: string }> {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    let received = '';
    const socket: Socket = connect(address.port, '127.0.0.1', () => socket.write(head));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ closedAfterMs: Date.now() - startedAt, received }));
    // Never more than this: the assertion below says what was expected.
    setTimeout(() => socket.destroy(), 12_000).unref();
  });
}

describe('server timeouts (finding 12: a body that never finished kept its socket for minutes)', () => {
  it('closes the socket of a request whose body never finishes within HTTP_REQUEST_TIMEOUT_MS, with 408', async () => {
    const app = await createTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_HEADERS_TIMEOUT_MS: '1000' });
    try {
      const stalled = await stalledRequest(
        app.app.getHttpServer() as Server,
        'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000\r\n\r\n{"email":',
      );
      expect(stalled.closedAfterMs).toBeLessThan(5_000);
      expect(stalled.received).toMatch(/^HTTP\/1\.1 408/);
      expect(stalled.received).toMatch(/"code":"VALIDATION_FAILED"/);
    } finally {
      await app.close();
    }
  });

  it('has second-scale defaults, configurable and validated', () => {
    const defaults = loadConfig({ NODE_ENV: 'test' }).http;
    expect(defaults.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(defaults.headersTimeoutMs).toBeLessThanOrEqual(defaults.requestTimeoutMs);
    expect(defaults.keepAliveTimeoutMs).toBeGreaterThan(0);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
  });
});

describe('trust proxy (finding 14: a loopback client chose its own IP through X-Forwarded-For)', () => {
  it('trusts no proxy by default outside development, loopback in development, and never "true"', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).http.trustProxy).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).http.trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).http.trustProxy).toBe('10.0.0.0/8,loopback');
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'none' }).http.trustProxy).toBe(false);
    for (const value of ['true', 'everyone', '10.0.0.0/8,evil.example']) {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    }
  });

  it('counts a loopback client by its socket address, whatever X-Forwarded-For it sends, unless told to trust it', async () => {
    const app = await createTestApp({ TRUST_PROXY: undefined, RATE_LIMIT_DEFAULT_LIMIT: '3' });
    try {
      // Earlier requests of this file came from 127.0.0.1 too.
      await app.reset();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await app.http.get('/api/health').set('X-Forwarded-For', uniqueClientIp())).status);
      }
      // Five "different" clients are one: the fourth request is over the limit.
      expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await app.reset();
      await app.close();
    }
  });
});
