/**
 * Every Redis key of the API, so names never collide. Keys one Lua script touches together share a hash tag
 * (`{...}`): Redis Cluster then keeps them in one slot, which a script needs. Each module owns a section;
 * add yours as a new section. This file is the key table: each key's type and contents are written here
 * once, and the docs (docs/reservations.md, docs/scaling.md) link here instead of listing keys.
 */

// ---- Auth: refresh-token families (auth module) -------------------------------------------------------

/** Hash `{ userId, current }`: the family's owner and the SHA-256 of its one valid refresh token. */
export const refreshFamilyKey = (familyId: string): string => `{rt:${familyId}}:family`;

/** Set of hashes of the family's already-used refresh tokens: presenting one again revokes the family. */
export const refreshUsedKey = (familyId: string): string => `{rt:${familyId}}:used`;

/** Set of the family ids of one user's sign-ins, so "sign out everywhere" can end them all. */
export const refreshUserFamiliesKey = (userId: string): string => `{rtu:${userId}}:families`;

// ---- Auth: access-token revocation (common/auth/token-revocations.ts) --------------------------------
// Both keys share the `{auth}` tag: the write and the poll script each touch both.

/** Hash: user id -> watermark (ms): that user's access tokens issued at or before it are refused. */
export const TOKEN_REVOKED_BEFORE_KEY = '{auth}:revoked-before';

/** Zset: user id -> when its watermark was last written (ms, Redis clock): what each process polls. */
export const TOKEN_REVOCATIONS_KEY = '{auth}:revocations';

/** Pub/sub channel (not a key): `<userId> <watermark>` whenever a watermark is written. */
export const TOKEN_REVOCATIONS_CHANNEL = 'flashline:token-revocations';

// ---- Rate limiting (common/rate-limit) ----------------------------------------------------------------

/** Hits in the current window of one throttle key (`<throttler name>:<hashed tracker>`). */
export const rateLimitHitsKey = (throttleKey: string): string => `{rl:${throttleKey}}:hits`;

/** Present while that throttle key is blocked; its TTL is the Retry-After. */
export const rateLimitBlockKey = (throttleKey: string): string => `{rl:${throttleKey}}:block`;

// ---- Flash sales, reservations and product free stock (holds and flash-sale modules) -----------------------------
// A hold pool is eight keys in one slot that the hold scripts move units between (see
// holds/lua/includes/holds.lua): each flash sale has one under `{sale:<id>}`, and cart checkout has
// one for the whole catalogue under `{catalog}`, so a checkout spanning several products is one script.

/** Hash: a loaded sale's definition (product, price, window, limits, hold TTL, paused); present = loaded. */
export const saleDefinitionKey = (saleId: string): string => `{sale:${saleId}}:sale`;

/**
 * String: hits of one reserve rate limit (`<limit name>:<hashed tracker>`, see common/rate-limit) in its
 * current window, counted by reserve.lua in the sale's slot, so per sale. Over the limit, the count stays
 * above it and the key's TTL (one window) is the Retry-After.
 */
export const saleRateLimitKey = (saleId: string, throttleKey: string): string =>
  `{sale:${saleId}}:rl:${throttleKey}`;

/** Hash: `<userId>:<Idempotency-Key>` -> reservation id, for replaying a reserve. */
export const saleIdempotencyKey = (saleId: string): string => `{sale:${saleId}}:idem`;

/** Zset: each active hold of the sale, scored by its expiry (ms, Redis clock). */
export const saleExpiryKey = (saleId: string): string => `{sale:${saleId}}:expiry`;

/** Hash: reservation id -> hold record (JSON). */
export const saleHoldsKey = (saleId: string): string => `{sale:${saleId}}:holds`;

/** Hash: `free:<productId>`, `held:<productId>`, `sold:<productId>` units of the sale. */
export const saleStockKey = (saleId: string): string => `{sale:${saleId}}:stock`;

/** Hash: user id -> units in that user's active and paid holds (the per-user limit). */
export const saleUsersKey = (saleId: string): string => `{sale:${saleId}}:users`;

/** Zset: holds that are no longer active, scored by when they ended; pruned 24 h after they ended. */
export const saleEndedKey = (saleId: string): string => `{sale:${saleId}}:ended`;

/** Zset: holds paid (or refused) whose order is not written (or refund not issued) yet, by when paid. */
export const saleSettlingKey = (saleId: string): string => `{sale:${saleId}}:settling`;

/** Zset: payment intents of holds that ended unpaid, to cancel at Stripe, by when next to try. */
export const saleVoidedKey = (saleId: string): string => `{sale:${saleId}}:voided`;

/**
 * Hash: the sale's funnel for operators, totals across every API process: `taken`, `paid`, `expired`,
 * `cancelled`, `refunded` (holds), `sold` (units), and `rejected:<reason>` per refused reserve
 * (`sold_out`, `limit_reached`, `not_active`, `rate_limited`). Written by the hold scripts in the same step
 * as the change they count (the last key of the sale's pool), except `rejected:sold_out` answered by a
 * process's local sold-out flag, which each process adds about once a second. Created with zeros when the
 * sale loads: a sale rebuilt after Redis lost its data counts from zero again.
 */
