import type { AuthSession } from '@flashline/contracts';
import { type ApiCluster, rssMiB } from '../lib/api-cluster';
import { createOpenSale, reserve, signInAdmin } from '../lib/fixtures';
import { StreamClients } from '../lib/stream-clients';
import { percentile } from '../lib/timeline';

export interface StreamsResult {
  opened: number;
  statuses: Record<string, number>;
  /** Seconds to open them all (each counted once its first message came). */
  openSeconds: number;
  /** API RSS growth (all processes) over the streams held, KiB per stream. */
  kibPerStream: number;
  /** Per change: ms from the reserve being sent until 99 % of the streams saw it (Infinity: never). */
  p99PerChange: number[];
  p50PerChange: number[];
  /** Per change: until every stream saw it (ms); Infinity when some never did. */
  allPerChange: number[];
  missing: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rssOf = (api: ApiCluster): number => api.pids().reduce((sum, pid) => sum + rssMiB(pid), 0);

/**
 * Scenario 9, the crowd before the crowd: `streams` pages sit on one sale's event stream, spread over the API
 * processes (node:cluster hands out the connections) and over `clients` load-generator processes. Reports the
 * API memory each stream costs, then makes `changes` reserves one after another and times, for each, how long
 * until 99 % (and all) of the streams saw the new `remaining`.
 */
export async function saleStreams(
  api: ApiCluster,
  buyer: AuthSession,
  streams: number,
  clients: number,
  changes: number,
): Promise<StreamsResult> {
  const admin = await signInAdmin(api.url);
  const sale = await createOpenSale(api.url, admin, { quantity: 1_000_000, perUserLimit: 1_000_000 });
  const pool = StreamClients.start(clients);
  try {
    const rssBefore = rssOf(api);
    const openStarted = now();
    const statuses = await pool.open(api.url, `/api/flash-sales/${sale.id}/events`, streams);
    const openSeconds = (now() - openStarted) / 1000;
    const opened = statuses['200'] ?? 0;
    await sleep(1000);
    const kibPerStream = ((rssOf(api) - rssBefore) * 1024) / Math.max(1, opened);
    const result: StreamsResult = {
      opened,
      statuses,
      openSeconds,
      kibPerStream,
      p99PerChange: [],
      p50PerChange: [],
      allPerChange: [],
      missing: 0,
    };
    let remaining = sale.quantity;
    for (let change = 0; change < changes; change++) {
      remaining -= 1;
      const seen = await pool.watch({ remainingAtMost: remaining }, 15_000);
      const changedAt = now();
      await reserve(api.url, buyer, sale.id);
      const { times, missing } = await seen();
      const delays = times.map((t) => t - changedAt).sort((a, b) => a - b);
      // 99 % of the streams opened, counting those that never saw it as the slowest.
      const p99Index = Math.ceil(opened * 0.99) - 1;
      result.p99PerChange.push(p99Index < delays.length ? delays[p99Index] : Infinity);
      result.p50PerChange.push(percentile(delays, 0.5));
      result.allPerChange.push(missing > 0 ? Infinity : delays[delays.length - 1]);
      result.missing += missing;
      // Past the stream's coalescing window (~100 ms), so each change is a message of its own.
      await sleep(500);
    }
    return result;
  } finally {
    await pool.close();
  }
}
