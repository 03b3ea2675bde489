/**
 * The floor: a bare Node `http` server that answers every POST with ONE `EVALSHA` of `decrement.lua` (201 with
 * the units left, 409 when none is), nothing else: no framework, no auth, no validation, no logging. The bench
 * forks it as its own process (so its CPU is read from /proc like the API's) and reports every scenario's CPU
 * per request as a multiple of this one, measured in the same run on the same machine.
 *
 * Environment: FLOOR_PORT, FLOOR_REDIS_URL, FLOOR_KEY (its own Redis key), FLOOR_UNITS (the counter's start).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const SCRIPT = readFileSync(join(__dirname, 'decrement.lua'), 'utf8');
const SOLD_OUT = Buffer.from('{"error":{"code":"SOLD_OUT"}}');
const JSON_HEADERS = { 'content-type': 'application/json' };

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`floor-server: ${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const port = Number(requireEnv('FLOOR_PORT'));
  const key = requireEnv('FLOOR_KEY');
  const redis = new Redis(requireEnv('FLOOR_REDIS_URL'));
  await redis.set(key, requireEnv('FLOOR_UNITS'));
  const sha = (await redis.script('LOAD', SCRIPT)) as string;

  const answer = (response: ServerResponse, left: number): void => {
    if (left < 0) {
      response.writeHead(409, JSON_HEADERS).end(SOLD_OUT);
    } else {
      response.writeHead(201, JSON_HEADERS).end(`{"remaining":${left}}`);
    }
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    request.resume();
    request.once('end', () => {
      redis.evalsha(sha, 1, key).then(
        (left) => answer(response, Number(left)),
        () => response.writeHead(503).end(),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, '127.0.0.1', () => process.send?.('ready'));
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    redis.disconnect();
    process.disconnect?.();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
