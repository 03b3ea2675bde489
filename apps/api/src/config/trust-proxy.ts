import { isIP } from 'node:net';
import { ConfigError, type Env, readInt, readOptionalString } from './env-parsers';

/** Fastify's `trustProxy`: nobody (`false`), a hop count, or a comma list of proxies. */
export type TrustProxy = false | number | string;

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  return rest.length === 0 && isIP(address) > 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix));
}

/**
 * TRUST_PROXY: `false` (or `none`), a hop count 1-10, or a comma list of proxies. Unset: `loopback` in
 * development, nobody otherwise. `true` (trust every hop) is refused: it lets any client pick its IP.
 */
export function readTrustProxy(env: Env, development: boolean): TrustProxy {
  const value = readOptionalString(env, 'TRUST_PROXY')?.toLowerCase();
  if (value === undefined) return development ? 'loopback' : false;
  if (value === 'false' || value === 'none') return false;
  if (/^\d+$/.test(value)) return readInt(env, 'TRUST_PROXY', 0, 1, 10);
  const entries = value.split(',').map((entry) => entry.trim());
  if (!entries.every(isProxyEntry)) {
    throw new ConfigError(
      'TRUST_PROXY',
      'must be false, a hop count (1-10) or a comma list of proxy addresses, CIDRs, loopback, linklocal ' +
        `or uniquelocal (got "${value}")`,
    );
  }
  return entries.join(',');
}
