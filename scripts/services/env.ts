/** Reading the services' environment: ports, URLs and hosts, refused with a message naming the variable. */
import { ScriptError } from '../lib/proc';

export function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ScriptError(`${name}=${value} is not a TCP port`);
  }
  return port;
}

export function parseUrl(value: string, name: string, protocols: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ScriptError(`${name}=${value} is not a URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ScriptError(`${name}=${value} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return url;
}

/** URL hostnames keep IPv6 brackets; sockets want them bare. */
export const bareHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');
export const isLoopback = (host: string): boolean => ['127.0.0.1', 'localhost', '::1'].includes(host);
/** The address a local service binds for a host name clients use. */
export const listenHost = (host: string): string => (host === 'localhost' ? '127.0.0.1' : host);
