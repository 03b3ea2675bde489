/**
 * `npm run bench`: the flash crowd, measured against the platform's own ceiling and against a floor. Builds the
 * API, starts the services and API processes (node:cluster on one port), seeds its own users and sales in its
 * own databases (MongoDB `flashline_bench`, Redis db 15, emptied first), runs each scenario and prints a table
 * measured in this one run. Results go to bench/results/ as JSON and a self-contained HTML report (charts, the
 * crowds drawn over time). Figures are reported, never asserted. A default run takes about 12 minutes on 2 cores.
 *
 * Always measured (every ratio needs them):
 *   floor       a bare Node `http` server (bench/floor/floor-server.ts, its own process on port 3701, its own
 *               Redis key) answering each POST with ONE `EVALSHA` of bench/floor/decrement.lua. Its CPU per
 *               request, from /proc like the API's, is the "× floor" column: each row's API CPU per request over
 *               the floor's in the same run (issue 17's targets: reserve ≤ 4×, sold-out flood ≤ 2.5×).
 *   1. baseline a bare Nest route (`GET /api/bench/baseline`, BENCH_MODE only): the framework's ceiling.
 *
 * Scenarios (`--only a,b`; all by default):
 *   reserve       2. reserve while stock lasts, `--connections` shoppers rotating, as paired runs against the
 *                 baseline (three pairs, the median pair reported): req/s ratio, p99, CPU per request.
 *   sold-out      3. the same requests after the sale sold out (the sold-out answer), paired the same way.
 *   crowd         4a/4b. the flash crowd: `--crowd-shoppers` shoppers, signed in before the sale through
 *                 throwaway API processes (port 3702, stopped first), press Buy at the same instant on a fresh
 *                 `--crowd-units` sale, queued on 512 keep-alive sockets. `--crowd-cold-runs` rounds, each on
 *                 freshly started `--crowd-processes` processes: three unmeasured warm-up crowds of other shoppers,
 *                 the crowd COLD (no measured process has served them: a real drop), then WARM (the same
 *                 shoppers again; `--crowd-runs` warm runs in all). Reports cold wall time ÷ warm (target
 *                 ≤ 1.25) and whether every run was exact: units × 201, the rest 409, no 5xx, and Redis (free +
 *                 held + sold) agreeing with MongoDB (the sale's quantity, its paid orders). The HTML report
 *                 draws the median cold and warm runs each 100 ms: units left, answers per status, latency.
 *   purchase      5. whole purchases: reserve → payment intent (stripe-mock) → signed webhook → order.
 *   scale-out     6. reserve on one process, for the N processes ÷ 1 ratio.
 *   login-storm   7. baseline p99 while logins (bcrypt) run at full tilt beside it.
 *   memory        peak RSS during reserve, RSS growth over a `--soak-seconds` steady run.
 *   streams       9. the crowd before the crowd: `--streams` open sale streams (`GET /api/flash-sales/:id/
 *                 events`) held by `--stream-clients` load-generator processes across the API processes
 *                 (SSE_MAX_STREAMS_PER_CLIENT raised for the bench): API RSS per stream, and for
 *                 `--stream-changes` reserves one after another, how long until 99 % (and all) of the streams
 *                 saw the new `remaining` (target: 99 % within 1 s).
 *   waiting-room  10/11 (issue 19). `--wr-shoppers` shoppers join a `--wr-units` waiting-room sale
 *                 (`--wr-admit-per-second`) within one second, with `--wr-streams` pages on the sale stream; the
 *                 admitted pages buy (reserve, pay) as `queue.admittedUpTo` reaches their ticket. Reports join
 *                 req/s and p99, API CPU per join, how long until every shopper knows their place in line, units
 *                 sold (exact, Redis = MongoDB), and from the last unit sold to the last page told `sold_out`.
 *                 Then 11: the same crowd, cold again on fresh processes, scrambles on the same kind of sale
 *                 without a line; the line's API CPU for the whole drop ÷ the scramble's is its ratio (target
 *                 ≤ 1). Skipped, saying why, while the API has no waiting room (404 on the queue route).
 *
 * Flags (defaults): --processes 2, --duration 8 (s per measured run), --connections 64, --crowd-shoppers 5000,
 * --crowd-units 100, --crowd-processes 4, --crowd-runs 20, --crowd-cold-runs 4, --streams 10000,
 * --stream-clients 2, --stream-changes 5, --wr-shoppers 20000, --wr-units 100, --wr-streams 20000,
 * --wr-admit-per-second 20, --soak-seconds 60, --bcrypt-rounds 10; --only <scenarios>, --skip-build (run the API
 * as last built), --profile (each API process writes a V8 CPU profile to bench/results/profiles/), --help.
 * A smoke run while others use the machine: `npm run bench -- --only crowd,streams,waiting-room --duration 2
 * --crowd-shoppers 1000 --crowd-runs 2 --crowd-cold-runs 2 --streams 2000 --wr-shoppers 1000 --wr-streams 1000`.
 * Ports: API 3700, floor 3701, sign-in API 3702.
 */
import { execSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcrypt';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import type { AuthSession } from '@flashline/contracts';
import { startServices } from '../scripts/services';
import { type ApiCluster, rssMiB, startCluster } from './lib/api-cluster';
import { type BenchFlags, isFullRun, parseFlags, type Scenario } from './lib/flags';
import { createOpenSale, reserve, registerShoppers, signInAdmin, SHOPPER_PASSWORD } from './lib/fixtures';
import { call, mapLimit } from './lib/http';
import {
  load,
  type LoadRequest,
  type LoadResult,
  measure,
  measureAgainst,
  type PairedResult,
} from './lib/load';
import { startFloor } from './lib/floor';
import { type BenchReport, printTable, writeReport } from './lib/report';
import {
  type CrowdPools,
  type CrowdRun,
  crowdP99,
  crowdRound,
  summarizeCrowd,
} from './scenarios/flash-crowd';
import { fullPurchase } from './scenarios/full-purchase';
import { saleStreams } from './scenarios/sale-streams';
import { type DropResult, lineDrop, scrambleDrop } from './scenarios/waiting-room';

/** The measured API processes (node:cluster, one port). The bench's ports are 3700+ on this machine. */
const PORT = 3700;
/** The floor server (bench/floor). */
const FLOOR_PORT = 3701;
/** The throwaway API processes that sign the flash crowd in before any measured process starts. */
const SIGN_IN_PORT = 3702;
const MONGO_URL = 'mongodb://127.0.0.1:27017/flashline_bench';
const REDIS_URL = 'redis://127.0.0.1:6379/15';
const UNLIMITED = '1000000000';

/** The API processes' environment: their own databases, limits raised, quiet logs. */
function apiEnv(bcryptRounds: number): Record<string, string> {
  return {
    NODE_ENV: 'development',
    BENCH_MODE: 'true',
    LOG_LEVEL: 'warn',
    MONGO_URL,
    REDIS_URL,
    BCRYPT_ROUNDS: String(bcryptRounds),
    // The fixtures register thousands of shoppers at once, and the login storm measures what logins cost the
    // rest: the bcrypt line stays unbounded here (its bound is proven by auth-hardening.spec.ts).
    PASSWORD_HASH_QUEUE_LIMIT: '10000',
    RESERVATION_TTL_MIN_SECONDS: '1',
    // Tokens minted at the start of the crowd scenario stay valid through its last round.
    ACCESS_TOKEN_TTL: '3600',
    // The streams scenario holds thousands of sale streams from one client (127.0.0.1).
    SSE_MAX_STREAMS_PER_CLIENT: '10000',
    RATE_LIMIT_DEFAULT_LIMIT: UNLIMITED,
    RATE_LIMIT_LOGIN_IP_LIMIT: UNLIMITED,
    RATE_LIMIT_LOGIN_EMAIL_LIMIT: UNLIMITED,
    RATE_LIMIT_REGISTER_IP_LIMIT: UNLIMITED,
    RATE_LIMIT_REGISTER_EMAIL_LIMIT: UNLIMITED,
    RATE_LIMIT_RESERVE_USER_LIMIT: UNLIMITED,
    RATE_LIMIT_RESERVE_IP_LIMIT: UNLIMITED,
  };
}

const reserveRequest = (saleId: string, shoppers: AuthSession[]): LoadRequest => ({
  method: 'POST',
  path: `/api/flash-sales/${saleId}/reservations`,
  body: JSON.stringify({ quantity: 1 }),
  tokens: shoppers.map((s) => s.accessToken),
});

const BASELINE: LoadRequest = { method: 'GET', path: '/api/bench/baseline' };

/** What the floor answers: the reserve's body, no token (the floor checks nothing). */
const FLOOR_REQUEST: LoadRequest = { method: 'POST', path: '/', body: JSON.stringify({ quantity: 1 }) };

/**
 * The floor's CPU per request, measured like the API's (warm-up, three runs, the median) with the same
 * connections and duration, before any API process starts, so nothing else of the bench's runs beside it.
 */
async function measureFloor(flags: BenchFlags): Promise<LoadResult> {
  log('the floor (bare Node http + one EVALSHA)…');
  const floor = await startFloor(FLOOR_PORT, REDIS_URL);
  try {
    return await measure(floor.url, FLOOR_REQUEST, flags.connections, flags.duration, () =>
      floor.cpuSeconds(),
    );
  } finally {
    await floor.stop();
  }
}

/**
 * Signs the crowds' shoppers in before their sales, through throwaway API processes on their own port that
 * are stopped before any measured process starts: the tokens are valid, and no measured process has met them.
 */
function signInCrowds(flags: BenchFlags, count: number): Promise<AuthSession[]> {
  log(`signing ${count} shoppers in through throwaway API processes…`);
  return withCluster(
    flags,
    flags.crowdProcesses,
    4,
    (api) => registerShoppers(api.url, count, 64),
    SIGN_IN_PORT,
  );
}

/** The crowd scenarios' shoppers, signed in once: the flash crowd's warm-up pool, then its crowd. */
async function crowdScenarios(
  flags: BenchFlags,
  report: BenchReport,
  runs: (scenario: Scenario) => boolean,
): Promise<void> {
  const warmUp = Math.min(1000, flags.crowdShoppers);
  const count = Math.max(
    runs('crowd') ? warmUp + flags.crowdShoppers : 0,
    runs('waiting-room') ? flags.wrShoppers : 0,
  );
  if (count === 0) return;
  const shoppers = await signInCrowds(flags, count);
  if (runs('crowd')) {
    const pools = {
      warmUp: shoppers.slice(0, warmUp),
      crowd: shoppers.slice(warmUp, warmUp + flags.crowdShoppers),
    };
    await flashCrowdScenario(flags, report, pools);
  }
  if (runs('waiting-room')) await waitingRoomScenario(flags, report, shoppers.slice(0, flags.wrShoppers));
}

/**
 * Scenarios 10 and 11: the same crowd (cold, on fresh API processes each time) through the line, then in the
 * scramble; each drop with `--wr-streams` pages on the sale stream.
 */
async function waitingRoomScenario(
  flags: BenchFlags,
  report: BenchReport,
  shoppers: AuthSession[],
): Promise<void> {
  const options = {
    units: flags.wrUnits,
    streams: flags.wrStreams,
    streamClients: Math.max(flags.streamClients, Math.ceil(flags.wrStreams / 5000)),
    admitPerSecond: flags.wrAdmitPerSecond,
  };
  const mongo = await MongoClient.connect(MONGO_URL);
  try {
    log(`waiting-room crowd, ${shoppers.length} shoppers join a ${flags.wrUnits}-unit line…`);
    const line = await withCluster(flags, flags.crowdProcesses, 4, (api) =>
      lineDrop(api, shoppers, options, mongo),
    );
    log(`the same crowd scrambling, no waiting room…`);
    const scramble = await withCluster(flags, flags.crowdProcesses, 4, (api) =>
      scrambleDrop(api, shoppers, options, mongo),
    );
    reportDrops(report, flags, line, scramble);
  } finally {
    await mongo.close();
  }
}

function reportDrops(report: BenchReport, flags: BenchFlags, line: DropResult, scramble: DropResult): void {
  const ms = (value: number | undefined): string =>
    value === undefined ? '' : Number.isFinite(value) ? value.toFixed(0) : 'never';
  const withMs = (value: number | undefined): string => {
    const text = ms(value);
    return text === 'never' ? text : `${text} ms`;
  };
  const exact = (drop: DropResult): string => (drop.inexact ? `NOT exact: ${drop.inexact}` : 'exact');
  const crowd = `${flags.wrShoppers} shoppers, ${flags.wrUnits} units, ${scramble.streamsOpen} pages on the stream`;
  if (line.skipped) {
    report.rows.push({ scenario: '10. waiting-room crowd', note: `SKIPPED: ${line.skipped}` });
    report.figures['waiting-room crowd'] = `skipped: ${line.skipped}`;
  } else {
    report.rows.push({
      scenario: `10. waiting-room crowd: joins within 1 s (${crowd})`,
      rps: line.rps,
      p99: line.p99,
      cpuUs: line.cpuUs,
      ratio: line.episodeCpuSeconds / Math.max(0.001, scramble.episodeCpuSeconds),
      target: '100 sold every run; API CPU ≤ the scramble',
      note: `${line.sold} sold, ${exact(line)}; every shopper knew their place in ${withMs(line.everyoneKnowsMs)}; last payment sent → last page told sold out ${withMs(line.soldToToldMs)}; ratio = API CPU of the drop ÷ the scramble's (${line.episodeCpuSeconds.toFixed(1)} s ÷ ${scramble.episodeCpuSeconds.toFixed(1)} s); joins ${line.statuses}`,
    });
    Object.assign(report.figures, {
      'waiting room: joins/s, p99 (ms)': `${line.rps.toFixed(0)}, ${line.p99.toFixed(0)}`,
      'waiting room: API CPU per join / per scramble reserve (µs)': `${line.cpuUs.toFixed(0)} / ${scramble.cpuUs.toFixed(0)}`,
      'waiting room: every shopper knows their place after (ms)': ms(line.everyoneKnowsMs),
      'waiting room: last unit sold → last page told sold out (ms, from the last payment sent: an upper bound)':
        ms(line.soldToToldMs),
      'waiting room: units sold (exact?)': `${line.sold} (${exact(line)})`,
      'waiting room: API CPU of the whole drop, line / scramble (s)': `${line.episodeCpuSeconds.toFixed(1)} / ${scramble.episodeCpuSeconds.toFixed(1)}`,
    });
  }
  report.rows.push({
    scenario: `11. the same crowd scrambling, no waiting room (${crowd})`,
    rps: scramble.rps,
    p99: scramble.p99,
    cpuUs: scramble.cpuUs,
    target: '100 sold every run',
    note: `${scramble.sold} sold, ${exact(scramble)}; every shopper had their 201 / 409 in ${withMs(scramble.everyoneKnowsMs)}; reserves ${scramble.statuses}`,
  });
  report.figures['scramble: reserves/s, p99 (ms), units sold'] =
    `${scramble.rps.toFixed(0)}, ${scramble.p99.toFixed(0)}, ${scramble.sold} (${exact(scramble)})`;
}

/**
 * Scenario 4: `crowdColdRuns` rounds, each on freshly started API processes: the crowd cold once, then warm;
 * `crowdRuns` warm runs in all.
 */
async function flashCrowdScenario(flags: BenchFlags, report: BenchReport, pools: CrowdPools): Promise<void> {
  const warmPerRound = Math.ceil(flags.crowdRuns / flags.crowdColdRuns);
  const crowdRuns: CrowdRun[] = [];
  const mongo = await MongoClient.connect(MONGO_URL);
  try {
    for (let round = 1; round <= flags.crowdColdRuns; round++) {
      await withCluster(flags, flags.crowdProcesses, 4, async (api) => {
        log(
          `flash crowd round ${round}/${flags.crowdColdRuns}: ${flags.crowdShoppers} shoppers on ${flags.crowdUnits} units, cold then warm × ${warmPerRound}…`,
        );
        crowdRuns.push(...(await crowdRound(api, pools, flags.crowdUnits, warmPerRound, mongo)));
      });
    }
  } finally {
    await mongo.close();
  }
  const summary = summarizeCrowd(crowdRuns, flags.crowdUnits, flags.crowdShoppers);
  const exact = (runs: CrowdRun[]): string =>
    `${runs.filter((r) => r.inexact === undefined).length}/${runs.length} runs exact`;
  const wall = (runs: CrowdRun[]): number => medianOf(runs.map((r) => r.wallMs));
  report.rows.push(
    {
      scenario: '4a. flash crowd, cold (signed in earlier, no process has served them)',
      p99: crowdP99(summary.cold),
      errors: summary.cold.reduce((sum, r) => sum + r.fiveHundreds, 0),
      cpuUs: medianOf(summary.cold.map((r) => r.cpuUs)),
      ratio: summary.coldOverWarm,
      target: 'wall time ÷ warm ≤ 1.25; exact every run',
      note: `${exact(summary.cold)}; wall median ${wall(summary.cold).toFixed(0)} ms; ratio = cold ÷ warm wall time`,
    },
    {
      scenario: '4b. flash crowd, warm (the same shoppers again)',
      p99: crowdP99(summary.warm),
      errors: summary.warm.reduce((sum, r) => sum + r.fiveHundreds, 0),
      cpuUs: medianOf(summary.warm.map((r) => r.cpuUs)),
      target: 'exact every run',
      note: `${exact(summary.warm)}; wall median ${wall(summary.warm).toFixed(0)} ms`,
    },
  );
  Object.assign(report.figures, summary.figures);
  report.timelines = [...(report.timelines ?? []), ...summary.timelines];
}

/** Scenario 9: `--streams` open sale streams across the API processes. */
async function streamsScenario(
  api: ApiCluster,
  flags: BenchFlags,
  buyer: AuthSession,
  report: BenchReport,
): Promise<void> {
  log(`${flags.streams} sale streams on ${flags.processes} processes…`);
  const result = await saleStreams(api, buyer, flags.streams, flags.streamClients, flags.streamChanges);
  const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : 'never');
  const p99 = medianOf(result.p99PerChange);
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status} × ${count}`)
    .join(', ');
  report.rows.push({
    scenario: `9. ${flags.streams} sale streams, a change reaching them`,
    p50: medianOf(result.p50PerChange),
    p99,
    errors: flags.streams - result.opened,
    target: '99 % see a change within 1 s',
    note: `${result.opened} open (${statuses}) in ${result.openSeconds.toFixed(1)} s; ${result.kibPerStream.toFixed(1)} KiB API RSS per stream; 99 % saw each of ${result.p99PerChange.length} changes in ${result.p99PerChange.map(ms).join(' / ')} ms`,
  });
  Object.assign(report.figures, {
    'sale streams: open at once': `${result.opened} of ${flags.streams} (${statuses})`,
    'sale streams: API memory per stream (KiB of RSS, all processes)': result.kibPerStream.toFixed(1),
    'sale streams: change seen by 99 %, median of changes / worst (ms)': `${ms(p99)} / ${ms(Math.max(...result.p99PerChange))}`,
    'sale streams: change seen by all, median of changes / worst (ms)': `${ms(medianOf(result.allPerChange))} / ${ms(Math.max(...result.allPerChange))}`,
    'sale streams: stream-changes never seen (15 s timeout)': String(result.missing),
  });
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The API CPU per request of a paired run's baseline over the scenario's: what req/s would show if the API
 * processes had the machine to themselves (Redis and the load generator excluded).
 */
function cpuNote(paired: PairedResult): string {
  const { result, reference } = paired;
  if (result.cpuUs === undefined || reference.cpuUs === undefined) return 'paired runs';
  return `paired runs; API CPU/req ratio ${(reference.cpuUs / result.cpuUs).toFixed(2)}`;
}

/** Where `--profile` has each API process write its CPU profile (open it in Chrome DevTools). */
const PROFILES_DIR = join(__dirname, 'results', 'profiles');

async function withCluster<T>(
  flags: BenchFlags,
  processes: number,
  bcryptRounds: number,
  run: (api: ApiCluster) => Promise<T>,
  port = PORT,
): Promise<T> {
  const execArgv = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`] : [];
  const api = await startCluster(processes, port, apiEnv(bcryptRounds), execArgv);
  try {
    return await run(api);
  } finally {
    await api.stop();
  }
}

