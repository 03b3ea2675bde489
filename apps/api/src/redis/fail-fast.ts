import { Logger } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';

/**
 * Makes a client refuse commands at once while its connection is known to be lost, instead of queueing
 * them until a reconnection or their timeout.
 *
 * ioredis queues a command sent while it is not connected (its "offline queue") and sends it once it is.
 * That is right while the first connection is being made at start-up, but once a connection is lost every
 * queued command waits out its full `commandTimeout`, and a request making several Redis calls in turn
 * (the rate limits, then the reserve script) waits that long for each: seconds, not the prompt 503 a
 * shopper should get. So the queue is on until the first connection attempt fails or a connection drops,
 * off from then until the client is ready again. ioredis reads `enableOfflineQueue` on every command.
 */
export function failFastWhileDisconnected(client: Redis | Cluster): void {
  const options = client.options as { enableOfflineQueue?: boolean };
  client.on('ready', () => {
    options.enableOfflineQueue = true;
  });
  client.on('close', () => {
    options.enableOfflineQueue = false;
  });
}

/** A Redis outage is logged at most this often, not on every reconnection attempt. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * Logs a client's connection errors as warnings, at most one per interval. Without a listener ioredis
 * prints every one of them (each reconnection attempt during an outage) to stderr, outside the JSON logs.
 */
export function logConnectionErrors(client: Redis | Cluster, logger = new Logger('Redis')): void {
  let lastLogged = 0;
  client.on('error', (error: unknown) => {
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = now;
    logger.warn({ err: error }, 'Redis connection failed (the client keeps reconnecting)');
  });
}
