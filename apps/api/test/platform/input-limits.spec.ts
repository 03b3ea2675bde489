import { connect } from 'node:net';
import type { Server } from 'node:http';
import type { ErrorBody } from '@flashline/contracts';
import { expectErrorBody, GENEROUS_RATE_LIMITS } from '../support/http/auth';
import { newId, NO_RATE_LIMITS } from '../support/fixtures/basics';
import {
  listOperations,
  type OpenApiDocument,
  type OpenApiSchema,
  type Operation,
  operationName,
} from '../support/http/openapi-fuzz';
import { SaleTestBed } from '../support/http/sale-test-bed';

/** A string the document bounds: by length, by a pattern, or by a list of values. */
const isBounded = (schema: OpenApiSchema): boolean =>
  schema.maxLength !== undefined || schema.pattern !== undefined || schema.enum !== undefined;

interface Field {
  op: Operation;
  in: 'body' | 'query';
  name: string;
  schema: OpenApiSchema;
}

/** Every field of every request body and query string, with its schema. */
function requestFields(doc: OpenApiDocument): Field[] {
  return listOperations(doc).flatMap((op) => [
    ...Object.entries(op.body?.properties ?? {}).map(
      ([name, schema]): Field => ({ op, in: 'body', name, schema }),
    ),
    ...op.parameters
      .filter((p) => p.in === 'query')
      .map((p): Field => ({ op, in: 'query', name: p.name, schema: p.schema ?? {} })),
  ]);
}

/** The raw HTTP answer to `request`, written straight to the socket (no client-side checks). */
function rawExchange(
  server: Server,
  request: string,
): Promise<{ status: number; headers: string; body: string }> {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return new Promise((resolve, reject) => {
    const socket = connect(address.port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, body = ''] = received.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body });
    });
  });
}

function expectShapedRefusal(
  answer: { status: number; headers: string; body: string },
  status: number,
): void {
  expect(answer.status).toBe(status);
  expect(answer.headers).toMatch(/content-type: application\/json/i);
  const body = JSON.parse(answer.body) as ErrorBody;
  expect(body.error.code).toBe('VALIDATION_FAILED');
  expect(typeof body.error.message).toBe('string');
  expect(answer.headers).toContain(`X-Request-Id: ${body.error.requestId}`);
}

/** Issue #11, input hardening: bounded strings and arrays in every DTO, and oversized requests in shape. */
describe('input limits', () => {
  const bed = new SaleTestBed({ env: { ...GENEROUS_RATE_LIMITS, ...NO_RATE_LIMITS } });
  let doc: OpenApiDocument;

  beforeAll(async () => {
    doc = (await bed.app.http.get('/docs-json')).body as OpenApiDocument;
  });

  it('bounds every string and array a request body or query takes, in the OpenAPI document', () => {
    const fields = requestFields(doc);
    expect(fields.length).toBeGreaterThan(20);
    const unbounded = fields
      .filter(({ schema }) =>
        schema.type === 'array'
          ? schema.maxItems === undefined
          : schema.type === 'string' && !isBounded(schema),
      )
      .map((field) => `${operationName(field.op)} ${field.in} ${field.name}`);
    expect(unbounded).toEqual([]);
  });

  it('answers a string one character over its maxLength with 400 VALIDATION_FAILED naming the field', async () => {
    const limited = requestFields(doc).filter(
      (field) => field.schema.type === 'string' && field.schema.maxLength !== undefined,
    );
    expect(limited.map((field) => field.name)).toEqual(
      expect.arrayContaining(['email', 'password', 'name', 'description', 'imageUrl', 'q', 'startsAt']),
    );
    for (const field of limited) {
      const tooLong = 'a'.repeat((field.schema.maxLength ?? 0) + 1);
      const path = field.op.path.replace(/\{[^}]+\}/g, () => newId());
      const url = field.in === 'query' ? `${path}?${field.name}=${tooLong}` : path;
      const response = await bed.app.http[field.op.method](url)
        .set('Authorization', `Bearer ${bed.admin}`)
        .send(field.in === 'body' ? { [field.name]: tooLong } : undefined);
      const body = expectErrorBody(response, 400, 'VALIDATION_FAILED');
      expect({ route: operationName(field.op), fields: body.error.details?.map((d) => d.field) }).toEqual({
        route: operationName(field.op),
        fields: expect.arrayContaining([field.name]) as string[],
      });
    }
  });

  it('refuses a sale timestamp padded to any length, which ISO 8601 alone would accept', async () => {
    const product = await bed.fx.product();
    const padded = (at: number): string => new Date(at).toISOString().replace('Z', `${'0'.repeat(200)}Z`);
    const response = await bed.app.http
      .post('/api/flash-sales')
      .set('Authorization', `Bearer ${bed.admin}`)
      .send({
        productId: product.id,
        salePriceCents: 100,
        quantity: 1,
        startsAt: padded(Date.now() + 60_000),
        endsAt: padded(Date.now() + 3_600_000),
      });
    const body = expectErrorBody(response, 400, 'VALIDATION_FAILED');
    expect(body.error.details?.map((detail) => detail.field).sort()).toEqual(['endsAt', 'startsAt']);
  });

  it('answers a URL or headers over Node’s limit with 431 in the error shape', async () => {
    const server = bed.app.app.getHttpServer() as Server;
    const longUrl = `GET /api/products?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`;
    expectShapedRefusal(await rawExchange(server, longUrl), 431);
    const longHeader = `GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'b'.repeat(20_000)}\r\n\r\n`;
    expectShapedRefusal(await rawExchange(server, longHeader), 431);
  });

  it('answers malformed HTTP with 400 in the error shape', async () => {
    const server = bed.app.app.getHttpServer() as Server;
    const malformed = 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nNot a header line\r\n\r\n';
    expectShapedRefusal(await rawExchange(server, malformed), 400);
  });
});
