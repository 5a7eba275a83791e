/**
 * Krippendorff's alpha, computed as in Krippendorff's "Computing Krippendorff's Alpha-Reliability"
 * (2011): a coincidence matrix from every unit with two or more values, then one minus observed
 * over expected disagreement. Who gave which value does not matter, only which values share a unit.
 */

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

/** One unit's pairable values (missing ones left out). Ordinal values need only sort correctly. */
export type Unit = readonly number[];

/** A unit's share of the coincidence matrix, flat (size × size): each ordered pair of its values, weighted 1/(m−1). */
function contribution(unit: Unit, index: Map<number, number>, size: number): Float64Array | null {
  const m = unit.length;
  if (m < 2) return null;
  const counts = new Map<number, number>();
  for (const v of unit) {
    const i = index.get(v)!;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const cells = new Float64Array(size * size);
  for (const [c, nc] of counts)
    for (const [k, nk] of counts) cells[c * size + k] = (c === k ? nc * (nc - 1) : nc * nk) / (m - 1);
  return cells;
}

/** Squared distance between the i-th and j-th distinct values, given their marginal totals (flat). */
function distances(metric: AlphaMetric, values: readonly number[], marginals: Float64Array): Float64Array {
  const size = values.length;
  const d = new Float64Array(size * size);
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
      d[i * size + j] = delta;
      d[j * size + i] = delta;
    }
  return d;
}

/** Alpha from the summed coincidence matrix; null when fewer than two pairable values or no variation. */
function alphaOf(matrix: Float64Array, values: readonly number[], metric: AlphaMetric): number | null {
  const size = values.length;
  const marginals = new Float64Array(size);
  let n = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) marginals[c]! += matrix[c * size + k]!;
    n += marginals[c]!;
  }
  if (n < 2) return null;
  const d = distances(metric, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++)
    for (let k = 0; k < size; k++) {
      observed += matrix[c * size + k]! * d[c * size + k]!;
      expected += marginals[c]! * marginals[k]! * d[c * size + k]!;
    }
  // No variation: every pairable value is the same, and alpha is undefined (0/0), not a number.
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

interface Prepared {
  values: number[];
  contributions: Float64Array[];
}

function prepare(units: readonly Unit[]): Prepared {
  const values = [...new Set(units.filter((u) => u.length >= 2).flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const contributions: Float64Array[] = [];
  for (const unit of units) {
    const c = contribution(unit, index, values.length);
    if (c) contributions.push(c);
  }
  return { values, contributions };
}

function sumInto(matrix: Float64Array, picked: Iterable<Float64Array>): Float64Array {
  matrix.fill(0);
  for (const cells of picked) for (let i = 0; i < cells.length; i++) matrix[i]! += cells[i]!;
  return matrix;
}

/** Krippendorff's alpha over units of values; null (never NaN) where it is undefined. */
export function krippendorffAlpha(units: readonly Unit[], metric: AlphaMetric): number | null {
  const { values, contributions } = prepare(units);
  return alphaOf(sumInto(new Float64Array(values.length ** 2), contributions), values, metric);
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
  // About 100,000 unit draws at most (and never fewer than 200 resamples): a review with a
  // thousand rounds still answers in milliseconds.
  samples ??= Math.max(200, Math.min(1000, Math.floor(100_000 / Math.max(1, contributions.length))));
  const matrix = new Float64Array(values.length ** 2);
  if (contributions.length < 2 || alphaOf(sumInto(matrix, contributions), values, metric) === null) return null;
  // Units that voted alike contribute alike: draw units, count each pattern, add each pattern once.
  const patternOf = new Map<string, number>();
  const patterns: Float64Array[] = [];
  const unitPattern = contributions.map((cells) => {
    const key = cells.join(',');
    let p = patternOf.get(key);
    if (p === undefined) {
      patternOf.set(key, (p = patterns.length));
      patterns.push(cells);
    }
    return p;
  });
  const random = seededRandom(seed);
  const alphas: number[] = [];
  const counts = new Float64Array(patterns.length);
  for (let s = 0; s < samples; s++) {
    counts.fill(0);
    for (let i = 0; i < unitPattern.length; i++) counts[unitPattern[Math.floor(random() * unitPattern.length)]!]!++;
    matrix.fill(0);
    patterns.forEach((cells, p) => {
      const times = counts[p]!;
      if (times > 0) for (let i = 0; i < cells.length; i++) matrix[i]! += times * cells[i]!;
    });
    const alpha = alphaOf(matrix, values, metric);
    if (alpha !== null) alphas.push(alpha);
  }
  if (alphas.length < 2) return null;
  alphas.sort((a, b) => a - b);
  const at = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(q * (alphas.length - 1))))]!;
  return [at(0.025), at(0.975)];
}
