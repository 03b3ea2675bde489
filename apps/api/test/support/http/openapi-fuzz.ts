import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { ERROR_CODES, type ErrorBody } from '@flashline/contracts';
import {
  CATALOG_HOLDS_KEY,
  CATALOG_STOCK_KEY,
  saleHoldsKey,
  saleStockKey,
  saleUsersKey,
} from '@api/redis/redis-keys';
import { type TestApp } from './test-app';

// ---- The OpenAPI document, as much of it as the fuzzer reads ----------------------------------------------

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

export interface OpenApiSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  maxItems?: number;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
  security?: unknown[];
}

export interface OpenApiDocument {
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** One documented route: `GET /api/products/{id}` with its parameters and body schema (refs resolved). */
export interface Operation {
  method: HttpMethod;
  path: string;
  parameters: OpenApiParameter[];
  body?: OpenApiSchema;
  secured: boolean;
}

export const operationName = (op: Pick<Operation, 'method' | 'path'>): string =>
  `${op.method.toUpperCase()} ${op.path}`;

export function listOperations(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: OpenApiSchema | undefined): OpenApiSchema | undefined => {
    if (!schema?.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    return doc.components?.schemas?.[name];
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = methods[method];
      if (!op) continue;
      operations.push({
        method,
        path,
        parameters: op.parameters ?? [],
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

// ---- Hostile values -----------------------------------------------------------------------------------------

/** MongoDB query and update operators where a plain value belongs. */
export const mongoOperator: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({ $gt: '' }),
  fc.constant({ $ne: null }),
  fc.constant({ $where: 'sleep(1000) || true' }),
  fc.constant({ $regex: '.*' }),
  fc.constant({ $in: [null, '', 0] }),
  fc.constant({ $exists: true }),
  fc.constant({ $expr: { $eq: [1, 1] } }),
  fc.constant({ $set: { role: 'admin' } }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
  fc.record({ $gt: fc.string(), $lt: fc.string() }),
);

/**
 * Strings from every corner of Unicode, plus the classics (empty, whitespace, NUL, RTL, emoji, long).
 * `maxRepeat` bounds the long ones: URLs stay under Node's 16 KiB header limit, which Node itself answers
 * (431, no body) before the application sees the request.
 */
export const weirdStrings = (maxRepeat: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\u202e\u0041dmin',
      '💥🔥',
      'null',
      'undefined',
      'NaN',
      '-1',
      '1e309',
      '0x10',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      '{"$gt":""}',
      '665f1c2ab1e4c2a9d0a1b2c3',
      'admin@flashline.test',
    ),
    fc.integer({ min: 100, max: maxRepeat }).map((n) => 'ä'.repeat(n)),
  );

/** For bodies: up to 6,000 two-byte characters. */
export const weirdString = weirdStrings(6000);
/** For paths, queries: at most ~3.6 KB once URI-encoded. */
const weirdUrlString = weirdStrings(600);

/** Any JSON value of the wrong kind: numbers at the edges, nulls, arrays, nested objects, operators. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  mongoOperator,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.oneof(fc.string(), fc.integer(), mongoOperator), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.constant(nested(60)),
);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** A value for a schema property that satisfies it, taken from its example / enum / bounds. */
function validValue(schema: OpenApiSchema): unknown {
  if (schema.enum?.length) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

/**
 * Bodies for a documented schema: a valid example with one property made hostile, with an extra
 * property (mass assignment), with operators everywhere, or any JSON at all.
 */
export function bodyFor(schema: OpenApiSchema | undefined): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema?.properties ?? {});
  const valid = Object.fromEntries(properties.map(([name, property]) => [name, validValue(property)]));
  const variants: Array<fc.Arbitrary<unknown>> = [
    fc.jsonValue({ maxDepth: 3 }),
    weirdValue,
    fc.dictionary(fc.string({ maxLength: 12 }), weirdValue, { maxKeys: 6 }),
  ];
  if (properties.length > 0) {
    const names = properties.map(([name]) => name);
    variants.push(
      fc.record({ name: fc.constantFrom(...names), value: weirdValue }).map(({ name, value }) => ({
        ...valid,
        [name]: value,
      })),
      fc.constantFrom(...names).map((name) => {
        const rest: Record<string, unknown> = { ...valid };
        delete rest[name];
        return rest;
      }),
      fc
        .record({
          extra: fc.constantFrom('role', 'id', '_id', 'passwordHash', '__v', 'isAdmin', 'userId', 'status'),
          value: weirdValue,
        })
        .map(({ extra, value }) => ({ ...valid, [extra]: value })),
      fc.constant(Object.fromEntries(names.map((name) => [name, { $ne: null }]))),
    );
  }
  return fc.oneof(...variants);
}

/** Query values: the wrong type, repeated (arrays), bracketed operators, huge. */
export function queryFor(parameters: OpenApiParameter[]): fc.Arbitrary<string> {
  const names = [...parameters.filter((p) => p.in === 'query').map((p) => p.name), 'unknown', '__proto__'];
  const value = fc.oneof(
    weirdUrlString,
    fc.constantFrom('0', '-1', '101', '1000001', '1.5', 'abc', '', '100', '1', 'active', 'ended'),
    fc.integer().map(String),
  );
  const pair = fc.oneof(
    fc.tuple(fc.constantFrom(...names), value).map(([k, v]) => `${enc(k)}=${enc(v)}`),
    fc.tuple(fc.constantFrom(...names), value).map(([k, v]) => `${enc(k)}[$gt]=${enc(v)}`),
    fc.tuple(fc.constantFrom(...names), value).map(([k, v]) => `${enc(k)}[]=${enc(v)}`),
  );
  return fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.join('&'));
}

/** URI-encodes any string; lone surrogates (which encodeURIComponent refuses) become U+FFFD first. */
const enc = (value: string): string => encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));

