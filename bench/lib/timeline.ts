/** What a crowd looked like each `bucketMs`: for the HTML report's charts (and the JSON). */
export interface TimelineBucket {
  /** The bucket's end, ms after the crowd started. */
  atMs: number;
  /** Units not yet sold by then, as the crowd learnt it (units minus 201 answers received so far). */
  unitsLeft: number;
  /** Answers received in this bucket, by status (`0`: a network error). */
  answers: Record<string, number>;
  /** Latency on the wire (answer minus the moment the request got its socket) of this bucket's answers, ms. */
  p50?: number;
  p90?: number;
  p99?: number;
}

export interface Timeline {
  title: string;
  bucketMs: number;
  units: number;
  buckets: TimelineBucket[];
}

/** One request of a crowd, times in ms after the crowd started. */
export interface TimedAnswer {
  status: number;
  sentMs: number;
  doneMs: number;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export function buildTimeline(
  title: string,
  answers: readonly TimedAnswer[],
  units: number,
  bucketMs = 100,
): Timeline {
  const end = Math.max(bucketMs, ...answers.map((a) => a.doneMs));
  const count = Math.ceil(end / bucketMs);
  const byBucket: TimedAnswer[][] = Array.from({ length: count }, () => []);
  for (const answer of answers) {
    byBucket[Math.min(count - 1, Math.floor(answer.doneMs / bucketMs))].push(answer);
  }
  let sold = 0;
  const buckets = byBucket.map((inBucket, i): TimelineBucket => {
    const statuses: Record<string, number> = {};
    for (const { status } of inBucket) statuses[status] = (statuses[status] ?? 0) + 1;
    sold += statuses['201'] ?? 0;
    const latencies = inBucket.map((a) => a.doneMs - a.sentMs).sort((a, b) => a - b);
    const bucket: TimelineBucket = { atMs: (i + 1) * bucketMs, unitsLeft: units - sold, answers: statuses };
    if (latencies.length > 0) {
      Object.assign(bucket, {
        p50: percentile(latencies, 0.5),
        p90: percentile(latencies, 0.9),
        p99: percentile(latencies, 0.99),
      });
    }
    return bucket;
  });
  return { title, bucketMs, units, buckets };
}
