/**
 * Scenario 1: edit-to-visible latency in one review at N = 5, 50, 200 participants, one writer at
 * 20 edits/s. The writer and one watcher are stock y-websocket providers (the watcher measures
 * when the edit is applied to its Y.Doc); the other N − 2 are thin clients measuring when the
 * relayed update arrives. Latency = receipt − send, same process, same clock. 1,000 distinct
 * edits per N over the runs (`--edits`); both servers get the same warm-up, and a connection holds
 * the review open throughout so neither reloads it between N values. p99 ratios carry bootstrap
 * 95 % intervals that resample edits (every receiver's latency for an edit stays together).
 * The floor (bench/servers/floor.ts, a bare relay with no Yjs) runs the same load, so each
 * server's p99 is also shown as milliseconds above the least a server can do on this machine; and
 * the stored floor (the same relay writing each update to SQLite before relaying it) places the
 * goal against the least a server that stores before relaying can do.
 */
import type { Context } from '../lib/context.ts';
import { BA } from '../lib/context.ts';
import { bootstrapRatio } from '../lib/bootstrap.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import { metOf, verdict } from '../lib/verdict.ts';
import { roomUrl } from '../load/commands.ts';
import type { EldStats, ServerKind } from '../lib/servers.ts';
import { Histogram } from '../lib/stats.ts';
import type { LatencyResult } from '../load/commands.ts';
import { alternate, withHarness } from './common.ts';

export const PARTICIPANT_COUNTS = [5, 50, 200];
const RATE = 20;

export interface LatencyRun {
  n: number;
  result: LatencyResult;
  eld: EldStats | null;
  serverCpu: number;
  /** Kernel share of serverCpu (absent in results from before it was measured). */
  serverSystem?: number;
  loadCpu: number;
}

export async function runLatency(ctx: Context, kinds: ServerKind[]): Promise<Map<ServerKind, LatencyRun[][]>> {
  const perRun = Math.ceil(ctx.options.edits / ctx.options.repeat);
  const durationMs = Math.ceil((perRun / RATE) * 1000);
  const keys = ctx.ratingKeys(BA);
  const levels = ctx.levels(BA);
  const most = Math.max(...PARTICIPANT_COUNTS);
  return alternate(ctx, kinds, (kind, rep) =>
    withHarness(ctx, kind, { eld: true }, async ({ s, worker, sampler }) => {
      // One more participant than the largest N: the connection that holds the review open.
      const review = await ctx.review(s, worker, BA, most + 1, `Latency ${rep + 1}`);
      const holder = roomUrl(s.server.wsBase, review.room, review.tokens[most] ?? review.tokens[0]);
      const tokens = review.tokens.length > 1 ? review.tokens.slice(0, most) : review.tokens;
      const call = (n: number, ms: number, warmupMs: number) =>
        worker.call<LatencyResult>('latency', {
          base: s.server.wsBase,
          room: review.room,
          tokens,
          n,
          rate: RATE,
          durationMs: ms,
          warmupMs,
          keys,
          levels,
        });
      await worker.call('holdOpen', { url: holder });
      const runs: LatencyRun[] = [];
      try {
        // The same warm-up on both servers, not measured: JIT and first GCs at the smallest N.
        await call(PARTICIPANT_COUNTS[0]!, ctx.options.quick ? 1_000 : 5_000, 0);
        for (const n of PARTICIPANT_COUNTS) {
          const result = await call(n, durationMs, 500);
          const eld = await s.server.eldRead(result.window);
          const { start, end } = result.window;
          runs.push({
            n,
            result,
            eld,
            serverCpu: sampler.cpuShare(s.server.pid, start, end),
            serverSystem: sampler.systemShare(s.server.pid, start, end),
            loadCpu: sampler.cpuShare(worker.pid, start, end),
          });
        }
      } finally {
        await worker.call('holdClose', { url: holder });
      }
      return runs;
    }),
  );
}

/** Pooled over repetitions: every sample of every run at each N. */
export function pooled(runs: LatencyRun[][] | undefined, n: number) {
  const list = (runs ?? []).flat().filter((r) => r.n === n);
  const hist = Histogram.mergeAll(list.map((r) => r.result.all));
  return {
    hist,
    p50: hist.percentile(50),
    p99: hist.percentile(99),
    lost: list.reduce((s, r) => s + r.result.lost, 0),
    closed: list.reduce((s, r) => s + r.result.closed, 0),
    eldMax: list.reduce((m, r) => Math.max(m, r.eld?.max ?? Number.NaN), Number.NEGATIVE_INFINITY),
    edits: list.flatMap((r) => r.result.edits ?? []),
    serverCpu: list.reduce((s, r) => s + r.serverCpu, 0) / Math.max(1, list.length),
    serverSystem: list.reduce((s, r) => s + (r.serverSystem ?? Number.NaN), 0) / Math.max(1, list.length),
    loadCpu: list.reduce((s, r) => s + r.loadCpu, 0) / Math.max(1, list.length),
  };
}

