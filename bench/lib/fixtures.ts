import { randomUUID } from 'node:crypto';
import type { AuthSession, FlashSale, Product, Reservation, WaitingRoomSettings } from '@flashline/contracts';
import { bearer, call, expectOk, mapLimit } from './http';

export const ADMIN = { email: 'admin@flashline.test', password: 'flashline-admin-dev' };
export const SHOPPER_PASSWORD = 'bench-shopper-password';

/**
 * The API creates its admin in the background once it has started (AdminAccount), possibly after its health
 * route answers: a 401 is retried for a few seconds before it counts.
 */
export async function signInAdmin(url: string): Promise<AuthSession> {
  for (let attempt = 1; ; attempt++) {
    const login = call<AuthSession>(`${url}/api/auth/login`, 'POST', ADMIN);
    if (attempt === 20 || (await login).status !== 401) return expectOk(login, 'admin login');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Registers `count` shoppers through the real route and returns their sessions (tokens pre-signed). */
export function registerShoppers(url: string, count: number, concurrency = 32): Promise<AuthSession[]> {
  const run = randomUUID().slice(0, 8);
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    (i) =>
      expectOk(
        call<AuthSession>(`${url}/api/auth/register`, 'POST', {
          email: `bench-${run}-${i}@flashline.test`,
          password: SHOPPER_PASSWORD,
          name: `Bench Shopper ${i}`,
        }),
        'register shopper',
      ),
  );
}

export function createProduct(url: string, admin: AuthSession, stock: number): Promise<Product> {
  const body = {
    name: `Bench product ${randomUUID().slice(0, 8)}`,
    description: 'A product made by the benchmark.',
    priceCents: 10_000,
    currency: 'usd',
    stock,
  };
  return expectOk(call<Product>(`${url}/api/products`, 'POST', body, bearer(admin)), 'create product');
}

export interface SaleOptions {
  quantity: number;
  perUserLimit?: number;
  reservationTtlSeconds?: number;
  /** A waiting-room sale (contract: "Waiting room"). */
  waitingRoom?: WaitingRoomSettings;
}

/** A sale as answered by an API that may or may not know the waiting room yet. */
export type BenchSale = FlashSale & { waitingRoom?: WaitingRoomSettings | null };

/** A product with just enough stock and an already-open sale of it. */
export async function createOpenSale(
  url: string,
  admin: AuthSession,
  options: SaleOptions,
): Promise<BenchSale> {
  const product = await createProduct(url, admin, options.quantity);
  const body = {
    productId: product.id,
    salePriceCents: 5_000,
    quantity: options.quantity,
    startsAt: new Date(Date.now() - 1000).toISOString(),
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    perUserLimit: options.perUserLimit ?? 1,
    reservationTtlSeconds: options.reservationTtlSeconds ?? 600,
    ...(options.waitingRoom ? { waitingRoom: options.waitingRoom } : {}),
  };
  return expectOk(call<BenchSale>(`${url}/api/flash-sales`, 'POST', body, bearer(admin)), 'create sale');
}

export function reserve(url: string, session: AuthSession, saleId: string): Promise<Reservation> {
  return expectOk(
    call<Reservation>(
      `${url}/api/flash-sales/${saleId}/reservations`,
      'POST',
      { quantity: 1 },
      bearer(session),
    ),
    'reserve',
  );
}
