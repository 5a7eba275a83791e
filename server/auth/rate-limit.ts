/**
 * Fixed-window failure counter with a bounded table: enough to make password guessing slow
 * without a shared store. One instance per process.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds to wait before another attempt, 0 while under the limit. Counts nothing. */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || w.count < this.limit) return 0;
    // A window that has ended holds nobody back, however many failures it counted.
    return Math.max(0, Math.ceil((w.resetAt - now) / 1000));
  }

  /** Count one failure. */
  fail(key: string, now = Date.now()): void {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      // Pruned only when full, so a failure costs O(1); pruning sooner would forget only ended windows, which count as absent.
      if (this.windows.size >= this.maxKeys) this.prune(now);
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count++;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    // Still full of live windows: drop the oldest rather than grow without bound.
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}
