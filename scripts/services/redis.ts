/**
 * Redis: whatever answers PING on REDIS_URL is used; otherwise Debian's redis-server is started there
 * (installed with apt-get when missing), without persistence, its working directory under .data/redis/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall } from '../lib/apt';
import { findExecutable, ScriptError } from '../lib/proc';
import { bareHost, isLoopback, listenHost, parseUrl, portFrom } from './env';
import { redisAnswers } from './probes';
import { dataDir, type Service } from './service';

const SYSTEM_DIRS = ['/usr/sbin', '/usr/bin'];

async function installRedisServer(): Promise<string> {
  const existing = findExecutable('redis-server', SYSTEM_DIRS);
  if (existing) return existing;
  await aptInstall({
    packages: ['redis-server'],
    cannotInstall:
      'Nothing answers on REDIS_URL and redis-server is not installed. Install it (apt-get install redis-server) ' +
      'or point REDIS_URL at a running Redis.',
  });
  const installed = findExecutable('redis-server', SYSTEM_DIRS);
  if (!installed) throw new ScriptError('apt-get installed redis-server but it is not on PATH');
  return installed;
}

export function redisService(env: NodeJS.ProcessEnv): Service {
  const url = parseUrl(env['REDIS_URL'] || 'redis://127.0.0.1:6379', 'REDIS_URL', ['redis:', 'rediss:']);
  const host = bareHost(url.hostname) || '127.0.0.1';
  const port = portFrom(url.port, 6379, 'REDIS_URL port');
  return {
    name: 'redis',
    address: url.href.replace(/\/$/, '').replace(/\/\/[^@/]*@/, '//'),
    host,
    port,
    probe: () => redisAnswers(url.href),
    binary: () => findExecutable('redis-server', SYSTEM_DIRS),
    async install() {
      if (!isLoopback(host)) {
        throw new ScriptError(`Nothing answers PING at REDIS_URL (${host}:${port}), a remote host.`);
      }
      return installRedisServer();
    },
    // The Debian package may start a redis-server of its own on install.
    answersOnInstall: true,
    async prepare() {
      mkdirSync(join(dataDir, 'redis'), { recursive: true });
    },
    args() {
      const args = ['--bind', listenHost(host), '--port', String(port)];
      args.push('--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', join(dataDir, 'redis'));
      if (url.password) args.push('--requirepass', decodeURIComponent(url.password));
      return args;
    },
  };
}
