/**
 * Krippendorff's alpha, computed as in Krippendorff's "Computing Krippendorff's Alpha-Reliability"
 * (2011): a coincidence matrix from every unit with two or more values, then one minus observed
 * over expected disagreement. Who gave which value does not matter, only which values share a unit.
 */

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/** One unit's pairable values (missing ones left out). Ordinal values need only sort correctly. */
export type Unit = readonly number[];

/** A unit's share of the coincidence matrix: each ordered pair of its values, weighted 1/(m−1). */
interface Contribution {
  cells: { c: number; k: number; w: number }[];
}

function contribution(unit: Unit, index: Map<number, number>): Contribution | null {
  const m = unit.length;
  if (m < 2) return null;
  const counts = new Map<number, number>();
  for (const v of unit) {
    const i = index.get(v)!;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const cells: Contribution['cells'] = [];
  for (const [c, nc] of counts)
    for (const [k, nk] of counts) {
      const pairs = c === k ? nc * (nc - 1) : nc * nk;
      if (pairs > 0) cells.push({ c, k, w: pairs / (m - 1) });
    }
  return { cells };
}

/** Squared distance between the i-th and j-th distinct values, given their marginal totals. */
function distances(metric: AlphaMetric, values: readonly number[], marginals: readonly number[]): number[][] {
  const size = values.length;
  const d = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++)
    for (let j = i + 1; j < size; j++) {
      let delta: number;
      if (metric === 'nominal') delta = 1;
      else if (metric === 'interval') delta = (values[i]! - values[j]!) ** 2;
      else {
        // Ordinal: the marginal mass between the two ranks, half of each end counted.
        let between = 0;
        for (let g = i; g <= j; g++) between += marginals[g]!;
        delta = (between - (marginals[i]! + marginals[j]!) / 2) ** 2;
      }
      d[i]![j] = delta;
      d[j]![i] = delta;
    }
  return d;
}

/** Alpha from the summed coincidence matrix; null when fewer than two pairable values or no variation. */
function alphaOf(matrix: readonly number[][], values: readonly number[], metric: AlphaMetric): number | null {
  const size = values.length;
  const marginals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const n = marginals.reduce((a, b) => a + b, 0);
  if (n < 2) return null;
  const d = distances(metric, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++)
    for (let k = 0; k < size; k++) {
      observed += matrix[c]![k]! * d[c]![k]!;
      expected += marginals[c]! * marginals[k]! * d[c]![k]!;
    }
  // No variation: every pairable value is the same, and alpha is undefined (0/0), not a number.
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

interface Prepared {
  values: number[];
  contributions: Contribution[];
}

function prepare(units: readonly Unit[]): Prepared {
  const values = [...new Set(units.filter((u) => u.length >= 2).flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const contributions: Contribution[] = [];
  for (const unit of units) {
    const c = contribution(unit, index);
    if (c) contributions.push(c);
  }
  return { values, contributions };
}

function sumMatrix(size: number, picked: Iterable<Contribution>): number[][] {
  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const { cells } of picked) for (const { c, k, w } of cells) matrix[c]![k]! += w;
  return matrix;
}

/** Krippendorff's alpha over units of values; null (never NaN) where it is undefined. */
export function krippendorffAlpha(units: readonly Unit[], metric: AlphaMetric): number | null {
  const { values, contributions } = prepare(units);
  return alphaOf(sumMatrix(values.length, contributions), values, metric);
}

/** A small seeded generator (mulberry32), so a bootstrap gives the same interval every time. */
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

export interface BootstrapOptions {
  /** Resamples drawn; by default 1000, fewer for very many units so one request stays short. */
  samples?: number;
  seed?: number;
}

/**
 * A 95% interval for alpha by resampling units with replacement: the 2.5th and 97.5th percentiles
 * of alpha over the resamples where it is defined. Null when alpha itself is undefined, or when
 * fewer than two units can be resampled (one unit says nothing about how alpha varies).
 */
export function bootstrapAlpha(
  units: readonly Unit[],
  metric: AlphaMetric,
  { samples, seed = 20110101 }: BootstrapOptions = {},
): [number, number] | null {
  const { values, contributions } = prepare(units);
  // About 200,000 unit draws at most: a 2,000-round review still answers in tens of milliseconds.
  samples ??= Math.max(200, Math.min(1000, Math.floor(200_000 / Math.max(1, contributions.length))));
  if (contributions.length < 2 || alphaOf(sumMatrix(values.length, contributions), values, metric) === null)
    return null;
  const random = seededRandom(seed);
  const alphas: number[] = [];
  const picked: Contribution[] = new Array<Contribution>(contributions.length);
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < picked.length; i++) picked[i] = contributions[Math.floor(random() * contributions.length)]!;
    const alpha = alphaOf(sumMatrix(values.length, picked), values, metric);
    if (alpha !== null) alphas.push(alpha);
  }
  if (alphas.length < 2) return null;
  alphas.sort((a, b) => a - b);
  const at = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(q * (alphas.length - 1))))]!;
  return [at(0.025), at(0.975)];
}
