import { describe, expect, it } from 'vitest';
import type { ServerKind } from '../lib/servers.ts';
import { Histogram } from '../lib/stats.ts';
import { FIXED_RATES, reportRamp, type RampRun, type RampStepMeasured } from './s2-fanout.ts';

/** A fixed-rate step where the server spent `cpuUs` µs per edit and sent `messages` per edit. */
function step(rate: number, cpuUs: number, messages: number): RampStepMeasured {
  const hist = new Histogram();
  for (let i = 0; i < 100; i++) hist.record(5);
  const sent = rate * 5;
  return {
    rate,
    achievedRate: rate,
    sent,
    hist: hist.toJSON(),
    lost: 0,
    closed: 0,
    maxLagMs: 0,
    messages: messages * sent,
    receivers: 199,
    window: { start: 0, end: 5_000 },
    drainedAt: 5_000,
    pass: true,
    phase: 'fixed',
    serverCpu: 0.5,
    serverSystem: 0.2,
    serverCpuSeconds: (cpuUs * sent) / 1e6,
    loadCpu: 0.5,
    eld: null,
  };
}

const run = (cpuUs: number, messages: number, best: number): RampRun => ({
  steps: FIXED_RATES.map((rate) => step(rate, cpuUs, messages)),
  best,
  firstFailure: best * 2,
  loads: 4,
  connectMs: 100,
});

describe('the fan-out report', () => {
  const data = new Map<ServerKind, RampRun[]>([
    ['candidate', [run(900, 150, 1_200)]],
    ['reference', [run(2_000, 200, 370)]],
    ['floor', [{ ...run(1_100, 199, 0), best: Number.NaN, firstFailure: Number.NaN }]],
  ]);
  const report = reportRamp(data, 1);

  it('places each fixed rate against the floor, saying whether the goal lies below it', () => {
    const floorRows = report.rows.filter((r) => r.metric.includes('the floor'));
    expect(floorRows.map((r) => r.metric)).toEqual(
      FIXED_RATES.map((rate) => `fan-out at ${rate} edits/s, the floor (a bare ws relay, no Yjs): server CPU per edit`),
    );
    const first = floorRows[0]!;
    expect(first.candidate).toBeCloseTo(1_100);
    expect(first.reference).toBeCloseTo(2_000);
    expect(first.ratio).toBeCloseTo(0.55);
    // The goal, 0.5× the reference, is 1,000 µs: under the floor's 1,100, and Bestfit 200 µs below the floor.
    expect(first.note).toContain('the goal is 1,000 µs, below the floor');
    expect(first.note).toContain('Bestfit 200 µs below it');
    expect(first.note).toContain('199 messages per edit');
  });

  it('gives the floor no goal and no limit of its own', () => {
    expect(report.goals.every((g) => g.candidate !== 1_100)).toBe(true);
    expect(report.notes.some((n) => n.startsWith('floor'))).toBe(false);
    expect(report.notes.filter((n) => n.includes('limit'))).toHaveLength(2);
  });

  it('reports no floor rows when the floor did not run', () => {
    const without = reportRamp(new Map([...data].filter(([kind]) => kind !== 'floor')), 1);
    expect(without.rows.some((r) => r.metric.includes('the floor'))).toBe(false);
    expect(without.rows).toHaveLength(report.rows.length - FIXED_RATES.length);
  });
});
