import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientContext, Redis, Result } from 'ioredis';

/**
 * The waiting-room scripts, typed on ioredis' client. Each is one Lua file in `./lua` (its header documents
 * KEYS, ARGV and the reply) taking the sale's eight line keys (lua/includes/line.lua); WaitingRoomStore is
 * the only caller. reserve.lua (flash-sale) checks and uses an admission itself, in the hold's own step.
 */
declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    waitingRoomJoin(...keysThenArgs: Array<string | number>): Result<unknown, Context>;
    waitingRoomTicket(...keysThenArgs: Array<string | number>): Result<unknown, Context>;
    waitingRoomLeave(...keysThenArgs: Array<string | number>): Result<unknown, Context>;
    waitingRoomAdmit(...keysThenArgs: Array<string | number>): Result<unknown, Context>;
  }
}

const SCRIPTS = {
  waitingRoomJoin: 'join.lua',
  waitingRoomTicket: 'ticket.lua',
  waitingRoomLeave: 'leave.lua',
  waitingRoomAdmit: 'admit.lua',
} as const;

export type WaitingRoomScript = keyof typeof SCRIPTS;

/** Every script takes the line's eight keys. */
export const LINE_KEY_COUNT = 8;

/** `--- @include "name"` on a line of its own pulls in `lua/includes/<name>.lua`. */
const INCLUDE = /^--- @include "([a-z-]+)"$/gm;
const LUA_DIR = join(__dirname, 'lua');

/** A script's full source, includes expanded. `nest build` copies the .lua files next to this module. */
export function waitingRoomScriptSource(name: WaitingRoomScript): string {
  return readFileSync(join(LUA_DIR, SCRIPTS[name]), 'utf8').replace(INCLUDE, (_line, include: string) =>
    readFileSync(join(LUA_DIR, 'includes', `${include}.lua`), 'utf8'),
  );
}

/** Defines every waiting-room script on the client, once; ioredis then calls each by SHA (EVALSHA). */
export function defineWaitingRoomScripts(redis: Redis): void {
  const methods = redis as unknown as Record<string, unknown>;
  for (const name of Object.keys(SCRIPTS) as WaitingRoomScript[]) {
    if (typeof methods[name] === 'function') continue;
    redis.defineCommand(name, { numberOfKeys: LINE_KEY_COUNT, lua: waitingRoomScriptSource(name) });
  }
}
