/**
 * FerretDB, the MongoDB the API talks to in development: built from the Go module proxy (version pinned
 * below) into .tools/bin/, listening on 127.0.0.1:FERRETDB_PORT, its data in SQLite files under
 * .data/ferretdb/ or, with FERRETDB_POSTGRESQL_URL, in PostgreSQL.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goBinary, goEnv, toolsBin } from '../lib/go';
import { displayPath, findExecutable, formatDuration, run, runChecked, ScriptError } from '../lib/proc';
import { installedVersionMatches, makeWritable, removeTree, toolsSrc } from './builds';
import { parseUrl, portFrom } from './env';
import { mongoAnswers } from './probes';
import { dataDir, note, type Service } from './service';

export const FERRETDB_VERSION = 'v1.24.2';

export type FerretdbHandler = 'sqlite' | 'postgresql';
/**
 * FerretDB's storage backend unless FERRETDB_HANDLER / FERRETDB_POSTGRESQL_URL say otherwise. SQLite needs no
 * server. Measured with 50 concurrent clients, PostgreSQL was not clearly better: ~20% more inserts/s and a far
 * shorter latency tail, but slower on a unique-index race; both enforce unique indexes exactly, and on both a
 * conditional update (`{stock: {$gt: 0}}` + `$inc`) is NOT atomic under concurrency (FerretDB 1.x reads, then
 * writes), so neither may arbitrate a race: Redis or a unique index must.
 */
export const DEFAULT_FERRETDB_HANDLER: FerretdbHandler = 'sqlite';
const DEFAULT_POSTGRESQL_URL = 'postgres://postgres@127.0.0.1:5432/flashline';

export function ferretdbHandler(env: NodeJS.ProcessEnv): FerretdbHandler {
  const handler =
    env['FERRETDB_HANDLER'] || (env['FERRETDB_POSTGRESQL_URL'] ? 'postgresql' : DEFAULT_FERRETDB_HANDLER);
  if (handler !== 'sqlite' && handler !== 'postgresql') {
    throw new ScriptError(`FERRETDB_HANDLER=${handler}: use sqlite or postgresql`);
  }
  return handler;
}

/**
 * `go install .../cmd/ferretdb@version` gives a binary that panics at start (build/version/version.txt is
 * generated in FerretDB's own build), so: copy the module source out of the read-only module cache, write
 * version.txt, and build from there.
 */
