/**
 * The demo that `npm start` prepares through the API's own routes (so the ledger, Redis counters and sale
 * rules apply exactly as for an admin): two shoppers, one sale that is active now and one that opens two
 * minutes after start. Idempotent enough to run on every start: existing shoppers and an active or upcoming
 * sale are kept.
 */
import type { AuthSession, FlashSale, Page, Product } from '@flashline/contracts';

export interface DemoCredentials {
  role: string;
  email: string;
  password: string;
}

const ADMIN: DemoCredentials = {
  role: 'admin',
  email: process.env.ADMIN_EMAIL ?? 'admin@flashline.test',
  password: process.env.ADMIN_PASSWORD ?? 'flashline-admin-dev',
};

const SHOPPERS: DemoCredentials[] = [1, 2].map((n) => ({
  role: 'shopper',
  email: `shopper${n}@flashline.test`,
  password: `flashline-shopper-${n}`,
}));

async function call<T>(
  url: string,
  method: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function ensureShopper(api: string, shopper: DemoCredentials, n: number): Promise<void> {
  const { status } = await call(`${api}/api/auth/register`, 'POST', {
    email: shopper.email,
    password: shopper.password,
    name: `Demo Shopper ${n}`,
  });
  if (status !== 201 && status !== 409) throw new Error(`registering ${shopper.email} answered ${status}`);
}

async function createSale(
  api: string,
  admin: string,
  product: Product,
  opensInMs: number,
  quantity: number,
): Promise<FlashSale> {
  const startsAt = Date.now() + opensInMs;
  const { status, body } = await call<FlashSale>(
    `${api}/api/flash-sales`,
    'POST',
    {
      productId: product.id,
      salePriceCents: Math.round(product.priceCents * 0.6),
      quantity,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 2 * 3600_000).toISOString(),
      perUserLimit: 1,
      reservationTtlSeconds: 300,
    },
    admin,
  );
  if (status !== 201) throw new Error(`creating a demo sale of ${product.name} answered ${status}`);
  return body;
}

/** Seeds the demo and returns the credentials to print. */
export async function seedDemo(api: string): Promise<DemoCredentials[]> {
  await Promise.all(SHOPPERS.map((shopper, i) => ensureShopper(api, shopper, i + 1)));
  const login = await call<AuthSession>(`${api}/api/auth/login`, 'POST', {
    email: ADMIN.email,
    password: ADMIN.password,
  });
  if (login.status !== 200) throw new Error(`admin sign-in answered ${login.status}`);
  const admin = login.body.accessToken;
  const products = (await call<Page<Product>>(`${api}/api/products?limit=100`, 'GET')).body.items.filter(
    (p) => p.stock >= 20,
  );
  const active = (await call<FlashSale[]>(`${api}/api/flash-sales?status=active`, 'GET')).body;
  const upcoming = (await call<FlashSale[]>(`${api}/api/flash-sales?status=upcoming`, 'GET')).body;
  if (active.length === 0 && products[0]) await createSale(api, admin, products[0], 0, 10);
  if (upcoming.length === 0 && products[1]) await createSale(api, admin, products[1], 120_000, 5);
  return [ADMIN, ...SHOPPERS];
}
