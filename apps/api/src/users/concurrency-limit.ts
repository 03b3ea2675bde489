/** What {@link ConcurrencyLimit.run} rejects with when the line is full: the task never ran. */
export class QueueFullError extends Error {
  constructor() {
    super('The waiting line is full');
    this.name = 'QueueFullError';
  }
}

/**
 * Runs at most `size` tasks at once; at most `queueLimit` others wait their turn in arrival order, and one
 * more is refused at once ({@link QueueFullError}): a line nobody bounds only turns overload into
 * seconds of waiting for everyone. A finished task hands its slot straight to the next one waiting, so a
 * steady stream of arrivals cannot overtake the queue.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly size: number,
    private readonly queueLimit = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer: ${size}`);
    if (!(queueLimit >= 0)) throw new RangeError(`queueLimit must not be negative: ${queueLimit}`);
  }

  /** Tasks started and not finished yet. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.size) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit) return Promise.reject(new QueueFullError());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
