import { describe, expect, it } from 'vitest';
import { Histogram } from './stats.ts';
import {
  bootstrapHistogramRatio,
  bootstrapMeanRatio,
  bootstrapPercentile,
  bootstrapRatio,
  seededRandom,
  selectPercentile,
} from './bootstrap.ts';

const clusters = (values: number[]) => values.map((v) => [v]);
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('selectPercentile', () => {
  it('finds the nearest-rank percentile as a sort would', () => {
    const random = seededRandom(7);
    const values = range(1001, () => Math.round(random() * 1000));
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [1, 50, 90, 99, 100]) {
      const rank = Math.max(1, Math.ceil((p / 100) * values.length));
      expect(selectPercentile(Float64Array.from(values), values.length, p)).toBe(sorted[rank - 1]);
    }
  });

  it('is NaN for no values', () => {
    expect(selectPercentile(new Float64Array(0), 0, 50)).toBeNaN();
  });
});

describe('bootstrapPercentile', () => {
  it('brackets the estimate, and narrows as samples grow', () => {
    const random = seededRandom(3);
    const small = bootstrapPercentile(clusters(range(100, () => random() * 10)), 50);
    const large = bootstrapPercentile(clusters(range(10_000, () => random() * 10)), 50);
    for (const i of [small, large]) {
      expect(i.low).toBeLessThanOrEqual(i.estimate);
      expect(i.high).toBeGreaterThanOrEqual(i.estimate);
    }
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeLessThan(5.2);
    expect(large.high).toBeGreaterThan(4.8);
  });

  it('is the same for the same seed', () => {
    const data = clusters(range(500, (i) => (i * 37) % 101));
    expect(bootstrapPercentile(data, 99, { seed: 5 })).toEqual(bootstrapPercentile(data, 99, { seed: 5 }));
  });

  it('resamples clusters whole: one slow edit seen by everyone widens the interval', () => {
    // 100 edits × 50 receivers: independent receipts vs the same latency for every receiver of an edit.
    const random = seededRandom(11);
    const perEdit = range(100, () => random() * 10);
    const correlated = perEdit.map((v) => range(50, () => v));
    const independent = correlated.flat().map((v) => [v]);
    const a = bootstrapPercentile(correlated, 90);
    const b = bootstrapPercentile(independent, 90);
    expect(a.estimate).toBe(b.estimate);
    expect(a.high - a.low).toBeGreaterThan(2 * (b.high - b.low));
  });

  it('has no interval without samples', () => {
    const i = bootstrapPercentile([], 99);
    expect(i.low).toBeNaN();
    expect(i.high).toBeNaN();
  });
});

describe('bootstrapRatio', () => {
  it('clears 1 when one sample is clearly slower, and straddles it when both are alike', () => {
    const random = seededRandom(9);
    const fast = clusters(range(2000, () => 1 + random()));
    const slow = clusters(range(2000, () => 3 + random()));
    const same = clusters(range(2000, () => 1 + random()));
    const clear = bootstrapRatio(slow, fast, 99);
    expect(clear.low).toBeGreaterThan(1);
    expect(clear.estimate).toBeGreaterThan(1.9);
    const alike = bootstrapRatio(same, fast, 50);
    expect(alike.low).toBeLessThan(1);
    expect(alike.high).toBeGreaterThan(1);
  });

  it('has no interval when either side is empty', () => {
    expect(bootstrapRatio([], [[1]], 50).estimate).toBeNaN();
  });
});

describe('bootstrapHistogramRatio', () => {
  /** 20 slices of 1,000 latencies each around `base`; in `stalled` slices, three tenths of them take `stall` ms. */
  const slices = (seed: number, base: number, stalled: number[] = [], stall = 0) => {
    const random = seededRandom(seed);
    return range(20, (k) => {
      const h = new Histogram();
      for (let i = 0; i < 1000; i++) h.record(stalled.includes(k) && i % 10 < 3 ? stall : base + random());
      return h.toJSON();
    });
  };

  it('matches the pooled histograms’ ratio, and clears 1 when one side is clearly slower', () => {
    const fast = slices(1, 2);
    const slow = slices(2, 6);
    const i = bootstrapHistogramRatio(slow, fast, 99);
    const pooled = Histogram.mergeAll(slow).percentile(99) / Histogram.mergeAll(fast).percentile(99);
    expect(i.estimate).toBeGreaterThan(pooled / 1.03);
    expect(i.estimate).toBeLessThan(pooled * 1.03);
    expect(i.low).toBeGreaterThan(1);
  });

  it('resamples whole slices: a stall in one slice of twenty leaves the ratio undecided', () => {
    // The stall is 1.5 % of the receipts, so it sets the pooled p99; a resample picks that slice or not.
    const calm = slices(3, 2);
    const stalled = slices(4, 2, [7], 40);
    const i = bootstrapHistogramRatio(stalled, calm, 99);
    expect(i.estimate).toBeGreaterThan(10);
    expect(i.low).toBeLessThan(1.1);
    expect(i.high).toBeGreaterThan(10);
  });

  it('has no interval when either side is empty', () => {
    expect(bootstrapHistogramRatio([], slices(5, 1), 99).low).toBeNaN();
  });
});

describe('bootstrapMeanRatio', () => {
  it('is the ratio of means with an interval around it', () => {
    const i = bootstrapMeanRatio([1, 1.2, 0.8], [4, 4.4, 3.6]);
    expect(i.estimate).toBeCloseTo(0.25);
    expect(i.low).toBeLessThanOrEqual(0.25);
    expect(i.high).toBeGreaterThanOrEqual(0.25);
  });
});

describe('large samples', () => {
  it('counts in 2 % buckets and still brackets the exact estimate within a bucket', () => {
    const random = seededRandom(13);
    const data = range(1000, () => range(200, () => 1 + random() * 9));
    const i = bootstrapPercentile(data, 99, { iterations: 200 });
    expect(i.low).toBeLessThan(i.estimate * 1.02);
    expect(i.high).toBeGreaterThan(i.estimate / 1.02);
    expect(i.high / i.low).toBeLessThan(1.1);
  });
});
