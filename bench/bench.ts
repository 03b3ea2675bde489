/**
 * `npm run bench`: the flash crowd, measured against the platform's own ceiling. Builds the API, starts the
 * services and API processes (node:cluster on one port), seeds its own users and sales, runs each scenario
 * (warm-up, then the median of three runs) and prints a table of ratios measured in this one run. Results
 * go to bench/results/ as JSON and a self-contained HTML report. Figures are reported, never asserted.
 */
import { execSync } from 'node:child_process';
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
import { type BenchReport, printTable, writeReport } from './lib/report';
import { flashCrowd } from './scenarios/flash-crowd';
import { fullPurchase } from './scenarios/full-purchase';

const PORT = 3900;
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
): Promise<T> {
  const execArgv = flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`] : [];
  const api = await startCluster(processes, PORT, apiEnv(bcryptRounds), execArgv);
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

/** The benchmark's own databases start empty (never the demo's `flashline` / Redis db 0). */
async function resetBenchData(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
  const mongo = await MongoClient.connect(MONGO_URL);
  await mongo.db().dropDatabase();
  await mongo.close();
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const runs = (scenario: Scenario): boolean => flags.only.has(scenario);
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    flags: { ...flags, only: [...flags.only] },
    rows: [],
    figures: {},
  };
  console.log('bench: building the API and starting services…');
  if (!flags.skipBuild) execSync('npx nest build api', { stdio: 'inherit' });
  await startServices();
  await resetBenchData();

  // Scale-out reference: reserve on one process.
  const single = runs('scale-out')
    ? await withCluster(flags, 1, 4, async (api) => {
        const shoppers = await registerShoppers(api.url, 256);
        return measure(api.url, await reserveTarget(api, shoppers), flags.connections, flags.duration);
      })
    : undefined;

  await withCluster(flags, flags.processes, flags.bcryptRounds, async (api) => {
    console.log(`bench: ${flags.processes} processes, registering shoppers…`);
    const shoppers = await registerShoppers(api.url, 256);
    const cpu = (): number => api.cpuSeconds();
    const baseline = await measure(api.url, BASELINE, flags.connections, flags.duration, cpu);
    report.rows.push({ scenario: '1. baseline (bare route)', ...baseline, ratio: 1 });
    const reserveLoad = await reserveTarget(api, shoppers);
    let reserved: LoadResult | undefined;
    if (runs('reserve') || runs('scale-out')) {
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
      const mem = await memory(api, flags, reserveLoad);
      Object.assign(report.figures, {
        'peak RSS per API process during reserve (MiB)': mem.peak.toFixed(1),
        [`RSS growth over a ${flags.soakSeconds} s steady reserve run (MiB)`]: mem.growth.toFixed(1),
      });
    }
  });

  printTable(report);

  if (runs('crowd')) {
    await withCluster(flags, flags.crowdProcesses, 4, async (api) => {
      console.log(
        `bench: flash crowd, ${flags.crowdShoppers} shoppers on ${flags.crowdUnits} units × ${flags.crowdRuns}…`,
      );
      const crowd = await flashCrowd(api, flags);
      report.rows.push({
        scenario: '4. flash crowd',
        p99: crowd.p99,
        errors: crowd.fiveHundreds,
        note: crowd.summary,
      });
      Object.assign(report.figures, crowd.figures);
    });
  }

  report.rows.sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
  printTable(report);
  const files = writeReport(report, join(__dirname, 'results'));
  console.log(`\nwritten: ${files.join(', ')}`);
  if (flags.profile) console.log(`CPU profiles of the API processes: ${PROFILES_DIR}`);
  if (!isFullRun(flags)) console.log('bench: a partial run (--only): not for docs/performance.md');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
