import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientContext, Redis, Result } from 'ioredis';

/** A script's keys, then its arguments, as ioredis custom commands take them. */
type KeysThenArgs = Array<string | number>;

/**
 * The reservation scripts, typed on ioredis' client. Each is one Lua file in `./lua` (its header documents
 * KEYS, ARGV and the reply); ReservationStore is the only caller and turns the raw reply into a typed result.
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
  }
}

/**
 * Command name -> its file and how many of its arguments are KEYS; `variable`: the caller passes the number
 * of keys first (reserve's rate-limit counters).
 */
const SCRIPTS = {
  flashSaleReserve: { file: 'reserve.lua', keys: 'variable' },
  flashSaleCheckout: { file: 'checkout.lua', keys: 8 },
  flashSaleReleaseExpired: { file: 'release-expired.lua', keys: 8 },
  flashSaleCancel: { file: 'cancel.lua', keys: 8 },
  flashSaleConfirm: { file: 'confirm.lua', keys: 9 },
  flashSaleLoadSale: { file: 'load-sale.lua', keys: 4 },
  flashSaleSetPaused: { file: 'set-paused.lua', keys: 2 },
  flashSaleAddStats: { file: 'add-stats.lua', keys: 2 },
  flashSaleSettleSale: { file: 'settle-sale.lua', keys: 2 },
  flashSaleLoadStock: { file: 'load-stock.lua', keys: 1 },
  flashSaleAllocate: { file: 'allocate.lua', keys: 1 },
  flashSaleAdjustStock: { file: 'adjust-stock.lua', keys: 1 },
  // Payments (see payments/PAYMENTS.md).
  flashSaleAttachIntent: { file: 'attach-intent.lua', keys: 8 },
  flashSaleComplete: { file: 'complete.lua', keys: 8 },
  flashSaleReleaseUnpaid: { file: 'release-unpaid.lua', keys: 8 },
  flashSaleClaimVoided: { file: 'claim-voided.lua', keys: 1 },
  flashSaleAuditPool: { file: 'audit-pool.lua', keys: 8 },
} as const satisfies Record<string, { file: string; keys: number | 'variable' }>;

export type ScriptName = keyof typeof SCRIPTS;

/** `--- @include "name"` on a line of its own pulls in `lua/includes/<name>.lua` (as BullMQ's scripts do). */
const INCLUDE = /^--- @include "([a-z-]+)"$/gm;
const LUA_DIR = join(__dirname, 'lua');

const sources = new Map<ScriptName, string>();

/** A script's full source, includes expanded. `nest build` copies the .lua files next to this module. */
export function scriptSource(name: ScriptName): string {
  let source = sources.get(name);
  if (source === undefined) {
    source = readFileSync(join(LUA_DIR, SCRIPTS[name].file), 'utf8').replace(
      INCLUDE,
      (_line, include: string) => readFileSync(join(LUA_DIR, 'includes', `${include}.lua`), 'utf8'),
    );
    sources.set(name, source);
  }
  return source;
}

/**
 * Defines every reservation script on the client, once. ioredis then sends each by SHA (EVALSHA) and
 * resends the source only when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 */
export function defineReservationScripts(redis: Redis): void {
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
