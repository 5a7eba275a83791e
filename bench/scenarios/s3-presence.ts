/**
 * Scenario 3: presence. 200 thin clients in one review, each moving to another cell twice a
 * second (an awareness update carrying its send time). Measured: the server's CPU time over the
 * window (from /proc, utime + stime) at the same offered load on both servers, and awareness
 * latency (send → receipt by every other participant).
 */
import type { Context } from '../lib/context.ts';
import { BA } from '../lib/context.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import type { ServerKind } from '../lib/servers.ts';
import { Histogram } from '../lib/stats.ts';
import type { PresenceResult } from '../load/commands.ts';
import { alternate, median, withHarness } from './common.ts';

const PARTICIPANTS = 200;
const HZ = 2;

interface PresenceRun extends PresenceResult {
  serverCpu: number;
  serverCpuSeconds: number;
  loadCpu: number;
}

export async function runPresence(ctx: Context): Promise<Map<ServerKind, PresenceRun[]>> {
  const durationMs = ctx.options.quick ? 3_000 : 6_000;
  return alternate(ctx, ['candidate', 'reference'], (kind, rep) =>
    withHarness(ctx, kind, {}, async ({ s, worker, sampler }) => {
      const review = await ctx.review(s, worker, BA, PARTICIPANTS, `Presence ${rep + 1}`);
      const result = await worker.call<PresenceResult>('presence', {
        base: s.server.wsBase,
        room: review.room,
        tokens: review.tokens.length > 1 ? review.tokens : Array.from({ length: PARTICIPANTS }, () => null),
        hz: HZ,
        durationMs,
        warmupMs: 1_000,
        criteria: ctx.criteria(BA),
        levels: ctx.levels(BA),
      });
      const { start, end } = result.window;
      return {
        ...result,
        serverCpu: sampler.cpuShare(s.server.pid, start, end),
        serverCpuSeconds: sampler.cpuSeconds(s.server.pid, start, end),
        loadCpu: sampler.cpuShare(worker.pid, start, end),
      };
    }),
  );
}

export function reportPresence(data: Map<ServerKind, PresenceRun[]>, seconds: number): ScenarioReport {
  const runs = (k: ServerKind) => data.get(k) ?? [];
  const cpu = (k: ServerKind) => median(runs(k).map((r) => r.serverCpu));
  const hist = (k: ServerKind) => Histogram.mergeAll(runs(k).map((r) => r.hist));
  const delivered = (k: ServerKind) => {
    const sent = runs(k).reduce((s, r) => s + r.sent, 0) * (PARTICIPANTS - 1);
    return sent ? runs(k).reduce((s, r) => s + r.received, 0) / sent : Number.NaN;
  };
  const cCpu = cpu('candidate');
  const rCpu = cpu('reference');
  const cpuRatio = ratio(cCpu, rCpu);
  const cP99 = hist('candidate').percentile(99);
  const rP99 = hist('reference').percentile(99);
  const rows: Row[] = [
    {
      scenario: 3,
      metric: `presence: server CPU, ${PARTICIPANTS} people moving at ${HZ} Hz`,
      unit: '% of a core',
      candidate: cCpu * 100,
      reference: rCpu * 100,
      ratio: cpuRatio,
      target: '≤ 0.25×',
      met: cpuRatio === null ? null : cpuRatio <= 0.25,
    },
    {
      scenario: 3,
      metric: 'presence: awareness p50',
      unit: 'ms',
      candidate: hist('candidate').percentile(50),
      reference: hist('reference').percentile(50),
      ratio: ratio(hist('candidate').percentile(50), hist('reference').percentile(50)),
    },
    {
      scenario: 3,
      metric: 'presence: awareness p99',
      unit: 'ms',
      candidate: cP99,
      reference: rP99,
      ratio: ratio(cP99, rP99),
      target: '≤ 100 ms',
      met: Number.isFinite(cP99) ? cP99 <= 100 : null,
    },
  ];
  const goals: Goal[] = [
    {
      scenario: 3,
      metric: 'presence server CPU at equal offered load',
      unit: '% of a core',
      candidate: cCpu * 100,
      reference: rCpu * 100,
      ratio: cpuRatio,
      target: '≤ 0.25×',
      met: rows[0]!.met ?? null,
    },
    {
      scenario: 3,
      metric: 'awareness p99',
      unit: 'ms',
      candidate: cP99,
      reference: null,
      ratio: null,
      target: '≤ 100 ms',
      met: rows[2]!.met ?? null,
    },
  ];
  const saturated = runs('reference').some((r) => r.serverCpu >= 0.9);
  const notes = [
    ...(saturated
      ? [
          'The reference used ≥ 90 % of a core: it was saturated, so its CPU at this load is capped and the true ratio is lower than shown.',
        ]
      : []),
    `Presence states delivered (later states may replace earlier ones in a batch): ${(delivered('candidate') * 100).toFixed(1)} % (Bestfit), ${(delivered('reference') * 100).toFixed(1)} % (reference).`,
    `Load process CPU: ${(median(runs('candidate').map((r) => r.loadCpu)) * 100).toFixed(0)} % (Bestfit runs), ${(median(runs('reference').map((r) => r.loadCpu)) * 100).toFixed(0)} % (reference runs) of a core.`,
  ];
  return { scenario: 3, title: 'Presence', rows, goals, raw: Object.fromEntries(data), notes, seconds };
}