export const saleStatsKey = (saleId: string): string => `{sale:${saleId}}:stats`;

/** Hash: `free:<productId>` (loaded from the ledger), `held:<productId>`, `sold:<productId>` of cart holds. */
export const CATALOG_STOCK_KEY = '{catalog}:stock';
export const CATALOG_EXPIRY_KEY = '{catalog}:expiry';
export const CATALOG_HOLDS_KEY = '{catalog}:holds';
/** Unused by cart holds (no per-user limit) but part of the pool the hold scripts take. */
export const CATALOG_USERS_KEY = '{catalog}:users';
export const CATALOG_ENDED_KEY = '{catalog}:ended';
export const CATALOG_SETTLING_KEY = '{catalog}:settling';
export const CATALOG_VOIDED_KEY = '{catalog}:voided';
/** The cart pool's funnel, the same fields as a sale's stats (no `limit_reached` / `not_active`). */
export const CATALOG_STATS_KEY = '{catalog}:stats';
/** Never written: cart holds have no sale window or per-user limit (confirm.lua reads it as absent). */
export const CATALOG_DEFINITION_KEY = '{catalog}:sale';

/**
 * A hold pool's keys by job. Only this file knows their names and the order the hold scripts take them as
 * KEYS (`holdScriptKeys`); callers read a key by its name, never by its position.
 */
export interface HoldPoolKeys {
  expiry: string;
  holds: string;
  stock: string;
  users: string;
  ended: string;
  settling: string;
  voided: string;
  stats: string;
}

export const salePoolKeys = (saleId: string): HoldPoolKeys => ({
  expiry: saleExpiryKey(saleId),
  holds: saleHoldsKey(saleId),
  stock: saleStockKey(saleId),
  users: saleUsersKey(saleId),
  ended: saleEndedKey(saleId),
  settling: saleSettlingKey(saleId),
  voided: saleVoidedKey(saleId),
  stats: saleStatsKey(saleId),
});

export const CATALOG_POOL_KEYS: HoldPoolKeys = {
  expiry: CATALOG_EXPIRY_KEY,
  holds: CATALOG_HOLDS_KEY,
  stock: CATALOG_STOCK_KEY,
  users: CATALOG_USERS_KEY,
  ended: CATALOG_ENDED_KEY,
  settling: CATALOG_SETTLING_KEY,
  voided: CATALOG_VOIDED_KEY,
  stats: CATALOG_STATS_KEY,
};

/** A pool's keys in the order every hold script takes them (holds/lua/includes/holds.lua). */
export const holdScriptKeys = (keys: HoldPoolKeys): readonly string[] => [
  keys.expiry,
  keys.holds,
  keys.stock,
  keys.users,
  keys.ended,
  keys.settling,
  keys.voided,
  keys.stats,
];

/**
 * Pub/sub channel (not a key): `{saleId, remaining, held, paused?, queue?}` whenever a sale's free or held
 * units, its pause (`paused`) or its waiting room's line (`queue`) change.
 */
export const SALE_EVENTS_CHANNEL = 'flashline:sale-events';

// ---- Waiting rooms (waiting-room module, see docs/waiting-room.md) -------------------------------------
// A sale's line lives in the sale's slot: its scripts read the sale's definition and stock, and reserve.lua
// checks and uses an admission in the same step as the hold.

/** Hash: the line's counters (seq, upTo, drawnAt, admission bucket, used, expired, closed, last message). */
export const saleLineKey = (saleId: string): string => `{sale:${saleId}}:line`;

/** Hash: user id -> that shopper's ticket (JSON: status, number, joined, admitted until). */
export const saleLineTicketsKey = (saleId: string): string => `{sale:${saleId}}:line:tickets`;

/** Set: early joiners (joined before startsAt), until the draw numbers them. */
export const saleLineEarlyKey = (saleId: string): string => `{sale:${saleId}}:line:early`;

/** Zset: user id of each numbered waiting ticket, scored by its number (the front is the lowest). */
export const saleLineWaitingKey = (saleId: string): string => `{sale:${saleId}}:line:waiting`;

/** Zset: user id of each admission not used yet, scored by when it lapses (ms, Redis clock). */
export const saleLineAdmittedKey = (saleId: string): string => `{sale:${saleId}}:line:admitted`;

/** Zset: ticket number of each admission of the last few seconds, scored by when (the admission rate). */
export const saleLineRecentKey = (saleId: string): string => `{sale:${saleId}}:line:recent`;

// ---- Payments (payments module) -------------------------------------------------------------------------
// A hold's intent, its payment and its settling live in the hold's pool (holds section above).

/** String: the reservation a payment intent pays for (simulated payments name the intent only). */
export const paymentIntentReservationKey = (paymentIntentId: string): string =>
  `{pi:${paymentIntentId}}:reservation`;
