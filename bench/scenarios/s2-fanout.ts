/**
 * Scenario 2: fan-out. 200 thin clients in one review (of the generated 1,000-row framework),
 * each rating its own criterion, split over several load processes on cores of their own. First,
 * at fixed total rates (225, 500, 1,000 edits/s): server CPU per edit and messages per edit, so
 * the servers are compared doing the same work. Then the highest rate each sustains, found by a
 * search (doubling, then bisection to two significant figures; steps of at least 5 s; a failing
 * step tried once more). A step passes when p99 edit-to-visible over every receiver is under
 * 50 ms, no receipt is missing after a drain, no connection was closed and the load processes
 * offered ≥ 95 % of the rate. The floor (bench/servers/floor.ts, a bare relay with no Yjs) runs
 * the fixed rates only, for the least CPU per edit relaying costs here; its limit would be the
 * load processes'.
 */
import type { Context } from '../lib/context.ts';
import { LARGE_FRAMEWORK_ID } from '../lib/context.ts';
import { largeCriteria } from '../lib/frameworks.ts';
import { RateSearch, twoFigures } from '../lib/rate-search.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import type { Worker } from '../lib/rpc.ts';
import type { EldStats, ServerKind } from '../lib/servers.ts';
import { Histogram, fmt } from '../lib/stats.ts';
import type { RampStep } from '../load/commands.ts';
import { alternate, loadCpu, median, share, withHarness } from './common.ts';

export const PARTICIPANTS = 200;
export const P99_LIMIT_MS = 50;
export const FIXED_RATES = [225, 500, 1_000];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RampStepMeasured extends RampStep {
  phase: 'fixed' | 'search';
  serverCpu: number;
  /** Kernel share of serverCpu. */
  serverSystem: number;
  /** Server CPU seconds from the first edit to the end of the drain. */
  serverCpuSeconds: number;
  loadCpu: number;
  eld: EldStats | null;
}

export interface RampRun {
  /** The fixed rates, then the search's steps in order (retries included). */
  steps: RampStepMeasured[];
  /** Highest passing rate of the search (edits/s), 0 when nothing passed. */
  best: number;
  /** Lowest rate that failed twice. */
  firstFailure: number;
  loads: number;
  connectMs: number;
}

/** Several load processes so the load is not the limit; on 2 cores they share core 1. */
export const loadProcesses = (quick: boolean): number => (quick ? 2 : 4);

/** Offer `rate` split evenly over the load processes at once, and merge what they measured. */
export async function offerStep(workers: Worker[], rate: number): Promise<RampStep> {
  const parts = await Promise.all(workers.map((w) => w.call<RampStep>('rampStep', { rate: rate / workers.length })));
  const hist = Histogram.mergeAll(parts.map((p) => p.hist));
  // Slice k of every load process covers the same stretch of the step (they start it together).
  const slices = Array.from({ length: Math.max(0, ...parts.map((p) => p.slices?.length ?? 0)) }, (_, k) =>
    Histogram.mergeAll(parts.map((p) => p.slices?.[k])).toJSON(),
  );
  const sum = (f: (p: RampStep) => number) => parts.reduce((a, p) => a + f(p), 0);
  const achievedRate = sum((p) => p.achievedRate);
  const lost = sum((p) => p.lost);
  const closed = sum((p) => p.closed);
  return {
    rate,
    achievedRate,
    sent: sum((p) => p.sent),
    hist: hist.toJSON(),
    slices,
    lost,
    closed,
    maxLagMs: Math.max(...parts.map((p) => p.maxLagMs)),
    messages: sum((p) => p.messages),
    receivers: sum((p) => p.receivers),
    window: {
      start: Math.min(...parts.map((p) => p.window.start)),
      end: Math.max(...parts.map((p) => p.window.end)),
    },
    drainedAt: Math.max(...parts.map((p) => p.drainedAt)),
    pass: hist.percentile(99) < P99_LIMIT_MS && lost === 0 && closed === 0 && achievedRate >= 0.95 * rate,
  };
}