/** Reserve with stock that never runs out: many shoppers, a generous per-user limit. */
async function reserveTarget(api: ApiCluster, shoppers: AuthSession[]): Promise<LoadRequest> {
  const admin = await signInAdmin(api.url);
  const sale = await createOpenSale(api.url, admin, { quantity: 900_000, perUserLimit: 100_000 });
  return reserveRequest(sale.id, shoppers);
}

/** The same requests after a sell-out: answered from the process-local sold-out flag. */
async function soldOutTarget(api: ApiCluster, shoppers: AuthSession[]): Promise<LoadRequest> {
  const admin = await signInAdmin(api.url);
  const sale = await createOpenSale(api.url, admin, { quantity: 1 });
  await reserve(api.url, shoppers[0], sale.id);
  return reserveRequest(sale.id, shoppers);
}

/** Baseline p99 while logins run at full tilt next to it: bcrypt must not block the event loop. */
async function loginStorm(
  api: ApiCluster,
  flags: BenchFlags,
  shoppers: AuthSession[],
): Promise<{ during: LoadResult; loginsPerSecond: number }> {
  let logins = 0;
  let stop = false;
  const storm = mapLimit(
    Array.from({ length: 16 }, (_, i) => i),
    16,
    async (i) => {
      while (!stop) {
        const email = shoppers[i % shoppers.length].user.email;
        const { status } = await call(`${api.url}/api/auth/login`, 'POST', {
          email,
          password: SHOPPER_PASSWORD,
        });
        if (status === 200) logins++;
      }
    },
  );
  const started = Date.now();
  const during = await load(api.url, BASELINE, flags.connections, flags.duration);
  stop = true;
  await storm;
  return { during, loginsPerSecond: logins / ((Date.now() - started) / 1000) };
}

