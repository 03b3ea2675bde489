import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClientContext, Redis, Result } from 'ioredis';

/** A script's keys, then its arguments, as ioredis custom commands take them. */
type KeysThenArgs = Array<string | number>;

/**
 * Every Lua script of the API, typed on ioredis' client. Each is one Lua file (its header documents KEYS,
 * ARGV and the reply); the module that owns the file is its only caller and turns the raw reply into a
 * typed result.
 */
declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    flashSaleReserve(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleCheckout(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleReleaseExpired(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleCancel(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleConfirm(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleLoadSale(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleSetPaused(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleAddStats(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleSettleSale(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleLoadStock(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleAllocate(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleAdjustStock(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleAttachIntent(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleComplete(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleReleaseUnpaid(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleClaimVoided(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashSaleAuditPool(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashlineThrottleHit(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashlineConsumeRefreshToken(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashlineRevokeRefreshFamily(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashlineRevokeTokens(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    flashlineRevocationsSince(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    waitingRoomJoin(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    waitingRoomTicket(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    waitingRoomLeave(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
    waitingRoomAdmit(...keysThenArgs: KeysThenArgs): Result<unknown, Context>;
  }
}

/**
 * Command name -> its file (from `apps/api/src`) and how many of its arguments are KEYS, written here only;
 * `variable`: the caller passes the number of keys first (reserve's rate-limit counters).
 */
const SCRIPTS = {
  flashSaleReserve: { file: 'holds/lua/reserve.lua', keys: 'variable' },
  flashSaleCheckout: { file: 'holds/lua/checkout.lua', keys: 8 },
  flashSaleReleaseExpired: { file: 'holds/lua/release-expired.lua', keys: 8 },
  flashSaleCancel: { file: 'holds/lua/cancel.lua', keys: 8 },
  flashSaleConfirm: { file: 'holds/lua/confirm.lua', keys: 9 },
  flashSaleLoadSale: { file: 'holds/lua/load-sale.lua', keys: 4 },
  flashSaleSetPaused: { file: 'holds/lua/set-paused.lua', keys: 2 },
  flashSaleAddStats: { file: 'holds/lua/add-stats.lua', keys: 2 },
  flashSaleSettleSale: { file: 'holds/lua/settle-sale.lua', keys: 2 },
  flashSaleLoadStock: { file: 'holds/lua/load-stock.lua', keys: 1 },
  flashSaleAllocate: { file: 'holds/lua/allocate.lua', keys: 1 },
  flashSaleAdjustStock: { file: 'holds/lua/adjust-stock.lua', keys: 1 },
  // Payment holds (see docs/payments.md).
  flashSaleAttachIntent: { file: 'holds/lua/attach-intent.lua', keys: 8 },
  flashSaleComplete: { file: 'holds/lua/complete.lua', keys: 8 },
  flashSaleReleaseUnpaid: { file: 'holds/lua/release-unpaid.lua', keys: 8 },
  flashSaleClaimVoided: { file: 'holds/lua/claim-voided.lua', keys: 1 },
  flashSaleAuditPool: { file: 'holds/lua/audit-pool.lua', keys: 8 },
  // Rate limiting and refresh tokens.
  flashlineThrottleHit: { file: 'common/rate-limit/lua/throttle-hit.lua', keys: 2 },
  flashlineConsumeRefreshToken: { file: 'auth/lua/consume-refresh-token.lua', keys: 2 },
  flashlineRevokeRefreshFamily: { file: 'auth/lua/revoke-refresh-family.lua', keys: 2 },
  // Access-token revocation watermarks (common/auth/token-revocations.ts).
  flashlineRevokeTokens: { file: 'common/auth/lua/revoke-tokens.lua', keys: 2 },
  flashlineRevocationsSince: { file: 'common/auth/lua/revocations-since.lua', keys: 2 },
  // The waiting room (waiting-room/waiting-room.store.ts): each takes the line's eight keys (lua/includes/line.lua).
  waitingRoomJoin: { file: 'waiting-room/lua/join.lua', keys: 'variable' },
  waitingRoomTicket: { file: 'waiting-room/lua/ticket.lua', keys: 8 },
  waitingRoomLeave: { file: 'waiting-room/lua/leave.lua', keys: 8 },
  waitingRoomAdmit: { file: 'waiting-room/lua/admit.lua', keys: 8 },
} as const satisfies Record<string, { file: string; keys: number | 'variable' }>;

export type ScriptName = keyof typeof SCRIPTS;

/**
 * `--- @include "name"` on a line of its own pulls in `includes/<name>.lua` beside the script (as BullMQ's
 * scripts do); `--- @include "dir/name"` pulls in `dir/lua/includes/<name>.lua` (from `apps/api/src`), so
 * every module shares the one copy of an include (the clock lives in `holds/`).
 */
const INCLUDE = /^--- @include "(?:([a-z-]+)\/)?([a-z-]+)"$/gm;
/** `apps/api/src` (or its build): `nest build` copies the .lua files to the same relative paths. */
const SOURCE_ROOT = join(__dirname, '..');

/** Where an include lives: beside the script, or in another module's `lua/includes`. */
function includesDir(scriptFile: string, module: string | undefined): string {
  return module === undefined
    ? join(dirname(scriptFile), 'includes')
    : join(SOURCE_ROOT, module, 'lua', 'includes');
}

const sources = new Map<ScriptName, string>();

/** A script's full source, includes expanded. */
export function scriptSource(name: ScriptName): string {
  let source = sources.get(name);
  if (source === undefined) {
    const file = join(SOURCE_ROOT, SCRIPTS[name].file);
    source = readFileSync(file, 'utf8').replace(
      INCLUDE,
      (_line, module: string | undefined, include: string) =>
        readFileSync(join(includesDir(file, module), `${include}.lua`), 'utf8'),
    );
    sources.set(name, source);
  }
  return source;
}

/**
 * Defines every script on the client, once (the only script loader). ioredis then sends each by SHA
 * (EVALSHA) and resends the source only when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 */
export function defineScripts(redis: Redis): void {
  const methods = redis as unknown as Record<string, unknown>;
  for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
    if (typeof methods[name] === 'function') continue;
    const keys: number | 'variable' = SCRIPTS[name].keys;
    redis.defineCommand(name, {
      numberOfKeys: keys === 'variable' ? undefined : keys,
      lua: scriptSource(name),
    });
  }
}
