import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Bearer tokens handed out round-robin, one per request. */
  tokens?: string[];
}

export interface LoadResult {
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
  /**
   * API CPU time per request (µs), when the run was given the API's CPU clock: unlike req/s, it barely
   * moves when other work on the machine takes CPU away, so it compares builds on a noisy machine.
   */
  cpuUs?: number;
}

/** CPU seconds the API processes have used so far (ApiCluster.cpuSeconds). */
export type CpuClock = () => number;

/** One autocannon run; tokens rotate per request so every request is a different shopper. */
export async function load(
  url: string,
  request: LoadRequest,
  connections: number,
  seconds: number,
  cpu?: CpuClock,
): Promise<LoadResult> {
  let turn = 0;
  const cpuBefore = cpu?.();
  const tokens = request.tokens ?? [];
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: request.method,
        path: request.path,
        body: request.body,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          if (tokens.length === 0) return req;
          const token = tokens[turn++ % tokens.length];
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } };
        },
      },
    ],
  });
  const cpuUsed = cpu && cpuBefore !== undefined ? cpu() - cpuBefore : undefined;
  return {
    ...(cpuUsed === undefined ? {} : { cpuUs: (cpuUsed * 1e6) / Math.max(result.requests.total, 1) }),
    rps: result.requests.average,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** A warm-up, then three measured runs; the run with the median req/s is reported. */
export async function measure(
  url: string,
  request: LoadRequest,
  connections: number,
  seconds: number,
  cpu?: CpuClock,
): Promise<LoadResult> {
  await load(url, request, connections, Math.max(2, Math.round(seconds / 3)));
  const runs: LoadResult[] = [];
  for (let i = 0; i < 3; i++) runs.push(await load(url, request, connections, seconds, cpu));
  runs.sort((a, b) => a.rps - b.rps);
  return runs[1];
}

export interface PairedResult {
  /** The scenario's run of the median pair. */
  result: LoadResult;
  /** The reference's run of that pair. */
  reference: LoadResult;
  /** scenario req/s over reference req/s: the median of three pairs. */
  ratio: number;
}

/**
 * A ratio that survives a noisy machine: three pairs of back-to-back runs (reference, then scenario), each
 * pair giving one ratio, and the pair with the median ratio reported. Other work on the machine that starts
 * or stops during the scenario shifts both halves of a pair alike, where one baseline for all would not.
 */
export async function measureAgainst(
  url: string,
  request: LoadRequest,
  reference: LoadRequest,
  connections: number,
  seconds: number,
  cpu?: CpuClock,
): Promise<PairedResult> {
  await load(url, request, connections, Math.max(2, Math.round(seconds / 3)));
  const pairs: PairedResult[] = [];
  for (let i = 0; i < 3; i++) {
    const base = await load(url, reference, connections, seconds, cpu);
    const result = await load(url, request, connections, seconds, cpu);
    pairs.push({ result, reference: base, ratio: result.rps / Math.max(base.rps, 1) });
  }
  pairs.sort((a, b) => a.ratio - b.ratio);
  return pairs[1];
}
