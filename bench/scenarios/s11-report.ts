/**
 * Scenario 11's rows: two processes (the table's Bestfit column) against one (its Reference
 * column), both Bestfit on PostgreSQL and Redis. Throughput's interval is the searches' own
 * bracket (each limit lies between its last pass and its first failure); the p99 ratio's is a
 * bootstrap over edits, as in scenario 1.
 */
import { bootstrapRatio } from '../lib/bootstrap.ts';
import { bracketRatio, cpuPerEdit } from '../lib/cluster-split.ts';
import { twoFigures } from '../lib/rate-search.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import { Histogram, fmt } from '../lib/stats.ts';
import { metOf, verdict, type Verdict } from '../lib/verdict.ts';
import { median } from './common.ts';
import { failure } from './s2-fanout.ts';
import {
  FIXED_RATES,
  LATENCY_N,
  LATENCY_RATE,
  PARTICIPANTS,
  type ClusterData,
  type ClusterRun,
  type ClusterStep,
} from './s11-cluster.ts';
import { P99_LIMIT_MS } from './s2-fanout.ts';

export const THROUGHPUT_GOAL = 1.6;
export const P99_GOAL = 1.5;

/** Median that keeps Infinity (a search that never failed), unlike `median`. */
function medianOf(xs: number[]): number {
  const v = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

interface FixedFigures {
  /** CPU µs per edit of each process, and of all of them together. */
  perProcess: number[];
  total: number;
  redis: number;
  p99: number;
  passed: number;
  runs: number;
}

function atFixed(runs: ClusterRun[], rate: number): FixedFigures {
  const steps = runs.flatMap((r) => r.steps.filter((s) => s.phase === 'fixed' && s.rate === rate));
  const count = Math.max(0, ...steps.map((s) => s.servers.length));
  const per = (s: ClusterStep, k: number) => cpuPerEdit(s.servers[k]?.cpuSeconds ?? Number.NaN, s.sent);
  return {
    perProcess: Array.from({ length: count }, (_, k) => median(steps.map((s) => per(s, k)))),
    total: median(steps.map((s) => s.servers.reduce((sum, _, k) => sum + per(s, k), 0))),
    redis: median(steps.map((s) => cpuPerEdit(s.redisCpuSeconds, s.sent))),
    p99: Histogram.mergeAll(steps.map((s) => s.hist)).percentile(99),
    passed: steps.filter((s) => s.pass).length,
    runs: steps.length,
  };
}

function latencyOf(runs: ClusterRun[]) {
  const hist = Histogram.mergeAll(runs.map((r) => r.latency.result.all));
  const cpu = (k: number) =>
    median(runs.map((r) => cpuPerEdit(r.latency.servers[k]?.cpuSeconds ?? NaN, r.latency.edits)));
  const count = Math.max(0, ...runs.map((r) => r.latency.servers.length));
  const perProcess = Array.from({ length: count }, (_, k) => cpu(k));
  // Receipts by the process they arrived through: the writer's own (0) and the others.
  const through = (k: number) =>
    Histogram.mergeAll(
      runs.flatMap((r) => (r.latency.result.byBase ?? []).filter((b) => b.base === r.bases[k]).map((b) => b.hist)),
    );
  return {
    hist,
    p50: hist.percentile(50),
    p99: hist.percentile(99),
    edits: runs.flatMap((r) => r.latency.result.edits),
    lost: runs.reduce((s, r) => s + r.latency.result.lost, 0),
    closed: runs.reduce((s, r) => s + r.latency.result.closed, 0),
    perProcess,
    total: perProcess.reduce((a, b) => a + b, 0),
    redis: median(runs.map((r) => cpuPerEdit(r.latency.redisCpuSeconds, r.latency.edits))),
    through: Array.from({ length: count }, (_, k) => through(k)),
  };
}

const list = (xs: number[], unit: string) => `${xs.map((x) => fmt(x, 2)).join(' + ')} ${unit}`;

/** A goal judged on its interval where the interval is finite, else on the point figure. */
function judge(
  estimate: number | null,
  interval: { low: number; high: number },
  op: '<=' | '>=',
  value: number,
): { met: boolean | null; verdict?: Verdict | null; interval?: [number, number] } {
  if (Number.isFinite(interval.low) && Number.isFinite(interval.high)) {
    const v = verdict(interval, { op, value });
    return { met: metOf(v), verdict: v, interval: [interval.low, interval.high] };
  }
  if (estimate === null || !Number.isFinite(estimate)) return { met: null };
  return { met: op === '<=' ? estimate <= value : estimate >= value };
}

export function reportCluster(data: ClusterData, seconds: number): ScenarioReport {
  const one = data.get('1') ?? [];
  const two = data.get('2') ?? [];
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  const shared = [...one, ...two].some((r) => r.shared);
  const coresNote = shared ? 'the load shared the servers’ cores (fewer than 4 cores)' : 'a core per server process';

  for (const rate of FIXED_RATES) {
    const t = atFixed(two, rate);
    const o = atFixed(one, rate);
    rows.push({
      scenario: 11,
      metric: `cluster fan-out at ${rate} edits/s: server CPU per edit, all processes`,
      unit: 'µs',
      candidate: t.total,
      reference: o.total,
      ratio: ratio(t.total, o.total),
      note: `per process ${list(t.perProcess, 'µs')}; Redis ${fmt(t.redis, 2)} / ${fmt(o.redis, 2)} µs; p99 ${fmt(t.p99, 2)} / ${fmt(o.p99, 2)} ms; steps passed ${t.passed}/${t.runs} and ${o.passed}/${o.runs}`,
    });
  }

  const bracket = (runs: ClusterRun[]) => ({
    best: medianOf(runs.map((r) => r.best)),
    firstFailure: medianOf(runs.map((r) => r.firstFailure)),
  });
  const b2 = bracket(two);
  const b1 = bracket(one);
  const q = bracketRatio(b2, b1);
  const qPoint = Number.isFinite(q.estimate) ? q.estimate : null;
  const throughput = judge(qPoint, q, '>=', THROUGHPUT_GOAL);
  const limitMetric = `cluster fan-out: highest total rate with p99 < ${P99_LIMIT_MS} ms, nothing lost (${PARTICIPANTS} writers split evenly over the processes; bisection)`;
  rows.push(
    {
      scenario: 11,
      metric: limitMetric,
      unit: 'edits/s',
      candidate: twoFigures(b2.best),
      reference: twoFigures(b1.best),
      ratio: qPoint,
      target: `≥ ${THROUGHPUT_GOAL}×`,
      ...throughput,
      note: `interval: the searches' brackets; ${coresNote}`,
    },
    {
      scenario: 11,
      metric: 'cluster fan-out: p50 at that rate',
      unit: 'ms',
      candidate: p50AtLimit(two),
      reference: p50AtLimit(one),
    },
  );
  goals.push({
    scenario: 11,
    metric: 'cluster fan-out throughput, two processes ÷ one (p99 < 50 ms, no loss)',
    unit: 'edits/s',
    candidate: b2.best,
    reference: b1.best,
    ratio: qPoint,
    target: `≥ ${THROUGHPUT_GOAL}×`,
    ...throughput,
    note: shared
      ? 'on this machine the load ran on the servers’ cores, so two processes could not each have a core to themselves'
      : undefined,
  });

  const l2 = latencyOf(two);
  const l1 = latencyOf(one);
  rows.push({
    scenario: 11,
    metric: `cluster edit-to-visible p50, N = ${LATENCY_N}, ${LATENCY_RATE} edits/s`,
    unit: 'ms',
    candidate: l2.p50,
    reference: l1.p50,
    ratio: ratio(l2.p50, l1.p50),
  });
  const ci = bootstrapRatio(l2.edits, l1.edits, 99, { seed: 11 });
  const p99Ratio = ratio(l2.p99, l1.p99);
  const latencyJudged = judge(p99Ratio, ci, '<=', P99_GOAL);
  rows.push({
    scenario: 11,
    metric: `cluster edit-to-visible p99, N = ${LATENCY_N}, ${LATENCY_RATE} edits/s`,
    unit: 'ms',
    candidate: l2.p99,
    reference: l1.p99,
    ratio: p99Ratio,
    target: `≤ ${P99_GOAL}×`,
    ...latencyJudged,
    note: `${l2.edits.length} / ${l1.edits.length} edits`,
  });
  goals.push({
    scenario: 11,
    metric: `cluster edit-to-visible p99 at N = ${LATENCY_N}, two processes ÷ one`,
    unit: 'ms',
    candidate: l2.p99,
    reference: l1.p99,
    ratio: p99Ratio,
    target: `≤ ${P99_GOAL}×`,
    ...latencyJudged,
  });
  rows.push({
    scenario: 11,
    metric: `cluster edit-to-visible at ${LATENCY_RATE} edits/s: server CPU per edit, all processes`,
    unit: 'µs',
    candidate: l2.total,
    reference: l1.total,
    ratio: ratio(l2.total, l1.total),
    note: `per process ${list(l2.perProcess, 'µs')}; Redis ${fmt(l2.redis, 2)} / ${fmt(l1.redis, 2)} µs`,
  });

  notes.push(
    'Bestfit column: two processes of one install; Reference column: one process. Both on PostgreSQL (a fresh schema per run) and a private Redis (the single process publishes too, as a process of a cluster does); participants of a review split evenly over the processes, no stickiness.',
    `Cores: ${[...new Set([...one, ...two].map((r) => r.pinning))].join('; ')}.`,
    'PostgreSQL is a shared service outside the bench: its CPU is not in the per-edit figures and counts among "other processes".',
  );
  if (shared)
    notes.push(
      'With fewer than four cores the load processes run on the same cores as the server processes, so the second process competes with the load for its core: the throughput ratio cannot reach what it would with a core for each process and the load on others.',
    );
  const [same, other] = l2.through;
  if (same && other)
    notes.push(
      `Edit-to-visible with two processes, by where the watcher was connected: on the writer's process p50 ${fmt(same.percentile(50), 2)} ms, p99 ${fmt(same.percentile(99), 2)} ms (${same.count} receipts); on the other process (through Redis) p50 ${fmt(other.percentile(50), 2)} ms, p99 ${fmt(other.percentile(99), 2)} ms (${other.count} receipts).`,
    );
  for (const [name, l] of [
    ['two processes', l2],
    ['one process', l1],
  ] as const)
    if (l.lost || l.closed)
      notes.push(`Edit-to-visible, ${name}: ${l.lost} receipts missing, ${l.closed} connections closed.`);
  for (const [key, runs] of data)
    runs.forEach((run, i) => {
      const search = run.steps.filter((s) => s.phase === 'search');
      const failed = search.filter((s) => !s.pass).at(-1);
      const cpu = failed
        ? ` (process CPU ${failed.servers.map((s) => `${(s.share * 100).toFixed(0)} %`).join(' / ')})`
        : '';
      notes.push(
        `${key} process${key === '1' ? '' : 'es'}, run ${i + 1} (${run.loads} load processes; participants per process ${run.perProcess.join(' / ')}): limit ${run.best}/s, failed twice at ${Number.isFinite(run.firstFailure) ? `${run.firstFailure}/s` : '—'}; steps ${search.map((s) => `${s.rate}${s.pass ? '✓' : '✗'}`).join(' ')}; last failure ${failure(failed && { ...failed, serverCpu: sum(failed.servers.map((s) => s.share)), serverSystem: sum(failed.servers.map((s) => s.system)), serverCpuSeconds: NaN, eld: null })}${cpu}.`,
      );
    });
  return { scenario: 11, title: 'Several processes', rows, goals, raw: Object.fromEntries(data), notes, seconds };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function p50AtLimit(runs: ClusterRun[]): number {
  const steps = runs.flatMap((r) => r.steps.filter((s) => s.phase === 'search' && s.pass && s.rate === r.best));
  return Histogram.mergeAll(steps.map((s) => s.hist)).percentile(50);
}
