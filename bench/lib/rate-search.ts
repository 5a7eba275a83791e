/**
 * The highest rate a server sustains, found by search rather than read off a ramp: the rate
 * doubles while steps pass, then the interval between the last pass and the first failure is
 * halved (geometrically, at two significant figures) until no rate lies between them. A failing
 * step is tried once more before it counts as a failure, so one unlucky step does not end it.
 */

export interface RateSearchOptions {
  start: number;
  /** Growth while passing. */
  factor?: number;
  /** Never offer more than this. */
  max?: number;
  /** Never bisect below this (the answer is then 0 or `min`). */
  min?: number;
  /** Bound on steps, retries included. */
  maxSteps?: number;
}

/** Round to two significant figures: finer than that the measurement cannot tell rates apart. */
export function twoFigures(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return x;
  const magnitude = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.round(x / magnitude) * magnitude;
}

export class RateSearch {
  /** Highest passing rate so far (0: none yet). */
  best = 0;
  /** Lowest failing rate so far (Infinity: none yet). */
  firstFailure = Number.POSITIVE_INFINITY;
  steps = 0;
  private current: number | null;
  private retrying = false;
  private readonly factor: number;
  private readonly max: number;
  private readonly min: number;
  private readonly maxSteps: number;

  constructor(o: RateSearchOptions) {
    this.factor = o.factor ?? 2;
    this.max = o.max ?? 100_000;
    this.min = o.min ?? 10;
    this.maxSteps = o.maxSteps ?? 20;
    this.current = Math.min(o.start, this.max);
  }

  /** The rate to offer next, or null when the search is over. */
  next(): number | null {
    return this.steps >= this.maxSteps ? null : this.current;
  }

  /** Whether the step about to be offered is the second try of a failed rate. */
  get isRetry(): boolean {
    return this.retrying;
  }

  record(pass: boolean): void {
    const rate = this.current;
    if (rate === null) throw new Error('the search is over');
    this.steps++;
    if (!pass && !this.retrying) {
      this.retrying = true;
      return;
    }
    this.retrying = false;
    if (pass) this.best = Math.max(this.best, rate);
    else this.firstFailure = Math.min(this.firstFailure, rate);
    this.current = this.choose();
  }

  private choose(): number | null {
    if (!Number.isFinite(this.firstFailure)) {
      if (this.best >= this.max) return null;
      return Math.min(this.max, twoFigures(this.best * this.factor));
    }
    const lo = Math.max(this.best, this.min);
    if (this.firstFailure <= lo) return null;
    const mid = twoFigures(Math.sqrt(lo * this.firstFailure));
    return mid > lo && mid < this.firstFailure ? mid : null;
  }
}
