/**
 * Scenario 3: presence. 200 thin clients in one review, split over several load processes, each
 * moving to another cell twice a second (an awareness update carrying its send time). Measured:
 * the server's CPU time over the window (from /proc: user and kernel) at the same offered load on
 * both servers, and awareness latency (send → receipt by every other participant in the same load
 * process, whose clock the send time is on). Bestfit coalesces presence over a window
 * (PRESENCE_FLUSH_MS), run at 0, 10 and 50 ms; the reference has none. The goal compares CPU at a
 * window whose awareness p50 is no worse than the reference's. The floor (bench/servers/floor.ts,
 * a bare relay with no Yjs) runs the same load, to show what relaying presence costs at all.
 */
import type { Context } from '../lib/context.ts';
import { BA } from '../lib/context.ts';
import { bootstrapMeanRatio } from '../lib/bootstrap.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import type { ServerKind } from '../lib/servers.ts';
import { Histogram, fmt } from '../lib/stats.ts';
import { metOf, verdict } from '../lib/verdict.ts';
import type { PresenceResult } from '../load/commands.ts';
import { alternate, loadCpu, median, share, withHarness } from './common.ts';
import { loadProcesses } from './s2-fanout.ts';

const PARTICIPANTS = 200;
const HZ = 2;
export const WINDOWS_MS = [0, 10, 50];

interface PresenceRun extends PresenceResult {
  /** Bestfit's coalescing window; absent for the reference (and in results from before windows were varied). */
  windowMs?: number;
  serverCpu: number;
  serverSystem?: number;
  serverCpuSeconds: number;
  loadCpu: number;
}

export async function runPresence(ctx: Context): Promise<Map<ServerKind, PresenceRun[]>> {
  const durationMs = ctx.options.quick ? 3_000 : 6_000;
  const loads = loadProcesses(ctx.options.quick);
  const one = (kind: ServerKind, rep: number, windowMs?: number) =>
    withHarness(
      ctx,
      kind,
      { loads, env: windowMs === undefined ? {} : { PRESENCE_FLUSH_MS: String(windowMs) } },
      async ({ s, worker, workers, sampler }): Promise<PresenceRun> => {
        const review = await ctx.review(s, worker, BA, PARTICIPANTS, `Presence ${rep + 1}`);
        const tokens = review.tokens.length > 1 ? review.tokens : Array.from({ length: PARTICIPANTS }, () => null);
        // Connected one load process after another (a batch of joins at a time), then measured together.
        for (const [j, w] of workers.entries())
          await w.call('presenceConnect', {
            base: s.server.wsBase,
            room: review.room,
            tokens: share(tokens, loads, j),
            hz: HZ,
            durationMs,
            warmupMs: 1_000,
            criteria: ctx.criteria(BA),
            levels: ctx.levels(BA),
          });
        const parts = await Promise.all(workers.map((w) => w.call<PresenceResult>('presenceRun', {})));
        const sum = (f: (p: PresenceResult) => number | undefined) => parts.reduce((a, p) => a + (f(p) ?? 0), 0);
        const start = Math.max(...parts.map((p) => p.window.start));
        const end = Math.min(...parts.map((p) => p.window.end));
        return {
          hist: Histogram.mergeAll(parts.map((p) => p.hist)).toJSON(),
          sent: sum((p) => p.sent),
          expected: sum((p) => p.expected),
          received: sum((p) => p.received),
          closed: sum((p) => p.closed),
          window: { start, end },
          connectMs: Math.max(...parts.map((p) => p.connectMs)),
          windowMs,
          serverCpu: sampler.cpuShare(s.server.pid, start, end),
          serverSystem: sampler.systemShare(s.server.pid, start, end),
          serverCpuSeconds: sampler.cpuSeconds(s.server.pid, start, end),
          loadCpu: loadCpu(sampler, workers, start, end),
        };
      },
    );
  // The floor (a bare ws relay, no Yjs) under the same load: the least any server could spend.
  return alternate(ctx, ['candidate', 'reference', 'floor'], async (kind, rep) => {
    if (kind !== 'candidate') return [await one(kind, rep)];
    const runs: PresenceRun[] = [];
    for (const w of WINDOWS_MS) runs.push(await one(kind, rep, w));
    return runs;
  }).then((m) => new Map([...m].map(([k, v]) => [k, v.flat()])));
}

