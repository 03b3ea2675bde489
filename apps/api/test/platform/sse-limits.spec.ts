import type { FlashSale } from '@flashline/contracts';
import { expectErrorBody, uniqueClientIp } from '../support/http/auth';
import { eventually, NO_RATE_LIMITS } from '../support/fixtures/basics';
import { baseUrl } from '../support/fixtures/sale-fixtures';
import { type EventStream, openEventStream } from '../support/http/event-stream';
import { SaleTestBed } from '../support/http/sale-test-bed';

const MAX_STREAMS = 2;

/** Issue #11, input hardening: a client holds at most SSE_MAX_STREAMS_PER_CLIENT event streams at once. */
describe('SSE streams per client (SSE_MAX_STREAMS_PER_CLIENT)', () => {
  const bed = new SaleTestBed({
    env: { ...NO_RATE_LIMITS, SSE_MAX_STREAMS_PER_CLIENT: String(MAX_STREAMS) },
  });
  let sale: FlashSale;
  const open: EventStream<unknown>[] = [];

  beforeAll(async () => {
    sale = await bed.fx.sale(bed.admin, (await bed.fx.product()).id);
  });

  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });

  async function stream(path: string, headers: Record<string, string>): Promise<EventStream<unknown>> {
    const opened = await openEventStream<unknown>(`${baseUrl(bed.app)}${path}`, headers);
    open.push(opened);
    return opened;
  }

  /** A stream that should be refused: supertest waits for the whole (JSON) answer. */
  const refused = (path: string, headers: Record<string, string>) => {
    let request = bed.app.http.get(path).timeout(5000);
    for (const [name, value] of Object.entries(headers)) request = request.set(name, value);
    return request;
  };

  const publicPath = (): string => `/api/flash-sales/${sale.id}/events`;
  const adminPath = (): string => `/api/admin/flash-sales/${sale.id}/operations/events`;

  it('refuses one public stream too many from an IP with 429 RATE_LIMITED; other IPs are unaffected', async () => {
    const ip = { 'X-Forwarded-For': uniqueClientIp() };
    for (let i = 0; i < MAX_STREAMS; i++) expect((await stream(publicPath(), ip)).status).toBe(200);
    const response = await refused(publicPath(), ip);
    expectErrorBody(response, 429, 'RATE_LIMITED');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect((await stream(publicPath(), { 'X-Forwarded-For': uniqueClientIp() })).status).toBe(200);
  });

  it('gives the slot back when a stream closes', async () => {
    const ip = { 'X-Forwarded-For': uniqueClientIp() };
    const first = await stream(publicPath(), ip);
    await stream(publicPath(), ip);
    expect((await refused(publicPath(), ip)).status).toBe(429);
    first.close();
    expect(
      await eventually(async () => {
        const again = await stream(publicPath(), ip);
        return again.status === 200;
      }),
    ).toBe(true);
  });

  it('counts an error answer as closed at once (404s do not use up slots)', async () => {
    const ip = { 'X-Forwarded-For': uniqueClientIp() };
    for (let i = 0; i < MAX_STREAMS + 2; i++) {
      expectErrorBody(
        await refused('/api/flash-sales/665f1c2ab1e4c2a9d0a1b2c3/events', ip),
        404,
        'NOT_FOUND',
      );
    }
    expect((await stream(publicPath(), ip)).status).toBe(200);
  });

  it('counts admin streams per user, whatever the IP', async () => {
    const auth = { Authorization: `Bearer ${bed.admin}` };
    for (let i = 0; i < MAX_STREAMS; i++) {
      expect((await stream(adminPath(), { ...auth, 'X-Forwarded-For': uniqueClientIp() })).status).toBe(200);
    }
    expectErrorBody(
      await refused(adminPath(), { ...auth, 'X-Forwarded-For': uniqueClientIp() }),
      429,
      'RATE_LIMITED',
    );
    // The same IP signed out is another client.
    expect((await stream(publicPath(), { 'X-Forwarded-For': uniqueClientIp() })).status).toBe(200);
  });

  it('exposes open and refused streams on /metrics', async () => {
    const ip = { 'X-Forwarded-For': uniqueClientIp() };
    await stream(publicPath(), ip);
    await stream(publicPath(), ip);
    await refused(publicPath(), ip);
    const metrics = (await bed.app.http.get('/metrics')).text;
    expect(Number(/^sse_streams_open (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect(Number(/^sse_streams_refused_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });
});
