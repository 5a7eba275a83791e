/**
 * Whether a goal is met, from an interval rather than a point: met only when the whole interval
 * is on the right side of the threshold, missed only when the whole of it is on the wrong side,
 * and undecided when the threshold falls inside it.
 */

export type Verdict = 'met' | 'missed' | 'undecided';

export interface Threshold {
  /** `<=`: the figure must not exceed `value`; `>=`: it must reach it. */
  op: '<=' | '>=';
  value: number;
}

export function verdict(interval: { low: number; high: number }, t: Threshold): Verdict | null {
  const { low, high } = interval;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
  if (t.op === '<=') {
    if (high <= t.value) return 'met';
    if (low > t.value) return 'missed';
    return 'undecided';
  }
  if (low >= t.value) return 'met';
  if (high < t.value) return 'missed';
  return 'undecided';
}

/** The verdict as the old yes/no field: undecided is neither. */
export function metOf(v: Verdict | null): boolean | null {
  return v === 'met' ? true : v === 'missed' ? false : null;
}

/** "met" / "**missed**" / "undecided" for the table; "—" when there is nothing to judge. */
export function verdictText(v: Verdict | null | undefined): string {
  return v === 'met' ? 'met' : v === 'missed' ? '**missed**' : v === 'undecided' ? 'undecided' : '—';
}
