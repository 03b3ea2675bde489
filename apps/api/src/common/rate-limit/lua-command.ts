import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

export type LuaCommand = (keys: string[], args: Array<string | number>) => Promise<unknown>;

type ScriptMethod = (...keysThenArgs: Array<string | number>) => Promise<unknown>;

/**
 * Loads a Lua script file once as an ioredis custom command: ioredis sends it by SHA (EVALSHA) and resends
 * the source only when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 */
export function defineLuaCommand(redis: Redis, name: string, file: string, numberOfKeys: number): LuaCommand {
  const methods = redis as unknown as Record<string, ScriptMethod | undefined>;
  if (typeof methods[name] !== 'function') {
    redis.defineCommand(name, { numberOfKeys, lua: readFileSync(file, 'utf8') });
  }
  const method = methods[name] as ScriptMethod;
  return (keys, args) => method.call(redis, ...keys, ...args);
}