/** bcrypt comparisons per second on one core at the API's cost: the ceiling for logins per core. */
async function bcryptComparesPerSecond(rounds: number): Promise<number> {
  const hash = await bcrypt.hash('x', rounds);
  const started = Date.now();
  let count = 0;
  while (Date.now() - started < 2000) {
    await bcrypt.compare('x', hash);
    count++;
  }
  return count / ((Date.now() - started) / 1000);
}

/** Peak RSS during a reserve run and its growth over a steady run. */
async function memory(
  api: ApiCluster,
  flags: BenchFlags,
  request: LoadRequest,
): Promise<{ peak: number; growth: number }> {
  const sample = (): number => Math.max(...api.pids().map(rssMiB));
  let peak = sample();
  const timer = setInterval(() => (peak = Math.max(peak, sample())), 500);
  const before = sample();
  await load(api.url, request, flags.connections, flags.soakSeconds);
  clearInterval(timer);
  return { peak, growth: sample() - before };
}

/**
 * One bench at a time on this machine: every run empties the same databases (MongoDB `flashline_bench`, Redis
 * db 15), so a second run, from any worktree, would wipe the first one's shoppers and sales mid-run.
 */
const LOCK_FILE = '/tmp/flashline-bench.lock';

function holdBenchLock(): void {
  const holder = Number(readFileSync(LOCK_FILE, { encoding: 'utf8', flag: 'a+' }).trim());
  if (holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new Error(`another bench (pid ${holder}) is running on this machine; ${LOCK_FILE} says so`);
  }
  writeFileSync(LOCK_FILE, String(process.pid));
  process.once('exit', () => rmSync(LOCK_FILE, { force: true }));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The benchmark's own databases start empty (never the demo's `flashline` / Redis db 0). */
