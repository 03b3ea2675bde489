import type { ErrorBody, Product } from '@flashline/contracts';
import { Types } from 'mongoose';
import type { Response } from 'supertest';
import { ProductsService } from '@api/products';
import { signInAdmin, signUpShopper } from '../support/http/auth';
import { createTestApp, type TestApp } from '../support/http/test-app';

/** These tests make many requests as one user and one IP: the general rate limit is not under test here. */
const GENEROUS_RATE_LIMIT = { RATE_LIMIT_DEFAULT_LIMIT: '1000000' };
const RUN = `run${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** One bad request and what the contract says it gets. */
interface Case {
  name: string;
  method: Method;
  /** `:product` is replaced by a real product's id. */
  path: string;
  as: 'admin' | 'shopper' | 'anyone';
  body?: unknown;
  /** Sent as the raw JSON text when the body is not an object (arrays, null, strings). */
  rawBody?: string;
  headers?: Record<string, string>;
  status: 400 | 404;
  /** The field a 400's `details` must name. */
  field?: string;
}

const VALID_PRODUCT = {
  name: `Valid ${RUN}`,
  description: 'Valid.',
  priceCents: 100,
  currency: 'usd',
  stock: 1,
};
const UNKNOWN_ID = new Types.ObjectId().toHexString();

const create = (name: string, body: unknown, field?: string): Case => ({
  name: `POST /products ${name}`,
  method: 'post',
  path: '/api/products',
  as: 'admin',
  body,
  status: 400,
  field,
});
const withField = (field: string, value: unknown): Record<string, unknown> => ({
  ...VALID_PRODUCT,
  [field]: value,
});
const without = (field: string): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...VALID_PRODUCT };
  delete copy[field];
  return copy;
};
const patch = (name: string, body: unknown, field?: string): Case => ({
  name: `PATCH /products/:id ${name}`,
  method: 'patch',
  path: '/api/products/:product',
  as: 'admin',
  body,
  status: 400,
  field,
});
const list = (name: string, query: string, field?: string): Case => ({
  name: `GET /products?${query} (${name})`,
  method: 'get',
  path: `/api/products?${query}`,
  as: 'anyone',
  status: 400,
  field,
});
const putCart = (name: string, body: unknown, field?: string): Case => ({
  name: `PUT /cart/items/:productId ${name}`,
  method: 'put',
  path: '/api/cart/items/:product',
  as: 'shopper',
  body,
  status: 400,
  field,
});
const badIds = (method: Method, path: string, as: Case['as'], body?: unknown, field = 'id'): Case[] => [
  ...['abc', '123', 'zzzzzzzzzzzzzzzzzzzzzzzz', '0123456789ab', `${UNKNOWN_ID}0`, '%24gt', 'null'].map(
    (id): Case => ({
      name: `${method.toUpperCase()} ${path} with id "${id}"`,
      method,
      path: path.replace(':id', id),
      as,
      body,
      status: 400,
      field,
    }),
  ),
  {
    name: `${method.toUpperCase()} ${path} with an unknown id`,
    method,
    path: path.replace(':id', UNKNOWN_ID),
    as,
    body,
    status: 404,
  },
];

const CASES: Case[] = [
  // POST /api/products: missing fields
  ...['name', 'description', 'priceCents', 'currency', 'stock'].map((field) =>
    create(`without ${field}`, without(field), field),
  ),
  create('with an empty body', {}),
  { ...create('with an array body', undefined), rawBody: '[{"name":"x"}]' },
  { ...create('with a null body', undefined), rawBody: 'null' },
  // extra fields
  create('with an unknown field', { ...VALID_PRODUCT, archived: true }, 'archived'),
  create('with an id', { ...VALID_PRODUCT, id: UNKNOWN_ID }, 'id'),
  create('with a nameLower', { ...VALID_PRODUCT, nameLower: 'x' }, 'nameLower'),
  // wrong types
  create('with a numeric name', withField('name', 123), 'name'),
  create('with a null name', withField('name', null), 'name'),
  create('with an object description', withField('description', {}), 'description'),
  create('with a string price', withField('priceCents', '100'), 'priceCents'),
  create('with a boolean price', withField('priceCents', true), 'priceCents'),
  create('with a string stock', withField('stock', '5'), 'stock'),
  create('with an array stock', withField('stock', [5]), 'stock'),
  create('with a numeric currency', withField('currency', 840), 'currency'),
  create('with a numeric imageUrl', withField('imageUrl', 5), 'imageUrl'),
  create('with a null imageUrl', withField('imageUrl', null), 'imageUrl'),
  // operator objects
  create('with an operator name', withField('name', { $gt: '' }), 'name'),
  create('with an operator price', withField('priceCents', { $gt: 0 }), 'priceCents'),
  create('with an operator currency', withField('currency', { $ne: null }), 'currency'),
  create('with an operator stock', withField('stock', { $inc: 1 }), 'stock'),
  // numbers out of range
  create('with a negative price', withField('priceCents', -1), 'priceCents'),
  create('with a zero price', withField('priceCents', 0), 'priceCents'),
  create('with a fractional price', withField('priceCents', 1.5), 'priceCents'),
  create('with a huge price', withField('priceCents', 1_000_000_001), 'priceCents'),
  create('with an astronomic price', { ...VALID_PRODUCT, priceCents: 1e300 }, 'priceCents'),
  create('with a negative stock', withField('stock', -1), 'stock'),
  create('with a fractional stock', withField('stock', 0.5), 'stock'),
  create('with a huge stock', withField('stock', 1_000_001), 'stock'),
  // strings
  create('with an empty name', withField('name', ''), 'name'),
  create('with a blank name', withField('name', '   '), 'name'),
  create('with a 201-character name', withField('name', 'n'.repeat(201)), 'name'),
  create('with a 5001-character description', withField('description', 'd'.repeat(5001)), 'description'),
  create('with a 4-letter currency', withField('currency', 'usdd'), 'currency'),
  create('with a 2-letter currency', withField('currency', 'us'), 'currency'),
  create('with a currency with digits', withField('currency', 'us1'), 'currency'),
  create('with a non-URL image', withField('imageUrl', 'not a url'), 'imageUrl'),
  create('with a javascript: image', withField('imageUrl', 'javascript:alert(1)'), 'imageUrl'),
  create('with an ftp image', withField('imageUrl', 'ftp://images.example.com/a.jpg'), 'imageUrl'),
  create('with a protocol-relative image', withField('imageUrl', '//evil.example/a.svg'), 'imageUrl'),
  create('with a path climbing out', withField('imageUrl', '/images/../secret.svg'), 'imageUrl'),
  create('with a relative path', withField('imageUrl', 'images/a.svg'), 'imageUrl'),
  create(
    'with a 2001-character image URL',
    withField('imageUrl', `https://images.example.com/${'a'.repeat(1980)}.jpg`),
    'imageUrl',
  ),

  // PATCH /api/products/:id
  ...badIds('patch', '/api/products/:id', 'admin', { priceCents: 100 }),
  patch('with a null name', { name: null }, 'name'),
  patch('with a null price', { priceCents: null }, 'priceCents'),
  patch('with a null stock', { stock: null }, 'stock'),
  patch('with a negative price', { priceCents: -5 }, 'priceCents'),
  patch('with a fractional price', { priceCents: 9.99 }, 'priceCents'),
  patch('with a string stock', { stock: '3' }, 'stock'),
  patch('with a negative stock', { stock: -3 }, 'stock'),
  patch('with a huge stock', { stock: 1_000_001 }, 'stock'),
  patch('with an operator name', { name: { $regex: '.*' } }, 'name'),
  patch('with an operator stock', { stock: { $inc: 5 } }, 'stock'),
  patch('with archived', { archived: false }, 'archived'),
  patch('with an id', { id: UNKNOWN_ID }, 'id'),
  patch('with an empty name', { name: '' }, 'name'),
  patch('with a bad image', { imageUrl: 'nope' }, 'imageUrl'),
  {
    ...patch('with an Idempotency-Key containing spaces', { stock: 2 }, 'Idempotency-Key'),
    headers: { 'Idempotency-Key': 'two words' },
  },
  {
    ...patch('with a 129-character Idempotency-Key', { stock: 2 }, 'Idempotency-Key'),
    headers: { 'Idempotency-Key': 'k'.repeat(129) },
  },

  // GET and DELETE /api/products/:id
  ...badIds('get', '/api/products/:id', 'anyone'),
  ...badIds('delete', '/api/products/:id', 'admin'),

  // GET /api/products query
  list('page 0', 'page=0', 'page'),
  list('negative page', 'page=-1', 'page'),
  list('fractional page', 'page=1.5', 'page'),
  list('word page', 'page=abc', 'page'),
  list('empty page', 'page=', 'page'),
  list('huge page', 'page=10000001', 'page'),
  list('repeated page', 'page=1&page=2', 'page'),
  list('limit 0', 'limit=0', 'limit'),
  list('limit 101', 'limit=101', 'limit'),
  list('fractional limit', 'limit=2.5', 'limit'),
  list('word limit', 'limit=ten', 'limit'),
  list('101-character q', `q=${'q'.repeat(101)}`, 'q'),
  list('repeated q', 'q=a&q=b', 'q'),
  list('operator q', 'q[$regex]=.*', undefined),
  list('unknown parameter', 'sort=price', 'sort'),

  // PUT /api/cart/items/:productId
  ...badIds('put', '/api/cart/items/:id', 'shopper', { quantity: 1 }, 'productId'),
  putCart('without quantity', {}, 'quantity'),
  putCart('with quantity 0', { quantity: 0 }, 'quantity'),
  putCart('with quantity 100', { quantity: 100 }, 'quantity'),
  putCart('with a negative quantity', { quantity: -1 }, 'quantity'),
  putCart('with a fractional quantity', { quantity: 1.5 }, 'quantity'),
  putCart('with a string quantity', { quantity: '2' }, 'quantity'),
  putCart('with a null quantity', { quantity: null }, 'quantity'),
  putCart('with an operator quantity', { quantity: { $gt: 0 } }, 'quantity'),
  putCart('with an extra field', { quantity: 1, userId: UNKNOWN_ID }, 'userId'),
  putCart('with an extra price', { quantity: 1, unitPriceCents: 1 }, 'unitPriceCents'),

  // DELETE /api/cart/items/:productId (removing an absent line is fine: 200, so only bad ids)
  ...badIds('delete', '/api/cart/items/:id', 'shopper', undefined, 'productId').filter(
    (testCase) => testCase.status === 400,
  ),
];

