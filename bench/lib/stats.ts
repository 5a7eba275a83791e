/**
 * Latency histograms with 2 % buckets (log scale from 10 µs to 10 min), cheap enough to record
 * millions of samples and small enough to send between processes.
 */
const BASE = 1.02;
const MIN_MS = 0.01;
const LOG_BASE = Math.log(BASE);
const BUCKETS = Math.ceil(Math.log(600_000 / MIN_MS) / LOG_BASE) + 2;

export interface HistogramJson {
  /** [bucket, count] pairs for non-empty buckets. */
  buckets: [number, number][];
  count: number;
  sum: number;
  max: number;
  min: number;
}

export class Histogram {
  private counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  max = 0;
  min = Number.POSITIVE_INFINITY;

  record(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    const i = v <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(v / MIN_MS) / LOG_BASE) + 1);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
    if (v < this.min) this.min = v;
  }

  merge(other: Histogram | HistogramJson): this {
    const h = other instanceof Histogram ? other.toJSON() : other;
    for (const [i, n] of h.buckets) this.counts[i] = (this.counts[i] ?? 0) + n;
    this.count += h.count;
    this.sum += h.sum;
    if (h.count > 0) {
      this.max = Math.max(this.max, h.max);
      this.min = Math.min(this.min, h.min);
    }
    return this;
  }

  /** The p-th percentile (0–100) in ms, to within 1 %; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) {
        if (i === 0) return Math.min(MIN_MS, this.max);
        // Geometric middle of the bucket, never beyond the largest sample seen.
        const lo = MIN_MS * BASE ** (i - 1);
        return Math.min(this.max, Math.max(this.min, lo * Math.sqrt(BASE)));
      }
    }
    return this.max;
  }

  get mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  toJSON(): HistogramJson {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) {
      const n = this.counts[i] ?? 0;
      if (n > 0) buckets.push([i, n]);
    }
    return { buckets, count: this.count, sum: this.sum, max: this.max, min: this.min };
  }

  static from(json: HistogramJson | undefined | null): Histogram {
    const h = new Histogram();
    if (json) h.merge(json);
    return h;
  }

  static mergeAll(list: (HistogramJson | Histogram | undefined | null)[]): Histogram {
    const h = new Histogram();
    for (const x of list) if (x) h.merge(x);
    return h;
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(h: Histogram): LatencySummary {
  return { count: h.count, p50: h.percentile(50), p99: h.percentile(99), max: h.count ? h.max : Number.NaN };
}

/** Exact percentile of a small list of numbers (nearest rank). */
export function percentileOf(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

export const median = (values: number[]): number => percentileOf(values, 50);

/** A number to a few significant figures for tables. */
export function fmt(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10 ** digits) return Math.round(value).toLocaleString('en-GB');
  return Number(value.toPrecision(digits)).toString();
}
