import type { AuthSession } from '@flashline/contracts';
import type { MongoClient } from 'mongodb';
import type { ApiCluster } from '../lib/api-cluster';
import { createOpenSale, signInAdmin } from '../lib/fixtures';
import { type PostedAnswer, pooledPoster } from '../lib/http';
import { saleDisagreement } from '../lib/sale-check';
import { buildTimeline, percentile, type TimedAnswer, type Timeline } from '../lib/timeline';

/** Shoppers signed in before the sale, through a throwaway API cluster no measured process shares. */
export interface CrowdPools {
  /** For the unmeasured warm-up crowd of each round (the code paths, the connection pools, the JIT). */
  warmUp: AuthSession[];
  /** The measured crowd: cold on each round's first run, warm after it. */
  crowd: AuthSession[];
}

export interface CrowdRun {
  kind: 'cold' | 'warm';
  /** From the first request to the last answer. */
  wallMs: number;
  /** From the first request to the last 201. */
  sellOutMs: number;
  /** API CPU per request over the run, µs. */
  cpuUs: number;
  /** Answers that were 5xx or network errors. */
  fiveHundreds: number;
  /** Undefined when exact: `units` × 201, the rest 409, none 5xx, Redis and MongoDB agree. */
  inexact?: string;
  answers: TimedAnswer[];
}

/**
 * Unmeasured warm-up runs of other shoppers before the cold one. After one, the cold crowd cost 442 µs of API
 * CPU a request against 230 warm: most of it was V8 still optimising the code (each process had served 1,250
 * requests), not the shoppers being new. Processes in production have served traffic before a drop.
 */
const WARM_UP_RUNS = 3;

type Post = (path: string, body: unknown, token: string) => Promise<PostedAnswer>;

/**
 * Scenario 4, one round on freshly started API processes: unmeasured warm-up crowds of other shoppers, then
 * the crowd COLD (signed in earlier, served by no process yet: every process meets each shopper for the first
 * time, as in a real drop), then the same crowd `warmRuns` times WARM. Every run is a fresh sale that every
 * shopper tries to buy at the same instant.
 */
export async function crowdRound(
  api: ApiCluster,
  pools: CrowdPools,
  units: number,
  warmRuns: number,
  mongo: MongoClient,
): Promise<CrowdRun[]> {
  const admin = await signInAdmin(api.url);
  const post = pooledPoster(api.url, 512);
  const size = pools.crowd.length;
  const warmUpCrowd = Array.from({ length: size }, (_, i) => pools.warmUp[i % pools.warmUp.length]);
  for (let i = 0; i < WARM_UP_RUNS; i++) await crowdRun(api, admin, post, warmUpCrowd, units, 'warm', mongo);
  const runs = [await crowdRun(api, admin, post, pools.crowd, units, 'cold', mongo)];
  for (let i = 0; i < warmRuns; i++)
    runs.push(await crowdRun(api, admin, post, pools.crowd, units, 'warm', mongo));
  return runs;
}

async function crowdRun(
  api: ApiCluster,
  admin: AuthSession,
  post: Post,
  shoppers: readonly AuthSession[],
  units: number,
  kind: CrowdRun['kind'],
  mongo: MongoClient,
): Promise<CrowdRun> {
  const sale = await createOpenSale(api.url, admin, { quantity: units });
  const path = `/api/flash-sales/${sale.id}/reservations`;
  const cpuBefore = api.cpuSeconds();
  const started = performance.now();
  const answers = await Promise.all(
    shoppers.map(async (shopper): Promise<TimedAnswer> => {
      const { status, sentAt } = await post(path, { quantity: 1 }, shopper.accessToken);
      return { status, sentMs: sentAt - started, doneMs: performance.now() - started };
    }),
  );
  const cpuUs = ((api.cpuSeconds() - cpuBefore) * 1e6) / answers.length;
  const won = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status === 409).length;
  const fiveHundreds = answers.filter((a) => a.status >= 500 || a.status === 0).length;
  const problems: string[] = [];
  if (won.length !== units || refused !== shoppers.length - units) problems.push(statusCounts(answers));
  const disagreement = await saleDisagreement(api.url, admin, mongo, sale.id, won.length);
  if (disagreement) problems.push(disagreement);
  return {
    kind,
    wallMs: Math.max(...answers.map((a) => a.doneMs)),
    sellOutMs: Math.max(0, ...won.map((a) => a.doneMs)),
    cpuUs,
    fiveHundreds,
    ...(problems.length > 0 ? { inexact: problems.join('; ') } : {}),
    answers,
  };
}