describe('bad input on product and cart routes', () => {
  let app: TestApp;
  let tokens: Record<Case['as'], string | undefined>;
  let product: Product;

  beforeAll(async () => {
    app = await createTestApp(GENEROUS_RATE_LIMIT);
    await app.mongo.asPromise(); // connected: direct collection calls below are not buffered
    tokens = {
      admin: (await signInAdmin(app)).accessToken,
      shopper: (await signUpShopper(app)).accessToken,
      anyone: undefined,
    };
    product = await app.app.get(ProductsService).create({ ...VALID_PRODUCT, stock: 5 });
  });

  afterAll(async () => {
    const ids = (
      await app.mongo
        .collection('products')
        .find({ name: `Valid ${RUN}` })
        .toArray()
    ).map((document) => document._id);
    await app.mongo.collection('products').deleteMany({ _id: { $in: ids } });
    await app.mongo.collection('inventory_movements').deleteMany({ productId: { $in: ids } });
    await app.close();
  });

  function send(
    testCase: Pick<Case, 'method' | 'path' | 'as' | 'body' | 'rawBody' | 'headers'>,
  ): Promise<Response> {
    const token = tokens[testCase.as];
    let call = app.http[testCase.method](testCase.path.replace(':product', product.id));
    if (token) call = call.set('Authorization', `Bearer ${token}`);
    if (testCase.headers) call = call.set(testCase.headers);
    if (testCase.rawBody !== undefined)
      return call.set('Content-Type', 'application/json').send(testCase.rawBody);
    return testCase.body === undefined ? call : call.send(testCase.body as object);
  }

  it('accepts the valid requests the table varies', async () => {
    const valid = [
      await send({ method: 'post', path: '/api/products', as: 'admin', body: VALID_PRODUCT }),
      await send({
        method: 'patch',
        path: '/api/products/:product',
        as: 'admin',
        body: { priceCents: 150, stock: 6 },
      }),
      await send({ method: 'get', path: '/api/products/:product', as: 'anyone' }),
      await send({ method: 'get', path: '/api/products?page=1&limit=100&q=valid', as: 'anyone' }),
      await send({ method: 'put', path: '/api/cart/items/:product', as: 'shopper', body: { quantity: 99 } }),
      await send({ method: 'delete', path: '/api/cart/items/:product', as: 'shopper' }),
    ];
    expect(valid.map((response) => response.status)).toEqual([201, 200, 200, 200, 200, 200]);
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const response = await send(testCase);
    const body = response.body as ErrorBody;
    expect({ status: response.status, code: body.error?.code }).toEqual({
      status: testCase.status,
      code: testCase.status === 400 ? 'VALIDATION_FAILED' : 'NOT_FOUND',
    });
    if (testCase.status === 400 && testCase.field) {
      expect(body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: testCase.field })]),
      );
    }
  });

  it('left the product as it was', async () => {
    const read = await send({ method: 'get', path: '/api/products/:product', as: 'anyone' });
    expect(read.body).toMatchObject({
      id: product.id,
      name: product.name,
      priceCents: 150,
      stock: 6,
      archived: false,
    });
  });
});
