/** Samples closer together than this reuse the last rate: a burst of reads would otherwise measure noise. */
export const MIN_SAMPLE_INTERVAL_MS = 500;
/** A sample older than this is too old to measure against: the next read starts afresh (rate 0). */
export const STALE_SAMPLE_MS = 10_000;

interface Sample {
  at: number;
  attempts: number;
  rate: number;
}

/**
 * Reserve requests per second per sale: the change of the sale's attempt counter (holds taken plus every
 * rejection, totals across all processes) between this process's last two reads, divided by the time
 * between them by the Redis clock. The admin stream reads every second, so that is the sampling interval;
 * a read with no recent sample before it answers 0. A counter that went down (Redis lost its data and the
 * sale was rebuilt) also answers 0 rather than a negative rate.
 */
export class ReserveRateMeter {
  private readonly samples = new Map<string, Sample>();

  sample(saleId: string, attempts: number, at: number): number {
    const previous = this.samples.get(saleId);
    const elapsed = previous ? at - previous.at : Number.POSITIVE_INFINITY;
    if (previous && elapsed >= 0 && elapsed < MIN_SAMPLE_INTERVAL_MS) return previous.rate;
    const rate =
      previous && elapsed >= 0 && elapsed <= STALE_SAMPLE_MS
        ? Math.max(0, attempts - previous.attempts) / (elapsed / 1000)
        : 0;
    const rounded = Math.round(rate * 100) / 100;
    this.forgetStale(at);
    this.samples.set(saleId, { at, attempts, rate: rounded });
    return rounded;
  }

  private forgetStale(now: number): void {
    for (const [saleId, sample] of this.samples) {
      if (now - sample.at > STALE_SAMPLE_MS) this.samples.delete(saleId);
    }
  }
}
