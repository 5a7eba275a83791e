import { describe, expect, it } from 'vitest';
import { RateSearch, twoFigures } from './rate-search.ts';

/** Drive a search against a server that passes every rate up to `limit`; returns the rates offered. */
function run(search: RateSearch, passes: (rate: number, attempt: number) => boolean): number[] {
  const offered: number[] = [];
  const attempts = new Map<number, number>();
  for (let rate = search.next(); rate !== null; rate = search.next()) {
    offered.push(rate);
    const n = (attempts.get(rate) ?? 0) + 1;
    attempts.set(rate, n);
    search.record(passes(rate, n));
  }
  return offered;
}

describe('twoFigures', () => {
  it('rounds to two significant figures', () => {
    expect(twoFigures(318.2)).toBe(320);
    expect(twoFigures(2563)).toBe(2600);
    expect(twoFigures(97.4)).toBe(97);
  });
});

describe('RateSearch', () => {
  it('doubles while passing, then bisects to two significant figures of the limit', () => {
    const search = new RateSearch({ start: 250 });
    const offered = run(search, (rate) => rate <= 2563);
    expect(offered.slice(0, 5)).toEqual([250, 500, 1000, 2000, 4000]);
    expect(search.best).toBeLessThanOrEqual(2563);
    expect(search.best).toBeGreaterThanOrEqual(2400);
    expect(search.firstFailure).toBeGreaterThan(2563);
    expect(twoFigures(Math.sqrt(search.best * search.firstFailure))).toSatisfy(
      (mid: number) => mid === search.best || mid === search.firstFailure,
    );
  });

  it('tries a failing rate a second time before counting it as failed', () => {
    const search = new RateSearch({ start: 250 });
    const offered = run(search, (rate) => rate <= 300);
    expect(offered.filter((r) => r === 500)).toHaveLength(2);
    expect(search.best).toBeGreaterThanOrEqual(270);
    expect(search.best).toBeLessThanOrEqual(300);
  });

  it('counts a rate that passes on its second try as passed', () => {
    const search = new RateSearch({ start: 250, max: 1000 });
    run(search, (rate, attempt) => rate < 1000 || attempt === 2);
    expect(search.best).toBe(1000);
    expect(search.firstFailure).toBe(Number.POSITIVE_INFINITY);
  });

  it('bisects down from the start when the first rate fails', () => {
    const search = new RateSearch({ start: 250, min: 10 });
    run(search, (rate) => rate <= 60);
    expect(search.best).toBeGreaterThanOrEqual(55);
    expect(search.best).toBeLessThanOrEqual(60);
  });

  it('ends with nothing passed when even the minimum fails', () => {
    const search = new RateSearch({ start: 250, min: 10 });
    run(search, () => false);
    expect(search.best).toBe(0);
  });

  it('stops at its step bound', () => {
    const search = new RateSearch({ start: 250, maxSteps: 3 });
    expect(run(search, () => true)).toHaveLength(3);
  });
});
