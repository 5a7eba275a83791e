/**
 * Scenario 2: fan-out throughput. 200 thin clients in one review (of the generated 1,000-row
 * framework), each rating its own criterion; the total rate ramps up ×1.5 a step. A step passes
 * when p99 edit-to-visible over every receiver is under 50 ms, no receipt is missing after a
 * drain, no connection was closed and the load process managed ≥ 95 % of the offered rate. The
 * result of a run is the highest passing rate before the first failing step.
 */
import type { Context } from '../lib/context.ts';
import { LARGE_FRAMEWORK_ID } from '../lib/context.ts';
import { largeCriteria } from '../lib/frameworks.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import type { EldStats, ServerKind } from '../lib/servers.ts';
import { Histogram, fmt } from '../lib/stats.ts';
import type { RampStep } from '../load/commands.ts';
import { alternate, median, withHarness } from './common.ts';

export const PARTICIPANTS = 200;
export const P99_LIMIT_MS = 50;

export interface RampStepMeasured extends RampStep {
  serverCpu: number;
  loadCpu: number;
  eld: EldStats | null;
}

export interface RampRun {
  steps: RampStepMeasured[];
  /** Highest passing rate (edits/s), 0 when the first step failed. */
  best: number;
  connectMs: number;
}

export function rampRates(quick: boolean): number[] {
  const rates: number[] = [];
  for (let r = 100; r <= 20_000; r *= 1.5) rates.push(Math.round(r));
  return quick ? rates.filter((_, i) => i % 2 === 0) : rates;
}

export async function runRamp(ctx: Context, kinds: ServerKind[]): Promise<Map<ServerKind, RampRun[]>> {
  const keys = largeCriteria()
    .slice(0, PARTICIPANTS)
    .map((c) => `self/${c}/-`);
  const levels = ctx.levels(LARGE_FRAMEWORK_ID);
  const rates = rampRates(ctx.options.quick);
  const stepMs = ctx.options.quick ? 1_000 : 1_500;
  return alternate(ctx, kinds, (kind, rep) =>
    withHarness(ctx, kind, { eld: true }, async ({ s, worker, sampler }) => {
      const review = await ctx.review(s, worker, LARGE_FRAMEWORK_ID, PARTICIPANTS, `Fan-out ${rep + 1}`);
      const { connectMs } = await worker.call<{ connectMs: number }>('rampConnect', {
        base: s.server.wsBase,
        ...review,
        tokens: review.tokens.length > 1 ? review.tokens : Array.from({ length: PARTICIPANTS }, () => null),
        keys,
        levels,
        stepMs,
        drainMs: 3_000,
        p99LimitMs: P99_LIMIT_MS,
      });
      const steps: RampStepMeasured[] = [];
      let best = 0;
      try {
        // Warm-up at the first rate, not measured: JIT, first compaction, first GC of both processes.
        await worker.call<RampStep>('rampStep', { rate: rates[0] });
        for (const rate of rates) {
          const step = await worker.call<RampStep>('rampStep', { rate });
          const eld = await s.server.eldRead(step.window);
          const { start, end } = step.window;
          steps.push({
            ...step,
            eld,
            serverCpu: sampler.cpuShare(s.server.pid, start, end),
            loadCpu: sampler.cpuShare(worker.pid, start, end),
          });
          if (!step.pass) break;
          best = step.rate;
        }
      } finally {
        await worker.call('rampClose', {});
      }
      return { steps, best, connectMs };
    }),
  );
}

export function bestRate(runs: RampRun[] | undefined): number {
  return median((runs ?? []).map((r) => r.best));
}

/** p99 at a given rate, pooled over the runs that reached it (only where that step passed, if `passed`). */
export function p99At(runs: RampRun[] | undefined, rate: number, passed = false): number {
  const steps = (runs ?? []).flatMap((r) => r.steps.filter((s) => s.rate === rate && (s.pass || !passed)));
  return Histogram.mergeAll(steps.map((s) => s.hist)).percentile(99);
}

/** Why the first failing step failed, in words. */
export function failure(step: RampStepMeasured | undefined): string {
  if (!step) return 'no step failed (the ramp ran out of steps)';
  const why: string[] = [];
  const p99 = Histogram.from(step.hist).percentile(99);
  if (p99 >= P99_LIMIT_MS) why.push(`p99 ${fmt(p99)} ms`);
  if (step.lost > 0) why.push(`${step.lost} receipts missing`);
  if (step.closed > 0) why.push(`${step.closed} connections closed`);
  if (step.achievedRate < 0.95 * step.rate) why.push(`load process offered only ${fmt(step.achievedRate)}/s`);
  return `at ${step.rate}/s: ${why.join(', ') || 'unknown'}; server CPU ${(step.serverCpu * 100).toFixed(0)} %, load process CPU ${(step.loadCpu * 100).toFixed(0)} %`;
}

export function reportRamp(data: Map<ServerKind, RampRun[]>, seconds: number): ScenarioReport {
  const c = bestRate(data.get('candidate'));
  const r = bestRate(data.get('reference'));
  const q = ratio(c, r);
  const met = q === null ? null : q >= 5;
  const rows: Row[] = [
    {
      scenario: 2,
      metric: `fan-out: highest total rate with p99 < ${P99_LIMIT_MS} ms, nothing lost (${PARTICIPANTS} writers)`,
      unit: 'edits/s',
      candidate: c,
      reference: r,
      ratio: q,
      target: '≥ 5×',
      met,
    },
    {
      scenario: 2,
      metric: 'fan-out: p99 at that rate (runs that passed it)',
      unit: 'ms',
      candidate: p99At(data.get('candidate'), c, true),
      reference: p99At(data.get('reference'), r, true),
    },
  ];
  const goals: Goal[] = [
    {
      scenario: 2,
      metric: 'fan-out throughput (p99 < 50 ms, no loss)',
      unit: 'edits/s',
      candidate: c,
      reference: r,
      ratio: q,
      target: '≥ 5×',
      met,
    },
  ];
  const notes: string[] = [];
  for (const [kind, runs] of data) {
    runs.forEach((run, i) => {
      const failed = run.steps.find((s) => !s.pass);
      notes.push(`${kind} run ${i + 1}: best ${run.best}/s; first failure ${failure(failed)}.`);
    });
  }
  return { scenario: 2, title: 'Fan-out throughput', rows, goals, raw: Object.fromEntries(data), notes, seconds };
}
