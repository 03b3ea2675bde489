import { randomBytes } from 'node:crypto';

import { type APIRequestContext, expect } from '@playwright/test';
import type {
  AuthSession,
  CreateFlashSaleRequest,
  CreateProductRequest,
  CreateWaitingRoomRequest,
  FlashSale,
  Product,
  Reservation,
} from '@flashline/contracts';

/**
 * Test data through the real API (not the storefront's proxy): every test makes its own products, sales
 * and shoppers, named with a unique suffix, so tests never depend on each other or on earlier runs.
 */
export const API_URL = `http://127.0.0.1:${process.env.E2E_API_PORT ?? '3100'}/api`;
/** The storefront under test; its shipped product illustrations make test products look like the shop's. */
export const STOREFRONT_URL = `http://127.0.0.1:${process.env.E2E_STOREFRONT_PORT ?? '4300'}`;
const SNEAKER_IMAGE = `${STOREFRONT_URL}/images/products/nimbus-running-shoes.svg`;

const ADMIN = { email: 'admin@flashline.test', password: 'flashline-admin-dev' };

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

export interface Shopper {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export function newShopper(firstName = 'Ada'): Shopper {
  const suffix = uniqueSuffix();
  return {
    name: `${firstName} ${suffix}`,
    email: `${firstName.toLowerCase()}.${suffix}@e2e.flashline.test`,
    password: `pw-${suffix}-long-enough`,
  };
}

let adminToken: Promise<string> | null = null;

/** The admin's access token, signed in once per worker (tokens last 15 minutes; the run lasts ~4). */
export function asAdmin(request: APIRequestContext): Promise<string> {
  adminToken ??= (async () => {
    const response = await request.post(`${API_URL}/auth/login`, { data: ADMIN });
    expect(response.status(), await response.text()).toBe(200);
    return ((await response.json()) as AuthSession).accessToken;
  })();
  return adminToken;
}

function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export async function createProduct(
  request: APIRequestContext,
  overrides: Partial<CreateProductRequest> = {},
): Promise<Product> {
  const token = await asAdmin(request);
  const body: CreateProductRequest = {
    name: `E2E Sneaker ${uniqueSuffix()}`,
    description: 'A limited-edition sneaker, made for running and for e2e tests.',
    priceCents: 12_900,
    currency: 'usd',
    stock: 50,
    imageUrl: SNEAKER_IMAGE,
    ...overrides,
  };
  const response = await request.post(`${API_URL}/products`, { data: body, headers: bearer(token) });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Product;
}

export interface SaleOptions {
  readonly quantity?: number;
  readonly salePriceCents?: number;
  /** From now; negative for a sale that has already started. Default: started a second ago. */
  readonly startsInMs?: number;
  /** Default: 10 minutes. */
  readonly lastsMs?: number;
  readonly perUserLimit?: number;
  readonly reservationTtlSeconds?: number;
  readonly productName?: string;
  /** Sell through a line (contract: "Waiting room"); default: a scramble. */
  readonly waitingRoom?: CreateWaitingRoomRequest;
}

/** A product and a flash sale of it. */
export async function createSale(request: APIRequestContext, options: SaleOptions = {}): Promise<FlashSale> {
  const token = await asAdmin(request);
  const product = await createProduct(request, {
    name: options.productName ?? `E2E Flash Sneaker ${uniqueSuffix()}`,
    stock: Math.max(20, (options.quantity ?? 5) * 2),
  });
  const startsAt = Date.now() + (options.startsInMs ?? -SECOND_MS);
  const body: CreateFlashSaleRequest = {
    productId: product.id,
    salePriceCents: options.salePriceCents ?? 4_900,
    quantity: options.quantity ?? 5,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + (options.lastsMs ?? 10 * MINUTE_MS)).toISOString(),
    perUserLimit: options.perUserLimit ?? 1,
    reservationTtlSeconds: options.reservationTtlSeconds ?? 600,
    ...(options.waitingRoom === undefined ? {} : { waitingRoom: options.waitingRoom }),
  };
  const response = await request.post(`${API_URL}/flash-sales`, { data: body, headers: bearer(token) });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as FlashSale;
}

export async function getSale(request: APIRequestContext, id: string): Promise<FlashSale> {
  const response = await request.get(`${API_URL}/flash-sales/${id}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as FlashSale;
}

/** Registers a shopper through the API; returns their access token. */
export async function registerShopper(request: APIRequestContext, shopper: Shopper): Promise<string> {
  const response = await request.post(`${API_URL}/auth/register`, { data: shopper });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as AuthSession).accessToken;
}

/** Reserves one unit of a sale as the shopper with `token` (another buyer, outside the browser). */
export async function reserveAs(
  request: APIRequestContext,
  token: string,
  saleId: string,
): Promise<Reservation> {
  const response = await request.post(`${API_URL}/flash-sales/${saleId}/reservations`, {
    data: { quantity: 1 },
    headers: bearer(token),
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Reservation;
}