export function reportLatency(data: Map<ServerKind, LatencyRun[][]>, seconds: number): ScenarioReport {
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  for (const n of PARTICIPANT_COUNTS) {
    const c = pooled(data.get('candidate'), n);
    const r = pooled(data.get('reference'), n);
    rows.push({
      scenario: 1,
      metric: `edit-to-visible p50, N = ${n}`,
      unit: 'ms',
      candidate: c.p50,
      reference: r.p50,
      ratio: ratio(c.p50, r.p50),
    });
    const p99Ratio = ratio(c.p99, r.p99);
    const ci = bootstrapRatio(c.edits, r.edits, 99, { seed: n });
    const interval: [number, number] = [ci.low, ci.high];
    const v = verdict(ci, { op: '<=', value: 1.0 });
    const met = metOf(v);
    rows.push({
      scenario: 1,
      metric: `edit-to-visible p99, N = ${n}`,
      unit: 'ms',
      candidate: c.p99,
      reference: r.p99,
      ratio: p99Ratio,
      target: '≤ 1.0×',
      met,
      interval,
      verdict: v,
      note: `${c.edits.length} / ${r.edits.length} edits`,
    });
    goals.push({
      scenario: 1,
      metric: `edit-to-visible p99 at N = ${n}`,
      unit: 'ms',
      candidate: c.p99,
      reference: r.p99,
      ratio: p99Ratio,
      target: '≤ 1.0×',
      met,
      interval,
      verdict: v,
    });
    // How far above the least any y-websocket server can do here each server's p99 is.
    if (data.has('floor')) {
      const f = pooled(data.get('floor'), n);
      rows.push({
        scenario: 1,
        metric: `edit-to-visible p99 above the floor (a bare ws relay, no Yjs), N = ${n}`,
        unit: 'ms',
        candidate: c.p99 - f.p99,
        reference: r.p99 - f.p99,
        ratio: null,
        note: `floor p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms over ${f.edits.length} edits; server CPU ${(f.serverCpu * 100).toFixed(0)} % of a core`,
      });
    }
    // The least a server that stores each edit before relaying it can do: where the goal lies against it.
    if (data.has('stored-floor')) {
      const f = pooled(data.get('stored-floor'), n);
      const vsReference = bootstrapRatio(f.edits, r.edits, 99, { seed: n });
      const place = verdict(vsReference, { op: '<=', value: 1.0 });
      const where =
        place === 'missed'
          ? 'the goal lies below it'
          : place === 'met'
            ? 'the goal lies above it'
            : 'the goal lies within its interval';
      rows.push({
        scenario: 1,
        metric: `edit-to-visible p99 above the stored floor (the bare relay, storing each update before relaying it), N = ${n}`,
        unit: 'ms',
        candidate: c.p99 - f.p99,
        reference: r.p99 - f.p99,
        ratio: null,
        note: `stored floor p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms over ${f.edits.length} edits, ${ratio(f.p99, r.p99)?.toFixed(2)}× the reference's p99 [${vsReference.low.toFixed(2)}–${vsReference.high.toFixed(2)}]: ${where}`,
      });
    }
    const stockCloses = [...data.values()]
      .flat(2)
      .filter((x) => x.n === n)
      .flatMap((x) => x.result.stockCloses);
    if (stockCloses.length > 0)
      notes.push(`N = ${n}: the server closed stock clients: ${[...new Set(stockCloses)].join('; ')}.`);
    if (c.lost || r.lost || c.closed || r.closed)
      notes.push(
        `N = ${n}: lost ${c.lost} (Bestfit) / ${r.lost} (reference) receipts; ${c.closed} / ${r.closed} connections closed.`,
      );
    notes.push(
      `N = ${n}: server CPU ${(c.serverCpu * 100).toFixed(0)} % (kernel ${(c.serverSystem * 100).toFixed(0)} %) (Bestfit) vs ${(r.serverCpu * 100).toFixed(0)} % (kernel ${(r.serverSystem * 100).toFixed(0)} %) (reference) of a core; load process ${(c.loadCpu * 100).toFixed(0)} % / ${(r.loadCpu * 100).toFixed(0)} %; samples ${c.hist.count} / ${r.hist.count}.`,
    );
  }
  return {
    scenario: 1,
    title: 'Edit-to-visible latency',
    rows,
    goals,
    raw: Object.fromEntries(data),
    notes,
    seconds,
  };
}