export async function runRamp(ctx: Context, kinds: ServerKind[]): Promise<Map<ServerKind, RampRun[]>> {
  const keys = largeCriteria()
    .slice(0, PARTICIPANTS)
    .map((c) => `self/${c}/-`);
  const levels = ctx.levels(LARGE_FRAMEWORK_ID);
  const stepMs = ctx.options.quick ? 2_000 : 5_000;
  const loads = loadProcesses(ctx.options.quick);
  return alternate(ctx, kinds, (kind, rep) =>
    withHarness(ctx, kind, { eld: true, loads }, async ({ s, worker, workers, sampler }) => {
      const review = await ctx.review(s, worker, LARGE_FRAMEWORK_ID, PARTICIPANTS, `Fan-out ${rep + 1}`);
      const tokens = review.tokens.length > 1 ? review.tokens : Array.from({ length: PARTICIPANTS }, () => null);
      // One load process after another, so joins arrive a batch at a time as with one process.
      const connected: { connectMs: number }[] = [];
      for (const [j, w] of workers.entries())
        connected.push(
          await w.call<{ connectMs: number }>('rampConnect', {
            base: s.server.wsBase,
            room: review.room,
            tokens: share(tokens, loads, j),
            keys: share(keys, loads, j),
            levels,
            stepMs,
            drainMs: 3_000,
            p99LimitMs: P99_LIMIT_MS,
          }),
        );
      const steps: RampStepMeasured[] = [];
      const measure = async (rate: number, phase: RampStepMeasured['phase']) => {
        const st = await offerStep(workers, rate);
        const eld = await s.server.eldRead(st.window);
        const { start, end } = st.window;
        const measured: RampStepMeasured = {
          ...st,
          phase,
          eld,
          serverCpu: sampler.cpuShare(s.server.pid, start, end),
          serverSystem: sampler.systemShare(s.server.pid, start, end),
          serverCpuSeconds: sampler.cpuSeconds(s.server.pid, start, st.drainedAt),
          loadCpu: loadCpu(sampler, workers, start, end),
        };
        steps.push(measured);
        // A server that fell behind gets a moment to clear its backlog before the next step.
        if (!st.pass) await sleep(2_000);
        return measured;
      };
      const found = { best: 0, firstFailure: Number.POSITIVE_INFINITY };
      try {
        // Warm-up at the first fixed rate, not measured: JIT, first compaction, first GC of every process.
        await offerStep(workers, FIXED_RATES[0]!);
        for (const rate of FIXED_RATES) await measure(rate, 'fixed');
        if (kind === 'floor') {
          found.best = found.firstFailure = Number.NaN;
        } else {
          // The search starts from the highest fixed rate that passed (measured again, as a search step).
          const passed = steps.filter((x) => x.pass).map((x) => x.rate);
          const start = passed.length ? Math.max(...passed) : 100;
          const search = new RateSearch({ start, min: 25, maxSteps: ctx.options.quick ? 6 : 16 });
          for (let rate = search.next(); rate !== null; rate = search.next())
            search.record((await measure(rate, 'search')).pass);
          found.best = search.best;
          found.firstFailure = search.firstFailure;
        }
      } finally {
        await Promise.all(workers.map((w) => w.call('rampClose', {})));
      }
      return {
        steps,
        ...found,
        loads,
        connectMs: Math.max(...connected.map((c) => c.connectMs)),
      };
    }),
  );
}

export function bestRate(runs: RampRun[] | undefined): number {
  return median((runs ?? []).map((r) => r.best));
}

const stepsAt = (runs: RampRun[] | undefined, rate: number, passed: boolean, phase?: RampStepMeasured['phase']) =>
  (runs ?? []).flatMap((r) =>
    r.steps.filter((s) => s.rate === rate && (s.pass || !passed) && (!phase || s.phase === phase)),
  );

