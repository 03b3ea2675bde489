import type { FlashSale } from '@flashline/contracts';
import type { ApiCluster } from '../lib/api-cluster';
import { createOpenSale, registerShoppers, signInAdmin } from '../lib/fixtures';
import type { BenchFlags } from '../lib/flags';
import { call, pooledPoster } from '../lib/http';

export interface CrowdResult {
  p99: number;
  fiveHundreds: number;
  summary: string;
  figures: Record<string, string>;
}

interface Attempt {
  status: number;
  ms: number;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/**
 * Scenario 4: every shopper presses Buy at the same instant on a fresh sale, `crowdRuns` times. Each run must
 * sell exactly `crowdUnits`, refuse the rest with 409 and read `remaining: 0` afterwards.
 */
export async function flashCrowd(api: ApiCluster, flags: BenchFlags): Promise<CrowdResult> {
  const shoppers = await registerShoppers(api.url, flags.crowdShoppers, 64);
  const admin = await signInAdmin(api.url);
  const sellOutTimes: number[] = [];
  const latencies: number[] = [];
  let exactRuns = 0;
  let fiveHundreds = 0;
  /** What the runs that were not exact answered (status 0: a network error), for the report. */
  const inexact: string[] = [];
  const post = pooledPoster(api.url, 512);
  // One unmeasured run first: each process then knows every shopper (its token's user lookup is cached), as
  // it would a minute into a real sale. Only the runs after it are reported.
  for (let run = -1; run < flags.crowdRuns; run++) {
    const sale = await createOpenSale(api.url, admin, { quantity: flags.crowdUnits });
    const started = performance.now();
    const attempts = await Promise.all(
      shoppers.map(async (shopper): Promise<Attempt> => {
        const status = await post(
          `/api/flash-sales/${sale.id}/reservations`,
          { quantity: 1 },
          shopper.accessToken,
        );
        return { status, ms: performance.now() - started };
      }),
    );
    if (run < 0) continue;
    const won = attempts.filter((a) => a.status === 201);
    const soldOut = attempts.filter((a) => a.status === 409).length;
    fiveHundreds += attempts.filter((a) => a.status >= 500 || a.status === 0).length;
    const after = await call<FlashSale>(`${api.url}/api/flash-sales/${sale.id}`, 'GET');
    if (
      won.length === flags.crowdUnits &&
      soldOut === shoppers.length - won.length &&
      after.body.remaining === 0
    ) {
      exactRuns++;
    } else {
      inexact.push(`run ${run + 1}: ${statusCounts(attempts)}, remaining ${after.body.remaining}`);
    }
    sellOutTimes.push(Math.max(...won.map((a) => a.ms)));
    latencies.push(...attempts.map((a) => a.ms));
  }
  latencies.sort((a, b) => a - b);
  sellOutTimes.sort((a, b) => a - b);
  const p99 = percentile(latencies, 0.99);
  return {
    p99,
    fiveHundreds,
    summary: `${exactRuns}/${flags.crowdRuns} runs exact (${flags.crowdUnits} × 201, ${flags.crowdShoppers - flags.crowdUnits} × 409, remaining 0)`,
    figures: {
      'flash crowd: runs exactly sold out': `${exactRuns}/${flags.crowdRuns}`,
      'flash crowd: 5xx or network errors': String(fiveHundreds),
      'flash crowd: time to sell out, median (ms)': percentile(sellOutTimes, 0.5).toFixed(0),
      'flash crowd: time to sell out, worst (ms)': sellOutTimes[sellOutTimes.length - 1].toFixed(0),
      'flash crowd: p99 response (ms)': p99.toFixed(0),
      ...(inexact.length > 0 ? { 'flash crowd: runs not exact': inexact.join('; ') } : {}),
    },
  };
}

/** `201 × 100, 409 × 4900`: how many attempts got each status. */
function statusCounts(attempts: readonly Attempt[]): string {
  const counts = new Map<number, number>();
  for (const { status } of attempts) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status} × ${count}`)
    .join(', ');
}