/** A path segment: a real id of the fixtures, a well-formed id of nothing, or garbage. */
export function pathId(realIds: string[]): fc.Arbitrary<string> {
  const options: Array<fc.Arbitrary<string>> = [
    weirdUrlString,
    fc.stringMatching(/^[0-9a-f]{24}$/),
    fc.constantFrom('cart.abc', 'x.y', '665f1c2ab1e4c2a9d0a1b2c3.abc', 'pi_123', '.', '..', '%00'),
  ];
  if (realIds.length > 0) options.push(fc.constantFrom(...realIds));
  return fc.oneof(...options).map(enc);
}

/** Header values a client can send (visible ASCII, no CR/LF), some of them long. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...printableAscii()), maxLength: 60 }),
  fc.constantFrom('', ' ', 'null', '{"$gt":""}', 'a'.repeat(129), 'ok-key_1', 'x'.repeat(4000)),
);

function printableAscii(): string[] {
  return Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
}

/** A body's bytes on the wire: JSON, malformed JSON, or a size around the 16 KiB limit. */
export type WireBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string }
  | { kind: 'sized'; bytes: number };

export function wireBody(schema: OpenApiSchema | undefined): fc.Arbitrary<WireBody> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<WireBody>({ kind: 'none' }) },
    { weight: 6, arbitrary: bodyFor(schema).map((value): WireBody => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom('{"a":', '[', '{"a":1}}', 'nul', '\u0000', '{"a":1,"a":2}', '"just a string"'),
          fc.string(),
        )
        .map((text): WireBody => ({ kind: 'raw', text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.integer({ min: 15_000, max: 16_300 }), fc.integer({ min: 16_500, max: 40_000 }))
        .map((bytes): WireBody => ({ kind: 'sized', bytes })),
    },
  );
}

/** Bytes of a `sized` body: a JSON object padded to exactly that many bytes. */
export function sizedJson(bytes: number): string {
  const shell = '{"padding":""}';
  return `{"padding":"${'x'.repeat(Math.max(0, bytes - shell.length))}"}`;
}

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'multipart/form-data; boundary=x',
      'application/vnd.api+json',
      '*/*',
    ),
  },
);

// ---- What every answer must be -----------------------------------------------------------------------------

const LEAKS = [
  /at .*\.(js|ts):\d+/,
  /node_modules/,
  /Mongo[A-Z]\w*Error/,
  /E11000/,
  /Cast to ObjectId/,
  /ReplyError|ERR /,
  /"passwordHash"\s*:/,
  /ValidationError:/,
];

/** A problem with a response, or undefined: never a 5xx, and every non-2xx is the contract's one shape. */
export function contractViolation(response: Response): string | undefined {
  const requestId = response.headers['x-request-id'];
  if (response.status >= 500) return `status ${response.status}: ${response.text.slice(0, 300)}`;
  if (typeof requestId !== 'string' || requestId.length === 0) return 'no X-Request-Id header';
  const text = response.text ?? '';
  const leak = LEAKS.find((pattern) => pattern.test(text));
  if (leak) return `leak ${String(leak)} in ${text.slice(0, 300)}`;
  if (response.status < 400) return undefined;
  const body = response.body as Partial<ErrorBody> | undefined;
  const error = body?.error;
  if (!error || typeof error !== 'object') return `not the error shape: ${text.slice(0, 200)}`;
  if (!(ERROR_CODES as readonly string[]).includes(error.code)) return `unknown code ${String(error.code)}`;
  if (typeof error.message !== 'string') return 'no message';
  if (error.requestId !== requestId) return `requestId ${error.requestId} != header ${requestId}`;
  if (response.status === 429 && response.headers['retry-after'] === undefined)
    return '429 without Retry-After';
  return undefined;
}

// ---- What the database holds -------------------------------------------------------------------------------

export const MAIN_COLLECTIONS = [
  'users',
  'products',
  'inventory_movements',
  'flash_sales',
  'cart_items',
  'orders',
  'processed_events',
] as const;

/** Documents small enough to compare whole (the fuzzer's fixtures); the rest is compared by count. */
const DIGESTED = new Set(['products', 'flash_sales', 'cart_items', 'orders']);

/**
 * A fingerprint of what a request could change: every main collection (counted, the small ones hashed
 * whole) and the Redis stock, holds and per-user counts of the given sales and of the cart pool.
 */
export async function snapshot(app: TestApp, saleIds: string[]): Promise<string> {
  await app.mongo.asPromise();
  const db = app.mongo.db!;
  const mongo = await Promise.all(
    MAIN_COLLECTIONS.map(async (name) => {
      const collection = db.collection(name);
      if (!DIGESTED.has(name)) return `${name}:${await collection.countDocuments()}`;
      const docs = await collection.find({}).sort({ _id: 1 }).toArray();
      return `${name}:${docs.length}:${digest(JSON.stringify(docs))}`;
    }),
  );
  const sorted = async (key: string): Promise<string> =>
    JSON.stringify(Object.entries(await app.redis.hgetall(key)).sort(([a], [b]) => a.localeCompare(b)));
  const redis = await Promise.all([
    sorted(CATALOG_STOCK_KEY),
    app.redis.hlen(CATALOG_HOLDS_KEY),
    ...saleIds.flatMap((id) => [
      sorted(saleStockKey(id)),
      app.redis.hlen(saleHoldsKey(id)),
      sorted(saleUsersKey(id)),
    ]),
  ]);
  return [...mongo, JSON.stringify(redis)].join('|');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
