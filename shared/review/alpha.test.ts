import { describe, expect, it } from 'vitest';
import { bootstrapAlpha, krippendorffAlpha, seededRandom, type Unit } from './alpha.ts';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: four observers
// (rows) code twelve units (columns); null is a missing value.
const observers: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];
const units: Unit[] = observers[0]!.map((_, u) =>
  observers.map((row) => row[u]).filter((v): v is number => v !== null && v !== undefined),
);

describe("Krippendorff's alpha", () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
  ] as const)('reproduces the published %s alpha of the worked example (%s)', (metric, published) => {
    expect(krippendorffAlpha(units, metric)!.toFixed(3)).toBe(published.toFixed(3));
  });

  it('leaves out units with one value: unit 12 changes nothing', () => {
    expect(krippendorffAlpha(units.slice(0, 11), 'ordinal')).toBeCloseTo(krippendorffAlpha(units, 'ordinal')!, 12);
  });

  it('is 1 for perfect agreement with variation, and ranks only the order of ordinal values', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 1, 1],
          [3, 3],
          [2, 2, 2],
        ],
        'ordinal',
      ),
    ).toBe(1);
    const spaced = units.map((u) => u.map((v) => v * v * 10));
    expect(krippendorffAlpha(spaced, 'ordinal')).toBeCloseTo(krippendorffAlpha(units, 'ordinal')!, 12);
  });

  it.each([
    ['no units', []],
    ['no unit with two values', [[1], [2], [3]]],
    [
      'no variation at all',
      [
        [2, 2],
        [2, 2, 2],
      ],
    ],
    ['a single pair', [[3, 3]]],
  ] as [string, Unit[]][])('is null, not NaN, with %s', (_what, data) => {
    for (const metric of ['nominal', 'ordinal', 'interval'] as const) {
      expect(krippendorffAlpha(data, metric)).toBeNull();
      expect(bootstrapAlpha(data, metric)).toBeNull();
    }
  });

  it('is below zero when disagreement is systematic', () => {
    expect(
      krippendorffAlpha(
        [
          [1, 2],
          [2, 1],
          [1, 2],
        ],
        'nominal',
      )!,
    ).toBeLessThan(0);
  });
});

describe('bootstrapped interval', () => {
  it('brackets the example alpha and is the same for the same seed', () => {
    const alpha = krippendorffAlpha(units, 'ordinal')!;
    const ci = bootstrapAlpha(units, 'ordinal', { seed: 7 })!;
    expect(ci[0]).toBeLessThanOrEqual(alpha);
    expect(ci[1]).toBeGreaterThanOrEqual(alpha);
    expect(ci[1]).toBeLessThanOrEqual(1);
    expect(bootstrapAlpha(units, 'ordinal', { seed: 7 })).toEqual(ci);
    expect(bootstrapAlpha(units, 'ordinal', { seed: 8 })).not.toEqual(ci);
  });

  it('is a single point when every resample agrees perfectly', () => {
    expect(
      bootstrapAlpha(
        [
          [1, 1],
          [4, 4],
          [2, 2],
        ],
        'ordinal',
      ),
    ).toEqual([1, 1]);
  });

  it('gives random votes an alpha near zero, inside its interval', () => {
    const random = seededRandom(1);
    const noise: Unit[] = Array.from({ length: 1000 }, () =>
      Array.from({ length: 8 }, () => 1 + Math.floor(random() * 4)),
    );
    const alpha = krippendorffAlpha(noise, 'ordinal')!;
    expect(Math.abs(alpha)).toBeLessThan(0.02);
    const [lo, hi] = bootstrapAlpha(noise, 'ordinal')!;
    expect(lo).toBeLessThan(alpha);
    expect(hi).toBeGreaterThan(alpha);
  });
});
