/**
 * Backing services for development and tests: Redis, FerretDB (the MongoDB the API talks to) and stripe-mock.
 *
 *   npm run services:start    build what is missing, reuse what already answers, start the rest, wait until healthy
 *   npm run services:status   per service: up/down, address, started by us (pid) or already there, log file
 *   npm run services:stop     stop only the processes this script started (pid files in .data/run/)
 *
 * Idempotent: a second `start` with everything up returns in about a second.
 * - FerretDB and stripe-mock are built from the Go module proxy (versions pinned in their files) into .tools/bin/
 *   (git-ignored; needs Go on PATH or in /usr/local/go/bin). Go's own caches make a rebuild instant.
 * - Redis: whatever answers PING on REDIS_URL is used; otherwise Debian's redis-server is started there
 *   (installed with apt-get when missing).
 * - Data under .data/ (git-ignored): ferretdb/ (SQLite files), logs/<service>.log, run/<service>.pid.
 *
 * One file per job under scripts/services/: redis.ts, ferretdb.ts, stripe-mock.ts (each service: where it
 * listens, how it is built and launched), probes.ts, builds.ts (Go builds), env.ts, and supervisor.ts (start,
 * stop, status, pid files, the lock). This file is the CLI.
 *
 * Environment:
 *   REDIS_URL                 default redis://127.0.0.1:6379
 *   FERRETDB_PORT             default 27017 (listens on 127.0.0.1)
 *   FERRETDB_HANDLER          sqlite (default, see DEFAULT_FERRETDB_HANDLER) | postgresql
 *   FERRETDB_POSTGRESQL_URL   PostgreSQL backend URL; setting it selects the postgresql handler
 *                             (default postgres://postgres@127.0.0.1:5432/flashline, database created if absent)
 *   STRIPE_MOCK_URL           default http://127.0.0.1:12111 (HTTPS on the next port)
 */
import { buildFerretdb } from './services/ferretdb';
import { printStatus, servicesStatus, startServices, stopServices } from './services/supervisor';
import { errorMessage, formatDuration, paint, ScriptError } from './lib/proc';

export { DEFAULT_FERRETDB_HANDLER, FERRETDB_VERSION, type FerretdbHandler } from './services/ferretdb';
export { STRIPE_MOCK_VERSION } from './services/stripe-mock';
export type { ServiceName, ServiceStatus } from './services/service';
export { printStatus, servicesStatus, startServices, stopServices } from './services/supervisor';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'start': {
      const started = Date.now();
      await startServices();
      // The fault-injection tests run FerretDBs of their own, so the binary must exist even when the
      // FerretDB that answers was started by someone else.
      await buildFerretdb();
      console.log(paint('gray', `Services ready in ${formatDuration(Date.now() - started)}.`));
      return 0;
    }
    case 'stop':
      await stopServices();
      return 0;
    case 'status': {
      const statuses = await servicesStatus();
      printStatus(statuses);
      return statuses.every((status) => status.up) ? 0 : 1;
    }
    default:
      console.error('usage: tsx scripts/services.ts start|stop|status');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(paint('red', `services: ${errorMessage(err)}`));
      if (!(err instanceof ScriptError) && err instanceof Error && err.stack) console.error(err.stack);
      process.exit(err instanceof ScriptError ? err.exitCode : 1);
    },
  );
}