/** p99 at a given rate, pooled over the runs that reached it (only where that step passed, if `passed`). */
export function p99At(runs: RampRun[] | undefined, rate: number, passed = false): number {
  return Histogram.mergeAll(stepsAt(runs, rate, passed).map((s) => s.hist)).percentile(99);
}

/** p50 at each run's own limit (its highest passing step), pooled. */
export function p50AtLimit(runs: RampRun[] | undefined): number {
  const steps = (runs ?? []).flatMap((r) => r.steps.filter((s) => s.phase === 'search' && s.pass && s.rate === r.best));
  return Histogram.mergeAll(steps.map((s) => s.hist)).percentile(50);
}

export interface FixedRate {
  /** Server CPU µs per edit (from the first edit until every receipt arrived). */
  cpuPerEdit: number;
  /** Messages a participant received per edit sent by someone else. */
  messagesPerEdit: number;
  serverCpu: number;
  serverSystem: number;
  loadCpu: number;
  p50: number;
  p99: number;
  passed: number;
  runs: number;
}

/** Everything measured at one fixed rate, medians over runs. */
export function atFixedRate(runs: RampRun[] | undefined, rate: number): FixedRate {
  const steps = stepsAt(runs, rate, false, 'fixed');
  const hist = Histogram.mergeAll(steps.map((s) => s.hist));
  return {
    cpuPerEdit: median(steps.map((s) => (s.serverCpuSeconds * 1e6) / s.sent)),
    // Each edit reaches the other 199 participants; a message can carry several edits.
    messagesPerEdit: median(steps.map((s) => s.messages / s.sent)),
    serverCpu: median(steps.map((s) => s.serverCpu)),
    serverSystem: median(steps.map((s) => s.serverSystem)),
    loadCpu: median(steps.map((s) => s.loadCpu)),
    p50: hist.percentile(50),
    p99: hist.percentile(99),
    passed: steps.filter((s) => s.pass).length,
    runs: steps.length,
  };
}

/** Why a step failed, in words. */
export function failure(step: RampStepMeasured | undefined): string {
  if (!step) return 'no step failed (the search reached its ceiling)';
  const why: string[] = [];
  const p99 = Histogram.from(step.hist).percentile(99);
  if (p99 >= P99_LIMIT_MS) why.push(`p99 ${fmt(p99, 2)} ms`);
  if (step.lost > 0) why.push(`${step.lost} receipts missing`);
  if (step.closed > 0) why.push(`${step.closed} connections closed`);
  if (step.achievedRate < 0.95 * step.rate) why.push(`load processes offered only ${fmt(step.achievedRate, 2)}/s`);
  return `at ${step.rate}/s: ${why.join(', ') || 'unknown'}; server CPU ${(step.serverCpu * 100).toFixed(0)} % (kernel ${(step.serverSystem * 100).toFixed(0)} %), load processes ${(step.loadCpu * 100).toFixed(0)} %`;
}

const pct = (x: number) => x * 100;