export async function buildFerretdb(): Promise<string> {
  const bin = join(toolsBin, 'ferretdb');
  if (existsSync(bin) && (await installedVersionMatches(bin, FERRETDB_VERSION, 'flag'))) return bin;
  const go = goBinary(`FerretDB ${FERRETDB_VERSION}`);
  note(`Building FerretDB ${FERRETDB_VERSION} into .tools/bin/ (once; about 90 s cold)...`);
  const started = Date.now();
  const env = goEnv();

  const source = join(toolsSrc, `ferretdb-${FERRETDB_VERSION}`);
  const versionFile = join(source, 'build', 'version', 'version.txt');
  const sourceReady =
    existsSync(versionFile) && readFileSync(versionFile, 'utf8').trim() === FERRETDB_VERSION;
  if (!sourceReady) {
    const download = await runChecked(
      go,
      ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`],
      {
        cwd: tmpdir(),
        env,
        output: 'capture',
      },
    );
    const info: unknown = JSON.parse(download.stdout);
    const moduleDir = typeof info === 'object' && info !== null && 'Dir' in info ? info.Dir : undefined;
    if (typeof moduleDir !== 'string' || !existsSync(moduleDir)) {
      throw new ScriptError(`go mod download gave no source directory for FerretDB:\n${download.stdout}`);
    }
    // Copy to a scratch name and rename, so an interrupted copy is never mistaken for a ready tree.
    const scratch = `${source}.tmp-${process.pid}`;
    removeTree(scratch);
    removeTree(source);
    mkdirSync(toolsSrc, { recursive: true });
    cpSync(moduleDir, scratch, { recursive: true });
    makeWritable(scratch);
    writeFileSync(join(scratch, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    renameSync(scratch, source);
  }

  mkdirSync(toolsBin, { recursive: true });
  const partial = join(toolsBin, `.ferretdb.tmp-${process.pid}`);
  try {
    await runChecked(go, ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], {
      cwd: source,
      env,
      output: 'capture',
    });
    renameSync(partial, bin);
  } finally {
    rmSync(partial, { force: true });
  }
  note(`Built .tools/bin/ferretdb in ${formatDuration(Date.now() - started)}.`);
  return bin;
}

/** FerretDB's PostgreSQL backend needs its database to exist; create it with psql when we can. */
async function ensurePostgresqlDatabase(url: string): Promise<void> {
  const psql = findExecutable('psql');
  if (!psql) return; // FerretDB will say so in its log if the database is missing
  const target = parseUrl(url, 'FERRETDB_POSTGRESQL_URL', ['postgres:', 'postgresql:']);
  const database = decodeURIComponent(target.pathname.slice(1)) || 'postgres';
  if (!/^[A-Za-z0-9_]+$/.test(database)) return;
  const admin = new URL(target.href);
  admin.pathname = '/postgres';
  const exists = await run(
    psql,
    [admin.href, '-tAc', `select 1 from pg_database where datname = '${database}'`],
    {
      output: 'capture',
    },
  );
  if (exists.code === 0 && exists.stdout.trim() !== '1') {
    note(`Creating PostgreSQL database ${database}...`);
    await runChecked(psql, [admin.href, '-c', `create database "${database}"`], { output: 'capture' });
  }
}

export function ferretdbService(env: NodeJS.ProcessEnv): Service {
  const port = portFrom(env['FERRETDB_PORT'], 27017, 'FERRETDB_PORT');
  const handler = ferretdbHandler(env);
  const postgresqlUrl = env['FERRETDB_POSTGRESQL_URL'] || DEFAULT_POSTGRESQL_URL;
  const data = join(dataDir, 'ferretdb');
  return {
    name: 'ferretdb',
    address: `mongodb://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    probe: () => mongoAnswers(`mongodb://127.0.0.1:${port}/`),
    binary: () => join(toolsBin, 'ferretdb'),
    install: buildFerretdb,
    async prepare() {
      mkdirSync(data, { recursive: true });
      if (handler === 'postgresql') await ensurePostgresqlDatabase(postgresqlUrl);
    },
    args() {
      const backend =
        handler === 'sqlite'
          ? ['--handler=sqlite', `--sqlite-url=file:${data}/`]
          : ['--handler=postgresql', `--postgresql-url=${postgresqlUrl}`];
      return [
        `--listen-addr=127.0.0.1:${port}`,
        ...backend,
        `--state-dir=${data}`,
        '--debug-addr=-', // its metrics listener (default :8088) would clash with a second instance
        '--telemetry=disable',
        '--log-level=warn',
      ];
    },
    describe(argv) {
      const backend = argv.find((arg) => arg.startsWith('--handler='))?.slice('--handler='.length) ?? '?';
      const where =
        backend === 'sqlite'
          ? displayPath(data)
          : (argv.find((arg) => arg.startsWith('--postgresql-url='))?.slice('--postgresql-url='.length) ??
            '');
      return `${backend} ${where.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}`.trim();
    },
    // A FerretDB we started earlier keeps its backend; say so when the environment now asks for the other one.
    warn(status) {
      if (!status.detail || status.detail.startsWith(handler)) return undefined;
      const running = status.detail.split(' ')[0];
      const message = `FerretDB is running with ${running} (pid ${status.pid}) but ${handler} is configured:`;
      return `${message} run \`npm run services:stop\` and start again to switch.`;
    },
  };
}
