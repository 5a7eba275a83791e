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

/** A cluster already counted in 2 % buckets, as a latency histogram (`HistogramJson`) is. */
export interface BucketCluster {
  /** [bucket, count] pairs. */
  buckets: readonly (readonly [number, number])[];
  count: number;
}

/** A cluster of samples counted in 2 % buckets. */
function bucketed(values: readonly number[]): BucketCluster {
  const local = new Map<number, number>();
  for (const v of values) {
    const b = bucketOf(v);
    local.set(b, (local.get(b) ?? 0) + 1);
  }
  return { buckets: [...local], count: values.length };
}

/** Clusters as bucket counts: each resample adds the counts of the clusters it picks. */
class BucketPool {
  private readonly ids: Int32Array;
  private readonly counts: Float64Array;
  private readonly offsets: number[] = [0];
  private readonly size: number[];
  private readonly tally: Float64Array;

  constructor(clusters: readonly BucketCluster[]) {
    const ids: number[] = [];
    const counts: number[] = [];
    let top = 0;
    for (const c of clusters) {
      for (const [b, n] of c.buckets) {
        ids.push(b);
        counts.push(n);
        top = Math.max(top, b);
      }
      this.offsets.push(ids.length);
    }
    this.ids = Int32Array.from(ids);
    this.counts = Float64Array.from(counts);
    this.size = clusters.map((c) => c.count);
    this.tally = new Float64Array(top + 1);
  }

  get clusters(): number {
    return this.size.length;
  }

  /** The p-th percentile of every cluster once. */
  percentile(p: number): number {
    return this.tallied(p, (i) => i);
  }

  resamplePercentile(p: number, random: () => number): number {
    const n = this.clusters;
    return this.tallied(p, () => Math.floor(random() * n));
  }

  /** Counts n clusters, the i-th being `pick(i)`, and reads the p-th percentile off the tally. */
  private tallied(p: number, pick: (i: number) => number): number {
    const { ids, counts, offsets, size, tally } = this;
    tally.fill(0);
    let total = 0;
    for (let i = 0; i < size.length; i++) {
      const c = pick(i);
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
}

/** Clusters flattened once, so each resample only copies (or, when large, adds bucket counts). */
class Pool {
  private readonly flat: Float64Array;
  private readonly offsets: number[] = [0];
  private readonly scratch: Float64Array | null = null;
  private readonly buckets: BucketPool | null = null;

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
    this.buckets = new BucketPool(clusters.map(bucketed));
  }

  get clusters(): number {
    return this.offsets.length - 1;
  }

  percentile(p: number): number {
    const copy = Float64Array.from(this.flat);
    return selectPercentile(copy, copy.length, p);
  }

  resamplePercentile(p: number, random: () => number): number {
    if (this.buckets) return this.buckets.resamplePercentile(p, random);
    const n = this.clusters;
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

/** What both pools answer: a percentile as measured and one of a resample. */
interface Resampled {
  readonly clusters: number;
  percentile(p: number): number;
  resamplePercentile(p: number, random: () => number): number;
}

/** Interval of the ratio of two pools' p-th percentiles, each resampled on its own. */
function ratioInterval(pa: Resampled, pb: Resampled, p: number, o: BootstrapOptions): Interval {
  const { iterations = 1000, level = 0.95, seed = 1 } = o;
  const estimate = pa.percentile(p) / pb.percentile(p);
  if (pa.clusters === 0 || pb.clusters === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  const random = seededRandom(seed);
  const draws: number[] = [];
  for (let i = 0; i < iterations; i++) draws.push(pa.resamplePercentile(p, random) / pb.resamplePercentile(p, random));
  return interval(estimate, draws, level);
}

/** Interval of (p-th percentile of `a`) ÷ (p-th percentile of `b`), each resampled on its own. */
export function bootstrapRatio(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  p: number,
  o: BootstrapOptions = {},
): Interval {
  return ratioInterval(new Pool(a), new Pool(b), p, o);
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

/**
 * Interval of (p-th percentile of `a`) ÷ (p-th percentile of `b`) where each side's samples come
 * as histograms, one per cluster (e.g. a step's latencies by the slice of time their edit was sent
 * in): whole histograms are resampled, each side on its own.
 */
export function bootstrapHistogramRatio(
  a: readonly BucketCluster[],
  b: readonly BucketCluster[],
  p: number,
  o: BootstrapOptions = {},
): Interval {
  return ratioInterval(new BucketPool(a), new BucketPool(b), p, o);
}
