/**
 * stripe-mock, Stripe's API for the tests and development: built from the Go module proxy (version pinned
 * below) into .tools/bin/, HTTP on STRIPE_MOCK_URL's port and HTTPS on the next one.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goBinary, goEnv, toolsBin } from '../lib/go';
import { formatDuration, runChecked, ScriptError } from '../lib/proc';
import { installedVersionMatches, removeTree } from './builds';
import { bareHost, isLoopback, listenHost, parseUrl, portFrom } from './env';
import { stripeMockAnswers } from './probes';
import { note, type Service } from './service';

export const STRIPE_MOCK_VERSION = 'v0.203.0';

async function buildStripeMock(): Promise<string> {
  const bin = join(toolsBin, 'stripe-mock');
  if (existsSync(bin) && (await installedVersionMatches(bin, STRIPE_MOCK_VERSION, 'buildinfo'))) return bin;
  const go = goBinary(`stripe-mock ${STRIPE_MOCK_VERSION}`);
  note(`Building stripe-mock ${STRIPE_MOCK_VERSION} into .tools/bin/ (once; about 40 s cold)...`);
  const started = Date.now();
  // go install writes straight to GOBIN: use a scratch GOBIN and rename, so a half-written binary never counts.
  const scratch = join(toolsBin, `.build-stripe-mock-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    await runChecked(go, ['install', `github.com/stripe/stripe-mock@${STRIPE_MOCK_VERSION}`], {
      cwd: tmpdir(),
      env: goEnv({ GOBIN: scratch }),
      output: 'capture',
    });
    renameSync(join(scratch, 'stripe-mock'), bin);
  } finally {
    removeTree(scratch);
  }
  note(`Built .tools/bin/stripe-mock in ${formatDuration(Date.now() - started)}.`);
  return bin;
}

export function stripeMockService(env: NodeJS.ProcessEnv): Service {
  const url = parseUrl(env['STRIPE_MOCK_URL'] || 'http://127.0.0.1:12111', 'STRIPE_MOCK_URL', ['http:']);
  const host = bareHost(url.hostname);
  const port = portFrom(url.port, 80, 'STRIPE_MOCK_URL port');
  return {
    name: 'stripe-mock',
    address: `http://${url.host}`,
    host,
    port,
    probe: () => stripeMockAnswers(url.href),
    binary: () => join(toolsBin, 'stripe-mock'),
    async install() {
      if (!isLoopback(host)) {
        throw new ScriptError(`Nothing answers at STRIPE_MOCK_URL (${url.href}), a remote host.`);
      }
      return buildStripeMock();
    },
    args: () => [
      '-http-addr',
      `${listenHost(host)}:${port}`,
      '-https-addr',
      `${listenHost(host)}:${port + 1}`,
    ],
  };
}