export interface CrowdSummary {
  cold: CrowdRun[];
  warm: CrowdRun[];
  /** Median cold wall time over median warm wall time (target ≤ 1.25). */
  coldOverWarm: number;
  figures: Record<string, string>;
  timelines: Timeline[];
}

const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** The run whose wall time is the median of its kind: the one drawn in the report. */
const medianRun = (runs: readonly CrowdRun[]): CrowdRun =>
  [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)];

export function summarizeCrowd(runs: readonly CrowdRun[], units: number, shoppers: number): CrowdSummary {
  const cold = runs.filter((r) => r.kind === 'cold');
  const warm = runs.filter((r) => r.kind === 'warm');
  const coldOverWarm = median(cold.map((r) => r.wallMs)) / Math.max(1, median(warm.map((r) => r.wallMs)));
  const describe = (name: string, of: readonly CrowdRun[]): Record<string, string> => {
    const inexact = of.filter((r) => r.inexact !== undefined);
    return {
      [`flash crowd ${name}: runs exact (${units} × 201, ${shoppers - units} × 409, no 5xx, Redis = MongoDB)`]: `${of.length - inexact.length}/${of.length}`,
      [`flash crowd ${name}: wall time, median / worst (ms)`]: `${median(of.map((r) => r.wallMs)).toFixed(0)} / ${Math.max(...of.map((r) => r.wallMs)).toFixed(0)}`,
      [`flash crowd ${name}: time to sell out, median / worst (ms)`]: `${median(of.map((r) => r.sellOutMs)).toFixed(0)} / ${Math.max(...of.map((r) => r.sellOutMs)).toFixed(0)}`,
      [`flash crowd ${name}: API CPU per request, median (µs)`]: median(of.map((r) => r.cpuUs)).toFixed(0),
      [`flash crowd ${name}: 5xx or network errors`]: String(of.reduce((sum, r) => sum + r.fiveHundreds, 0)),
      ...(inexact.length > 0
        ? { [`flash crowd ${name}: runs not exact`]: inexact.map((r) => r.inexact).join(' | ') }
        : {}),
    };
  };
  const timelines = [
    ...(cold.length > 0
      ? [
          buildTimeline(
            `Flash crowd, cold (median run): ${shoppers} shoppers, ${units} units`,
            medianRun(cold).answers,
            units,
          ),
        ]
      : []),
    ...(warm.length > 0
      ? [
          buildTimeline(
            `Flash crowd, warm (median run): ${shoppers} shoppers, ${units} units`,
            medianRun(warm).answers,
            units,
          ),
        ]
      : []),
  ];
  return {
    cold,
    warm,
    coldOverWarm,
    figures: {
      'flash crowd: cold wall time ÷ warm (medians; target ≤ 1.25)': coldOverWarm.toFixed(2),
      ...describe('cold', cold),
      ...describe('warm', warm),
    },
    timelines,
  };
}

/** p99 of the time each shopper waited for an answer, from the crowd's start, over runs. */
export function crowdP99(runs: readonly CrowdRun[]): number {
  return percentile(
    runs.flatMap((r) => r.answers.map((a) => a.doneMs)).sort((a, b) => a - b),
    0.99,
  );
}

/** `201 × 100, 409 × 4900`: how many attempts got each status. */
function statusCounts(answers: readonly TimedAnswer[]): string {
  const counts = new Map<number, number>();
  for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status} × ${count}`)
    .join(', ');
}