/** A CPU difference from the floor's, in points of a core, said as above or below it. */
const againstFloor = (d: number) => `${fmt(Math.abs(d) * 100, 2)} points ${d >= 0 ? 'above' : 'below'} the floor`;

export function reportPresence(data: Map<ServerKind, PresenceRun[]>, seconds: number): ScenarioReport {
  // Results from before windows were varied were all at the default 50 ms.
  const runs = (k: ServerKind, w?: number) =>
    (data.get(k) ?? []).filter((r) => w === undefined || (r.windowMs ?? 50) === w);
  const cpu = (list: PresenceRun[]) => median(list.map((r) => r.serverCpu));
  const kernel = (list: PresenceRun[]) => median(list.map((r) => r.serverSystem ?? Number.NaN));
  const hist = (list: PresenceRun[]) => Histogram.mergeAll(list.map((r) => r.hist));
  const delivered = (list: PresenceRun[]) => {
    const expected = list.reduce((s, r) => s + (r.expected ?? r.sent * (PARTICIPANTS - 1)), 0);
    return expected ? list.reduce((s, r) => s + r.received, 0) / expected : Number.NaN;
  };
  const ref = runs('reference');
  const rCpu = cpu(ref);
  const rP50 = hist(ref).percentile(50);
  const rP99 = hist(ref).percentile(99);
  const rows: Row[] = [];
  const windows = WINDOWS_MS.filter((w) => runs('candidate', w).length > 0);
  for (const w of windows) {
    const c = runs('candidate', w);
    const h = hist(c);
    rows.push(
      {
        scenario: 3,
        metric: `presence, window ${w} ms: server CPU, ${PARTICIPANTS} people moving at ${HZ} Hz`,
        unit: '% of a core',
        candidate: cpu(c) * 100,
        reference: rCpu * 100,
        ratio: ratio(cpu(c), rCpu),
        note: `kernel ${fmt(kernel(c) * 100, 2)} / ${fmt(kernel(ref) * 100, 2)} %`,
      },
      {
        scenario: 3,
        metric: `presence, window ${w} ms: awareness p50 / p99`,
        unit: 'ms',
        candidate: h.percentile(50),
        reference: rP50,
        ratio: ratio(h.percentile(50), rP50),
        note: `p99 ${fmt(h.percentile(99), 2)} / ${fmt(rP99, 2)} ms`,
      },
    );
  }
  // The goal: the cheapest window whose p50 is no worse than the reference's.
  const matched = windows
    .filter((w) => hist(runs('candidate', w)).percentile(50) <= rP50)
    .sort((a, b) => cpu(runs('candidate', a)) - cpu(runs('candidate', b)));
  const chosen = matched[0];
  const cRuns = chosen === undefined ? [] : runs('candidate', chosen);
  // Runs are the resampled unit: with one run a side there is no interval, only the point figure.
  const ci =
    chosen === undefined || cRuns.length < 2 || ref.length < 2
      ? null
      : bootstrapMeanRatio(
          cRuns.map((r) => r.serverCpu),
          ref.map((r) => r.serverCpu),
          { seed: 3 },
        );
  const pointRatio = chosen === undefined ? null : ratio(cpu(cRuns), rCpu);
  const v = ci
    ? verdict(ci, { op: '<=', value: 0.25 })
    : chosen === undefined
      ? windows.length && ref.length
        ? 'missed'
        : null
      : pointRatio === null
        ? null
        : pointRatio <= 0.25
          ? 'met'
          : 'missed';
  const cP99 = hist(chosen === undefined ? runs('candidate', 50) : cRuns).percentile(99);
  const goalCpu: Goal = {
    scenario: 3,
    metric:
      chosen === undefined
        ? `presence server CPU at an awareness p50 no worse than the reference's (no window matched its ${fmt(rP50, 2)} ms)`
        : `presence server CPU at an awareness p50 no worse than the reference's (window ${chosen} ms)`,
    unit: '% of a core',
    candidate: chosen === undefined ? null : cpu(cRuns) * 100,
    reference: rCpu * 100,
    ratio: pointRatio,
    target: '≤ 0.25× at matched p50',
    met: metOf(v),
    ...(ci ? { interval: [ci.low, ci.high] as [number, number] } : {}),
    verdict: v,
  };
  rows.push({ ...goalCpu, metric: `presence: ${goalCpu.metric}` });
  const p99Goal: Goal = {
    scenario: 3,
    metric: `awareness p99 (window ${chosen ?? 50} ms)`,
    unit: 'ms',
    candidate: cP99,
    reference: null,
    ratio: null,
    target: '≤ 100 ms',
    met: Number.isFinite(cP99) ? cP99 <= 100 : null,
  };
  rows.push({ ...p99Goal, metric: `presence: ${p99Goal.metric}` });
  const floor = runs('floor');
  const floorNotes: string[] = [];
  if (floor.length) {
    const fCpu = cpu(floor);
    const fh = hist(floor);
    rows.push({
      scenario: 3,
      metric: 'presence, the floor (a bare ws relay, no Yjs): server CPU',
      unit: '% of a core',
      candidate: fCpu * 100,
      reference: rCpu * 100,
      ratio: ratio(fCpu, rCpu),
      note: `awareness p50 ${fmt(fh.percentile(50), 2)} ms, p99 ${fmt(fh.percentile(99), 2)} ms`,
    });
    // Where the goal's CPU would lie against the floor's: a goal below the floor cannot be met by any server.
    floorNotes.push(
      `The floor relays every presence frame to every other connection and does nothing else: ${fmt(fCpu * 100, 2)} % of a core at awareness p50 ${fmt(fh.percentile(50), 2)} ms (${fmt(ratio(fCpu, rCpu) ?? Number.NaN, 2)}× the reference). The goal, 0.25× the reference at its p50, is ${fmt(rCpu * 25, 2)} % of a core${rCpu * 0.25 < fCpu ? ', below the floor' : ''}; ${windows.map((w) => `Bestfit's ${w} ms window is ${againstFloor(cpu(runs('candidate', w)) - fCpu)}`).join(', ')}.`,
    );
  }
  const saturated = ref.some((r) => r.serverCpu >= 0.9);
  const notes = [
    ...floorNotes,
    ...(saturated
      ? [
          'The reference used ≥ 90 % of a core: it was saturated, so its CPU at this load is capped and the true ratio is lower than shown.',
        ]
      : []),
    `Presence states delivered (later states may replace earlier ones in a batch): ${windows.map((w) => `${(delivered(runs('candidate', w)) * 100).toFixed(1)} % at ${w} ms`).join(', ')} (Bestfit), ${(delivered(ref) * 100).toFixed(1)} % (reference).`,
    `Load processes' CPU: ${windows.map((w) => `${(median(runs('candidate', w).map((r) => r.loadCpu)) * 100).toFixed(0)} % at ${w} ms`).join(', ')} (Bestfit runs), ${(median(ref.map((r) => r.loadCpu)) * 100).toFixed(0)} % (reference runs) of a core.`,
  ];
  return {
    scenario: 3,
    title: 'Presence',
    rows,
    goals: [goalCpu, p99Goal],
    raw: Object.fromEntries(data),
    notes,
    seconds,
  };
}
