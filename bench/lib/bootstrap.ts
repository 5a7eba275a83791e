/**
 * Bootstrap 95 % intervals for percentiles and ratios of percentiles. Samples come in clusters
 * (one cluster per edit: every receiver's latency for that edit), and clusters are resampled
 * whole, because the receipts of one edit are not independent of each other.
 */

export interface Interval {
  /** The statistic on the data as measured. */
  estimate: number;
  low: number;
  high: number;
}

export interface BootstrapOptions {
  iterations?: number;
  /** Coverage, e.g. 0.95. */
  level?: number;
  /** Same seed, same interval: a report rendered again gives the same figures. */
  seed?: number;
}

/** A small fast PRNG (mulberry32), so intervals are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nearest-rank percentile (0–100) of the first `length` values; reorders them. NaN when empty. */
export function selectPercentile(values: Float64Array, length: number, p: number): number {
  if (length === 0) return Number.NaN;
  const k = Math.max(1, Math.ceil((p / 100) * length)) - 1;
  // Quickselect: the k-th smallest without sorting everything.
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/** Above this many samples, resamples are counted in 2 % buckets (as the latency histograms are) rather than copied. */
const EXACT_LIMIT = 20_000;
const BASE = 1.02;
const MIN = 0.01;
const bucketOf = (v: number) => (v <= MIN ? 0 : Math.floor(Math.log(v / MIN) / Math.log(BASE)) + 1);
const valueOf = (i: number) => (i === 0 ? MIN : MIN * BASE ** (i - 1) * Math.sqrt(BASE));

/** Clusters flattened once, so each resample only copies (or adds bucket counts). */
class Pool {
  private readonly flat: Float64Array;
  private readonly offsets: number[] = [0];
  private readonly scratch: Float64Array | null = null;
  /** Bucket mode: each cluster as (bucket, count) pairs. */
  private readonly buckets: { ids: Int32Array; counts: Float64Array; offsets: number[]; size: number[] } | null = null;
  private readonly tally: Float64Array | null = null;

  constructor(clusters: readonly (readonly number[])[]) {
    let total = 0;
    for (const c of clusters) {
      total += c.length;
      this.offsets.push(total);
    }
    this.flat = new Float64Array(total);
    clusters.forEach((c, i) => this.flat.set(c, this.offsets[i]));
    if (total <= EXACT_LIMIT) {
      // A resample can pick the largest cluster every time.
      const largest = clusters.reduce((m, c) => Math.max(m, c.length), 0);
      this.scratch = new Float64Array(largest * clusters.length);
      return;
    }
    const ids: number[] = [];
    const counts: number[] = [];
    const offsets = [0];
    let top = 0;
    for (const c of clusters) {
      const local = new Map<number, number>();
      for (const v of c) {
        const b = bucketOf(v);
        local.set(b, (local.get(b) ?? 0) + 1);
        top = Math.max(top, b);
      }
      for (const [b, n] of local) {
        ids.push(b);
        counts.push(n);
      }
      offsets.push(ids.length);
    }
    this.buckets = {
      ids: Int32Array.from(ids),
      counts: Float64Array.from(counts),
      offsets,
      size: clusters.map((c) => c.length),
    };
    this.tally = new Float64Array(top + 1);
  }

  get clusters(): number {
    return this.offsets.length - 1;
  }

  percentile(p: number): number {
    const copy = Float64Array.from(this.flat);
    return selectPercentile(copy, copy.length, p);
  }

  resamplePercentile(p: number, random: () => number): number {
    const n = this.clusters;
    if (this.buckets && this.tally) {
      const { ids, counts, offsets, size } = this.buckets;
      const tally = this.tally;
      tally.fill(0);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const c = Math.floor(random() * n);
        for (let j = offsets[c]!; j < offsets[c + 1]!; j++) tally[ids[j]!]! += counts[j]!;
        total += size[c]!;
      }
      if (total === 0) return Number.NaN;
      const rank = Math.max(1, Math.ceil((p / 100) * total));
      let seen = 0;
      for (let b = 0; b < tally.length; b++) {
        seen += tally[b]!;
        if (seen >= rank) return valueOf(b);
      }
      return valueOf(tally.length - 1);
    }
    const scratch = this.scratch!;
    let length = 0;
    for (let i = 0; i < n; i++) {
      const c = Math.floor(random() * n);
      const from = this.offsets[c]!;
      const to = this.offsets[c + 1]!;
      scratch.set(this.flat.subarray(from, to), length);
      length += to - from;
    }
    return selectPercentile(scratch, length, p);
  }
}

function interval(estimate: number, draws: number[], level: number): Interval {
  const finite = draws.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0 || !Number.isFinite(estimate)) return { estimate, low: Number.NaN, high: Number.NaN };
  const tail = (1 - level) / 2;
  const at = (q: number) => finite[Math.min(finite.length - 1, Math.max(0, Math.floor(q * finite.length)))]!;
  return { estimate, low: at(tail), high: at(1 - tail) };
}

/** Interval of the p-th percentile of the pooled samples. */
export function bootstrapPercentile(
  clusters: readonly (readonly number[])[],
  p: number,
  o: BootstrapOptions = {},
): Interval {
  const { iterations = 1000, level = 0.95, seed = 1 } = o;
  const pool = new Pool(clusters);
  const estimate = pool.percentile(p);
  if (pool.clusters === 0) return { estimate, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const draws: number[] = [];
  for (let i = 0; i < iterations; i++) draws.push(pool.resamplePercentile(p, random));
  return interval(estimate, draws, level);
}

/** Interval of (p-th percentile of `a`) ÷ (p-th percentile of `b`), each resampled on its own. */
export function bootstrapRatio(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  p: number,
  o: BootstrapOptions = {},
): Interval {
  const { iterations = 1000, level = 0.95, seed = 1 } = o;
  const pa = new Pool(a);
  const pb = new Pool(b);
  const estimate = pa.percentile(p) / pb.percentile(p);
  if (pa.clusters === 0 || pb.clusters === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const draws: number[] = [];
  for (let i = 0; i < iterations; i++) draws.push(pa.resamplePercentile(p, random) / pb.resamplePercentile(p, random));
  return interval(estimate, draws, level);
}

/** Interval of a ratio of means of per-run figures (e.g. CPU share of each run), resampling runs. */
export function bootstrapMeanRatio(a: readonly number[], b: readonly number[], o: BootstrapOptions = {}): Interval {
  const { iterations = 1000, level = 0.95, seed = 1 } = o;
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  if (a.length === 0 || b.length === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const pick = (xs: readonly number[]) => xs[Math.floor(random() * xs.length)]!;
  const draws: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let sa = 0;
    let sb = 0;
    for (let j = 0; j < a.length; j++) sa += pick(a);
    for (let j = 0; j < b.length; j++) sb += pick(b);
    draws.push(sa / a.length / (sb / b.length));
  }
  return interval(mean(a) / mean(b), draws, level);
}