export function reportRamp(data: Map<ServerKind, RampRun[]>, seconds: number): ScenarioReport {
  const rows: Row[] = [];
  const goals: Goal[] = [];
  for (const rate of FIXED_RATES) {
    const c = atFixedRate(data.get('candidate'), rate);
    const r = atFixedRate(data.get('reference'), rate);
    const q = ratio(c.cpuPerEdit, r.cpuPerEdit);
    const met = q === null ? null : q <= 0.5;
    rows.push(
      {
        scenario: 2,
        metric: `fan-out at ${rate} edits/s: server CPU per edit`,
        unit: 'µs',
        candidate: c.cpuPerEdit,
        reference: r.cpuPerEdit,
        ratio: q,
        target: '≤ 0.5×',
        met,
        note: `kernel ${fmt(pct(c.serverSystem), 2)} / ${fmt(pct(r.serverSystem), 2)} % of a core of ${fmt(pct(c.serverCpu), 2)} / ${fmt(pct(r.serverCpu), 2)} %`,
      },
      {
        scenario: 2,
        metric: `fan-out at ${rate} edits/s: messages per edit (${PARTICIPANTS - 1} receivers)`,
        unit: '',
        candidate: c.messagesPerEdit,
        reference: r.messagesPerEdit,
        ratio: ratio(c.messagesPerEdit, r.messagesPerEdit),
        note: `p99 ${fmt(c.p99, 2)} / ${fmt(r.p99, 2)} ms; steps passed ${c.passed}/${c.runs} and ${r.passed}/${r.runs}`,
      },
    );
    if (data.has('floor')) {
      const f = atFixedRate(data.get('floor'), rate);
      const goal = r.cpuPerEdit * 0.5;
      rows.push({
        scenario: 2,
        metric: `fan-out at ${rate} edits/s, the floor (a bare ws relay, no Yjs): server CPU per edit`,
        unit: 'µs',
        candidate: f.cpuPerEdit,
        reference: r.cpuPerEdit,
        ratio: ratio(f.cpuPerEdit, r.cpuPerEdit),
        // Where the goal lies against the least relaying costs: below the floor, no server can meet it.
        note: `${fmt(f.messagesPerEdit, 2)} messages per edit, kernel ${fmt(pct(f.serverSystem), 2)} % of a core of ${fmt(pct(f.serverCpu), 2)} %; the goal is ${fmt(goal, 2)} µs, ${goal < f.cpuPerEdit ? 'below' : 'above'} the floor; Bestfit ${fmt(Math.abs(c.cpuPerEdit - f.cpuPerEdit), 2)} µs ${c.cpuPerEdit >= f.cpuPerEdit ? 'above' : 'below'} it`,
      });
    }
    goals.push({
      scenario: 2,
      metric: `fan-out server CPU per edit at ${rate} edits/s`,
      unit: 'µs',
      candidate: c.cpuPerEdit,
      reference: r.cpuPerEdit,
      ratio: q,
      target: '≤ 0.5×',
      met,
    });
  }
  const c = bestRate(data.get('candidate'));
  const r = bestRate(data.get('reference'));
  const q = ratio(c, r);
  const met = q === null ? null : q >= 5;
  rows.push(
    {
      scenario: 2,
      metric: `fan-out: highest total rate with p99 < ${P99_LIMIT_MS} ms, nothing lost (${PARTICIPANTS} writers; bisection)`,
      unit: 'edits/s',
      candidate: twoFigures(c),
      reference: twoFigures(r),
      ratio: q,
      target: '≥ 5×',
      met,
    },
    {
      scenario: 2,
      metric: 'fan-out: p50 at that rate',
      unit: 'ms',
      candidate: p50AtLimit(data.get('candidate')),
      reference: p50AtLimit(data.get('reference')),
    },
  );
  goals.push({
    scenario: 2,
    metric: 'fan-out throughput (p99 < 50 ms, no loss)',
    unit: 'edits/s',
    candidate: c,
    reference: r,
    ratio: q,
    target: '≥ 5×',
    met,
  });
  const notes: string[] = [];
  for (const [kind, runs] of data) {
    // The floor runs the fixed rates only: it has no limit of its own to report.
    if (kind === 'floor') continue;
    runs.forEach((run, i) => {
      const search = run.steps.filter((s) => s.phase === 'search');
      const failed = search.filter((s) => !s.pass).at(-1);
      notes.push(
        `${kind} run ${i + 1} (${run.loads} load processes): limit ${run.best}/s, failed twice at ${Number.isFinite(run.firstFailure) ? `${run.firstFailure}/s` : '—'}; steps ${search.map((s) => `${s.rate}${s.pass ? '✓' : '✗'}`).join(' ')}; last failure ${failure(failed)}.`,
      );
    });
  }
  return { scenario: 2, title: 'Fan-out throughput', rows, goals, raw: Object.fromEntries(data), notes, seconds };
}
