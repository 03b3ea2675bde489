import type { Connection } from 'mongoose';

const RETRY_DELAY_MS = 2000;

/**
 * Mongoose gives up for good when its first connection attempt fails. The API must start (and report the
 * outage on /api/health) when MongoDB is down and recover when it returns, so failed attempts are retried
 * until the connection is closed.
 */
export function keepConnecting(connection: Connection, uri: string): Connection {
  let closed = false;
  connection.on('close', () => {
    closed = true;
  });
  const retry = (): void => {
    if (closed) return;
    const timer = setTimeout(() => {
      if (!closed) connection.openUri(uri).catch(retry);
    }, RETRY_DELAY_MS);
    timer.unref();
  };
  connection.asPromise().catch(retry);
  return connection;
}
