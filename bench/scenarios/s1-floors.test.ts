import { describe, expect, it } from 'vitest';
import type { ServerKind } from '../lib/servers.ts';
import { Histogram } from '../lib/stats.ts';
import { reportDurability } from './s6-durability.ts';
import { PARTICIPANT_COUNTS, reportLatency, type LatencyRun } from './s1-latency.ts';

/** One run at every N whose edits each took `ms` for every one of `receivers`, plus a slow tail. */
function runs(ms: number, tail: number): LatencyRun[][] {
  return [
    PARTICIPANT_COUNTS.map((n) => {
      // 1,000 edits: 98 % at `ms`, 2 % at `tail`, so the p99 is the tail.
      const edits = Array.from({ length: 1000 }, (_, i) => Array.from({ length: 3 }, () => (i % 50 === 0 ? tail : ms)));
      const all = new Histogram();
      for (const edit of edits) for (const x of edit) all.record(x);
      return {
        n,
        result: {
          all: all.toJSON(),
          edits,
          probe: new Histogram().toJSON(),
          sent: edits.length,
          lost: 0,
          closed: 0,
          window: { start: 0, end: 1 },
          connectMs: 0,
          stockCloses: [],
        },
        eld: null,
        serverCpu: 0.1,
        loadCpu: 0.1,
      };
    }),
  ];
}

const data = new Map<ServerKind, LatencyRun[][]>([
  ['candidate', runs(1.3, 6)],
  ['reference', runs(1.0, 4)],
  ['memory', runs(1.2, 5)],
  ['floor', runs(0.8, 3)],
  // Storing before relaying puts the bare relay above the reference: the goal lies below it.
  ['stored-floor', runs(0.9, 5)],
]);

describe('the floors in scenarios 1 and 6', () => {
  it('places the edit-to-visible goal against the stored floor, with its interval against the reference', () => {
    const report = reportLatency(data, 1);
    const rows = report.rows.filter((r) => r.metric.includes('above the stored floor'));
    expect(rows).toHaveLength(PARTICIPANT_COUNTS.length);
    const first = rows[0]!;
    expect(first.candidate).toBeCloseTo(1, 1);
    expect(first.reference).toBeCloseTo(-1, 1);
    expect(first.note).toMatch(
      /^stored floor p50 0\.9\d ms, p99 4\.9\d ms over 1000 edits, 1\.2\d× the reference's p99 \[1\.2\d–1\.2\d\]: the goal lies below it$/,
    );
    // Stored floor rows carry no goal of their own.
    expect(report.goals.some((g) => g.metric.includes('floor'))).toBe(false);
  });

  it('shows what storing costs the bare relay beside what it costs Bestfit, with no goal', () => {
    const report = reportDurability(data, new Map(), null, 1);
    const rows = report.rows.filter((r) => r.metric.includes('storing each update before relaying it vs not'));
    expect(rows.map((r) => r.metric)).toEqual(
      PARTICIPANT_COUNTS.map(
        (n) => `scenario 1 p99, N = ${n}: the floor (bare relay) storing each update before relaying it vs not`,
      ),
    );
    expect(rows[0]!.ratio).toBeCloseTo(5 / 3, 1);
    expect(rows[0]!.interval![0]).toBeGreaterThan(1.5);
    expect(report.goals.some((g) => g.metric.includes('floor'))).toBe(false);
  });

  it('reports no stored-floor rows when it did not run', () => {
    const without = new Map([...data].filter(([kind]) => kind !== 'stored-floor'));
    expect(reportLatency(without, 1).rows.some((r) => r.metric.includes('stored floor'))).toBe(false);
    expect(
      reportDurability(without, new Map(), null, 1).rows.some((r) => r.metric.includes('floor (bare relay)')),
    ).toBe(false);
  });
});
