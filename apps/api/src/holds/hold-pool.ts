import { randomFillSync } from 'node:crypto';
import type { ReservationKind } from '@flashline/contracts';
import {
  CATALOG_DEFINITION_KEY,
  CATALOG_POOL_KEYS,
  type HoldPoolKeys,
  holdScriptKeys,
  SALE_EVENTS_CHANNEL,
  saleDefinitionKey,
  salePoolKeys,
} from '@api/redis';

/**
 * Where holds live: one flash sale's keys, or the catalogue's (cart checkout). A pool's keys share one hash
 * tag, so every hold script runs in one Redis Cluster slot.
 */
export interface HoldPool {
  kind: ReservationKind;
  /** The sale, for a flash-sale pool. */
  saleId?: string;
  /** By name. The stats hash counts the pool's funnel in the same atomic step as each change it counts. */
  keys: HoldPoolKeys;
  /** The same keys in the order every hold script takes them, built once per pool. */
  scriptKeys: readonly string[];
  /** The sale's definition (window, per-user limit); the catalogue's is never written. */
  definition: string;
  /** Where stock changes are published ('' for the catalogue, which has no live stream). */
  channel: string;
  /** What names the pool in a published message ('' for the catalogue). */
  tag: string;
}

export const SALE_ID_PATTERN = /^[0-9a-f]{24}$/;
const CART_PREFIX = 'cart';
/** 12 random bytes: an id nobody guesses, though ownership is checked anyway. */
const RANDOM_PART = /^[A-Za-z0-9_-]{16}$/;

export function salePool(saleId: string): HoldPool {
  const keys = salePoolKeys(saleId);
  return {
    kind: 'flash_sale',
    saleId,
    keys,
    scriptKeys: holdScriptKeys(keys),
    definition: saleDefinitionKey(saleId),
    channel: SALE_EVENTS_CHANNEL,
    tag: saleId,
  };
}

export const CATALOG_POOL: HoldPool = {
  kind: 'cart',
  keys: CATALOG_POOL_KEYS,
  scriptKeys: holdScriptKeys(CATALOG_POOL_KEYS),
  definition: CATALOG_DEFINITION_KEY,
  channel: '',
  tag: '',
};

/**
 * A reservation id names its pool, so reading one needs no scan or lookup: `<saleId>.<random>` for a flash
 * sale, `cart.<random>` for a cart checkout.
 */
export function newReservationId(pool: HoldPool): string {
  return `${pool.saleId ?? CART_PREFIX}.${randomIdPart()}`;
}

const ID_RANDOM_BYTES = 12;
const IDS_PER_FILL = 256;
const randomPool = Buffer.alloc(ID_RANDOM_BYTES * IDS_PER_FILL);
let nextInPool = IDS_PER_FILL;

/**
 * 12 CSPRNG bytes, base64url (16 characters), drawn from a pool refilled 256 ids at a time, as Node does for
 * `randomUUID`: a `randomBytes(12)` per reserve was 5% of the reserve's CPU (`bench --only reserve --profile`).
 * Each byte is used once.
 */
function randomIdPart(): string {
  if (nextInPool === IDS_PER_FILL) {
    randomFillSync(randomPool);
    nextInPool = 0;
  }
  const start = ID_RANDOM_BYTES * nextInPool++;
  return randomPool.toString('base64url', start, start + ID_RANDOM_BYTES);
}

/** The pool a reservation id belongs to; undefined for anything that is not one of ours. */
export function poolOfReservation(reservationId: string): HoldPool | undefined {
  const [owner, random, ...rest] = reservationId.split('.');
  if (rest.length > 0 || random === undefined || !RANDOM_PART.test(random)) return undefined;
  if (owner === CART_PREFIX) return CATALOG_POOL;
  return SALE_ID_PATTERN.test(owner) ? salePool(owner) : undefined;
}
