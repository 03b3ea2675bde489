/**
 * A short-lived in-process cache of on-hand stock per product. Correct for this process's own writes: a
 * write invalidates the product, and a sum that was being computed while a write happened is not stored
 * (it may predate the write). Writes of other processes show up within `ttlMs`.
 */
export class StockCache {
  private readonly entries = new Map<string, { value: number; expiresAt: number }>();
  /** Logical clock: ticks on every write. */
  private clock = 0;
  /** Clock value of the last write per product; products not listed were last written at or before `floor`. */
  private readonly lastWrite = new Map<string, number>();
  private floor = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  /** Take before reading the ledger; hand it back to `set`. */
  snapshot(): number {
    return this.clock;
  }

  get(productId: string): number | undefined {
    const entry = this.entries.get(productId);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry.value;
    this.entries.delete(productId);
    return undefined;
  }

  set(productId: string, value: number, snapshot: number): void {
    if ((this.lastWrite.get(productId) ?? this.floor) > snapshot) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(productId, { value, expiresAt: Date.now() + this.ttlMs });
  }

  invalidate(productId: string): void {
    this.entries.delete(productId);
    this.lastWrite.set(productId, ++this.clock);
    if (this.lastWrite.size > this.maxEntries) {
      // Forget per-product history; `floor` keeps every forgotten write counted as "recent".
      this.lastWrite.clear();
      this.entries.clear();
      this.floor = this.clock;
    }
  }
}