async function resetBenchData(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  const mongo = await MongoClient.connect(MONGO_URL);
  await mongo.db().dropDatabase();
  await mongo.close();
}

const benchStarted = Date.now();

/** A progress line with the time since the bench started, so a run shows where its minutes go. */
function log(message: string): void {
  const seconds = Math.round((Date.now() - benchStarted) / 1000);
  console.log(`bench [${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}]: ${message}`);
}

/** `--help`: this file's header, the one place the scenarios are described. */
function usage(): string {
  const header = /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(__filename, 'utf8'))?.[1] ?? '';
  return header
    .split('\n')
    .map((line) => line.replace(/^ \* ?/, ''))
    .join('\n')
    .trim();
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(usage());
    return;
  }
  const flags = parseFlags(process.argv.slice(2));
  const runs = (scenario: Scenario): boolean => flags.only.has(scenario);
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    flags: { ...flags, only: [...flags.only] },
    rows: [],
    figures: {},
  };
  holdBenchLock();
  log('building the API and starting services…');
  if (!flags.skipBuild) execSync('npx nest build api', { stdio: 'inherit' });
  await startServices();
  await resetBenchData();
  report.floor = await measureFloor(flags);

  // Scale-out reference: reserve on one process.
  const single = runs('scale-out')
    ? await withCluster(flags, 1, 4, async (api) => {
        const shoppers = await registerShoppers(api.url, 256);
        return measure(api.url, await reserveTarget(api, shoppers), flags.connections, flags.duration, () =>
          api.cpuSeconds(),
        );
      })
    : undefined;

  await withCluster(flags, flags.processes, flags.bcryptRounds, async (api) => {
    log(`${flags.processes} processes, registering shoppers…`);
    const shoppers = await registerShoppers(api.url, 256);
    const cpu = (): number => api.cpuSeconds();
    log('baseline…');
    const baseline = await measure(api.url, BASELINE, flags.connections, flags.duration, cpu);
    report.rows.push({ scenario: '1. baseline (bare route)', ...baseline, ratio: 1 });
    const reserveLoad = await reserveTarget(api, shoppers);
    let reserved: LoadResult | undefined;
    if (runs('reserve') || runs('scale-out')) {
      log('reserve…');
      const paired = await measureAgainst(
        api.url,
        reserveLoad,
        BASELINE,
        flags.connections,
        flags.duration,
        cpu,
      );
      reserved = paired.result;
      report.rows.push({
        scenario: '2. reserve',
        ...reserved,
        ratio: paired.ratio,
        target: '≥ 0.50 (stretch 0.65); p99 ≤ 2× baseline',
        note: `p99 ${(reserved.p99 / Math.max(paired.reference.p99, 0.1)).toFixed(2)}× baseline; ${cpuNote(paired)}`,
      });
    }
    if (runs('sold-out')) {
      log('sold-out…');
      const soldOut = await measureAgainst(
        api.url,
        await soldOutTarget(api, shoppers),
        BASELINE,
        flags.connections,
        flags.duration,
        cpu,
      );
      report.rows.push({
        scenario: '3. sold-out flood',
        ...soldOut.result,
        ratio: soldOut.ratio,
        target: '≥ 0.80',
        note: `all 409 by design; ${cpuNote(soldOut)}`,
      });
    }
    if (single && reserved) {
      report.rows.push({
        scenario: '6. reserve, 1 process',
        ...single,
        ratio: single.rps / baseline.rps,
        note: `scale-out ${flags.processes}/1 = ${(reserved.rps / single.rps).toFixed(2)} (target ≥ 1.25)`,
      });
      report.figures['scale-out reserve req/s, N processes / 1'] = (reserved.rps / single.rps).toFixed(2);
    }
    if (runs('login-storm')) {
      log('login-storm…');
      const storm = await loginStorm(api, flags, shoppers);
      report.rows.push({
        scenario: '7. baseline during login storm',
        ...storm.during,
        ratio: storm.during.rps / baseline.rps,
        target: 'p99 ≤ 2× idle',
        note: `p99 ${(storm.during.p99 / Math.max(baseline.p99, 0.1)).toFixed(2)}× idle`,
      });
      const compares = await bcryptComparesPerSecond(flags.bcryptRounds);
      Object.assign(report.figures, {
        [`logins/s during the storm (bcrypt cost ${flags.bcryptRounds})`]: storm.loginsPerSecond.toFixed(1),
        [`bcrypt compares/s on one core (cost ${flags.bcryptRounds})`]: compares.toFixed(1),
      });
    }
    if (runs('purchase')) {
      log('purchase…');
      const purchase = await fullPurchase(api, shoppers, flags.duration);
      const shares = Object.entries(purchase.shares)
        .map(([step, share]) => `${step} ${(share * 100).toFixed(0)}%`)
        .join(', ');
      report.rows.push({
        scenario: '5. full purchase',
        rps: purchase.purchasesPerSecond,
        errors: purchase.failed,
        note: `${purchase.completed} orders; time: ${shares}`,
      });
    }
    if (runs('memory')) {
      log('memory…');
      const mem = await memory(api, flags, reserveLoad);
      Object.assign(report.figures, {
        'peak RSS per API process during reserve (MiB)': mem.peak.toFixed(1),
        [`RSS growth over a ${flags.soakSeconds} s steady reserve run (MiB)`]: mem.growth.toFixed(1),
      });
    }
    if (runs('streams')) await streamsScenario(api, flags, shoppers[0], report);
  });

  printTable(report);

  await crowdScenarios(flags, report, runs);
  log('done');

  report.rows.sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
  printTable(report);
  const files = writeReport(report, join(__dirname, 'results'));
  console.log(`\nwritten: ${files.join(', ')}`);
  if (flags.profile) console.log(`CPU profiles of the API processes: ${PROFILES_DIR}`);
  if (!isFullRun(flags)) log('a partial run (--only): not for docs/performance.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
