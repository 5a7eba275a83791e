/**
 * Scenario 6: the cost of durability. Scenarios 1 and 2 run against the project's server with its
 * SQLite store and against the same server with the review log kept in memory
 * (bench/servers/memory-log-store.ts, passed to startServer), alternating with the other runs. Event-loop stalls are read
 * from Node's event-loop delay histogram inside the server (bench/servers/eld.ts). Then a
 * `kill -9` in the middle of a scenario 2 load: after a restart on the same data folder, every
 * edit any participant had received must be in the review.
 */
import * as Y from 'yjs';
import type { Context } from '../lib/context.ts';
import { LARGE_FRAMEWORK_ID } from '../lib/context.ts';
import { admit, createReview } from '../lib/candidate-access.ts';
import { largeCriteria } from '../lib/frameworks.ts';
import { bootstrapHistogramRatio, bootstrapRatio, type Interval } from '../lib/bootstrap.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import { Worker } from '../lib/rpc.ts';
import { startCandidate, type EldStats, type ServerKind } from '../lib/servers.ts';
import { fmt } from '../lib/stats.ts';
import { metOf, verdict } from '../lib/verdict.ts';
import { SLICE_MS, roomUrl, type KillReport } from '../load/commands.ts';
import { PARTICIPANT_COUNTS, pooled, type LatencyRun } from './s1-latency.ts';
import { FIXED_RATES, PARTICIPANTS, bestRate, p99At, type RampRun } from './s2-fanout.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface KillResult {
  rate: number;
  writers: number;
  sent: number;
  received: number;
  stored: number;
  /** Edits someone had received that the restarted server does not have. */
  lost: number;
  /** Edits sent but never relayed (allowed to be missing: nobody saw them). */
  unacknowledged: number;
  restartMs: number;
}

export async function runKill(ctx: Context, rate: number): Promise<KillResult> {
  const s = await ctx.start('candidate');
  const dataDir = s.dataDir!;
  const worker = await Worker.start();
  try {
    const owner = ctx.accounts.owner.token;
    const room = await createReview(s.server.url, owner, LARGE_FRAMEWORK_ID, 'Kill -9');
    const tokens = ctx.accounts.participants.slice(0, PARTICIPANTS);
    await admit(s.server.url, owner, room, tokens);
    await worker.call('killStart', {
      base: s.server.wsBase,
      room,
      tokens,
      keys: largeCriteria()
        .slice(0, PARTICIPANTS)
        .map((c) => `self/${c}/-`),
      levels: ctx.levels(LARGE_FRAMEWORK_ID),
      rate,
    });
    await sleep(ctx.options.quick ? 2_000 : 4_000);
    await s.server.kill9();
    await sleep(300);
    const report = await worker.call<KillReport>('killStop', {});
    const t0 = Date.now();
    const again = await startCandidate({ dataDir, frameworksDir: ctx.frameworksDir });
    const restartMs = Date.now() - t0;
    try {
      const state = await worker.call<Uint8Array>('fetchState', { url: roomUrl(again.wsBase, room, tokens[0]) });
      const stored = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state));
      let lost = 0;
      let unacknowledged = 0;
      let storedTotal = 0;
      for (const w of report.writers) {
        const have = stored.get(w.clientID) ?? 0;
        storedTotal += have;
        lost += Math.max(0, w.receivedByAnyone - have);
        unacknowledged += Math.max(0, w.sent - Math.max(have, w.receivedByAnyone));
      }
      return {
        rate,
        writers: report.writers.length,
        sent: report.writers.reduce((a, w) => a + w.sent, 0),
        received: report.writers.reduce((a, w) => a + w.receivedByAnyone, 0),
        stored: storedTotal,
        lost,
        unacknowledged,
        restartMs,
      };
    } finally {
      await again.stop();
    }
  } finally {
    await worker.stop();
    await ctx.stop(s);
  }
}

export function reportDurability(
  latency: Map<ServerKind, LatencyRun[][]>,
  ramp: Map<ServerKind, RampRun[]>,
  kill: KillResult | null,
  seconds: number,
): ScenarioReport {
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  /** Met or missed only when the ratio's 95 % interval clears 1.1× (results without samples: by the point). */
  const judged = (q: number | null, ci: Interval): Pick<Goal, 'met' | 'interval' | 'verdict'> => {
    if (!Number.isFinite(ci.low) || !Number.isFinite(ci.high)) return { met: q === null ? null : q <= 1.1 };
    const v = verdict(ci, { op: '<=', value: 1.1 });
    return { met: metOf(v), interval: [ci.low, ci.high], verdict: v };
  };
  const durability = (what: string, goal: string, c: number, m: number, ci: Interval, note?: string) => {
    const q = ratio(c, m);
    const j = judged(q, ci);
    rows.push({
      scenario: 6,
      metric: what,
      unit: 'ms',
      candidate: c,
      reference: m,
      ratio: q,
      target: '≤ 1.1×',
      ...j,
      note,
    });
    goals.push({
      scenario: 6,
      metric: goal,
      unit: 'ms',
      candidate: c,
      reference: m,
      ratio: q,
      target: '≤ 1.1× in-memory',
      ...j,
    });
  };
  for (const n of PARTICIPANT_COUNTS) {
    const c = pooled(latency.get('candidate'), n);
    const m = pooled(latency.get('memory'), n);
    // Edits resampled whole, as scenario 1 does.
    durability(
      `scenario 1 p99, N = ${n}: SQLite vs in-memory store`,
      `durability cost, scenario 1 p99 at N = ${n}`,
      c.p99,
      m.p99,
      bootstrapRatio(c.edits, m.edits, 99, { seed: n }),
      `${c.edits.length} / ${m.edits.length} edits`,
    );
  }
  // What storing before relaying costs the bare relay (the stored floor against the floor): the
  // least durability can cost, beside what it costs Bestfit.
  if (latency.has('floor') && latency.has('stored-floor')) {
    for (const n of PARTICIPANT_COUNTS) {
      const f = pooled(latency.get('floor'), n);
      const s = pooled(latency.get('stored-floor'), n);
      const ci = bootstrapRatio(s.edits, f.edits, 99, { seed: n });
      rows.push({
        scenario: 6,
        metric: `scenario 1 p99, N = ${n}: the floor (bare relay) storing each update before relaying it vs not`,
        unit: 'ms',
        candidate: s.p99,
        reference: f.p99,
        ratio: ratio(s.p99, f.p99),
        interval: [ci.low, ci.high],
        note: `no goal: the least storing costs here; ${s.edits.length} / ${f.edits.length} edits, p50 ${s.p50.toFixed(2)} / ${f.p50.toFixed(2)} ms`,
      });
    }
  }
  const cBest = bestRate(ramp.get('candidate'));
  const mBest = bestRate(ramp.get('memory'));
  // p99 at the highest fixed rate both stores passed in every run (else the first), at equal load.
  const passedEverywhere = (rate: number) =>
    (['candidate', 'memory'] as const).every((k) =>
      (ramp.get(k) ?? []).every((r) => r.steps.some((st) => st.phase === 'fixed' && st.rate === rate && st.pass)),
    );
  const common = [...FIXED_RATES].reverse().find(passedEverywhere) ?? FIXED_RATES[0]!;
  // Whole slices of time resampled: one stall delays every edit sent during it.
  const slicesAt = (kind: ServerKind) =>
    (ramp.get(kind) ?? []).flatMap((r) => r.steps.filter((st) => st.rate === common).flatMap((st) => st.slices ?? []));
  const [cSlices, mSlices] = [slicesAt('candidate'), slicesAt('memory')];
  durability(
    `scenario 2 p99 at ${common} edits/s: SQLite vs in-memory store`,
    `durability cost, scenario 2 p99 at ${common} edits/s`,
    p99At(ramp.get('candidate'), common),
    p99At(ramp.get('memory'), common),
    bootstrapHistogramRatio(cSlices, mSlices, 99, { seed: common }),
    `${cSlices.length} / ${mSlices.length} slices of ${SLICE_MS} ms resampled`,
  );
  rows.push({
    scenario: 6,
    metric: 'scenario 2 highest passing rate: SQLite vs in-memory store',
    unit: 'edits/s',
    candidate: cBest,
    reference: mBest,
    ratio: ratio(cBest, mBest),
  });

  // Stalls: the event-loop delay inside the SQLite server over scenario 1 and the passing steps of scenario 2.
  const stall = (kind: ServerKind) => {
    const s1 = (latency.get(kind) ?? []).flat().flatMap((r) => (r.eld ? [r.eld] : []));
    const passing = (fixedOnly: boolean) =>
      (ramp.get(kind) ?? []).flatMap((r) =>
        r.steps
          .filter((st) => st.pass && (!fixedOnly || st.phase === 'fixed'))
          .flatMap((st) => (st.eld ? [st.eld] : [])),
      );
    const s2 = passing(false);
    // The fixed rates alone: the same offered load for every server, the floor included, none at its limit.
    const fixed = passing(true);
    const worst = (xs: EldStats[]) => xs.reduce<EldStats | null>((w, x) => (w && w.max >= x.max ? w : x), null);
    const w1 = worst(s1);
    const w2 = worst(s2);
    const all = worst([...s1, ...s2]);
    return {
      s1: w1?.max ?? Number.NaN,
      s2: w2?.max ?? Number.NaN,
      all: all?.max ?? Number.NaN,
      fixed: worst(fixed)?.max ?? Number.NaN,
      // How much of each longest stall was the garbage collector's pauses, and the longest pause seen.
      gc1: w1?.gcInWorst ?? Number.NaN,
      gc2: w2?.gcInWorst ?? Number.NaN,
      gcMax: [...s1, ...s2].reduce((m, x) => (Number.isNaN(m) ? x.gcMax : Math.max(m, x.gcMax)), Number.NaN),
    };
  };
  const cs = stall('candidate');
  const ms = stall('memory');
  const rs = stall('reference');
  // The floor (a bare ws relay, no Yjs, no store) runs scenario 1 only: what the machine and Node give any server.
  const fs = stall('floor');
  rows.push({
    scenario: 6,
    metric: 'longest event-loop stall, scenarios 1 and 2 (passing steps)',
    unit: 'ms',
    candidate: cs.all,
    reference: ms.all,
    target: '≤ 5 ms',
    met: Number.isFinite(cs.all) ? cs.all <= 5 : null,
    note: `reference server ${fmt(rs.all)} ms${Number.isFinite(fs.s1) ? `; floor (bare ws relay) in scenario 1 ${fmt(fs.s1)} ms, Bestfit ${fmt(cs.s1)} ms` : ''}${Number.isFinite(fs.fixed) ? `; at scenario 2's fixed rates the floor ${fmt(fs.fixed)} ms, Bestfit ${fmt(cs.fixed)} ms, the reference ${fmt(rs.fixed)} ms` : ''}`,
  });
  goals.push({
    scenario: 6,
    metric: 'no event-loop stall over 5 ms',
    unit: 'ms',
    candidate: cs.all,
    reference: null,
    ratio: null,
    target: '≤ 5 ms',
    met: rows.at(-1)!.met ?? null,
  });
  const share = (kind: ServerKind) => {
    const runs = (latency.get(kind) ?? []).flat();
    const slots = runs.reduce((a, r) => a + (r.eld?.slots ?? 0), 0);
    return slots ? runs.reduce((a, r) => a + (r.eld?.slotsOver5ms ?? 0), 0) / slots : Number.NaN;
  };
  notes.push(
    `Share of 50 ms intervals in scenario 1 with an event-loop delay over 5 ms: ${fmt(share('candidate') * 100)} % (SQLite), ${fmt(share('memory') * 100)} % (in-memory), ${fmt(share('reference') * 100)} % (reference).`,
  );
  notes.push(
    `Longest event-loop stall: scenario 1 ${fmt(cs.s1)} ms (SQLite), ${fmt(ms.s1)} ms (in-memory), ${fmt(rs.s1)} ms (reference); scenario 2 passing steps ${fmt(cs.s2)} / ${fmt(ms.s2)} / ${fmt(rs.s2)} ms.`,
  );
  notes.push(
    `Of which garbage-collection pauses (in the 50 ms slot holding each longest stall): scenario 1 ${fmt(cs.gc1)} / ${fmt(ms.gc1)} / ${fmt(rs.gc1)} ms, scenario 2 ${fmt(cs.gc2)} / ${fmt(ms.gc2)} / ${fmt(rs.gc2)} ms; longest single pause ${fmt(cs.gcMax)} / ${fmt(ms.gcMax)} / ${fmt(rs.gcMax)} ms${Number.isFinite(fs.s1) ? `, the floor ${fmt(fs.gc1)} ms of its ${fmt(fs.s1)} ms stall` : ''}.`,
  );
  if (kill) {
    rows.push({
      scenario: 6,
      metric: `kill -9 during scenario 2 (${kill.rate} edits/s): edits received by someone but lost`,
      unit: '',
      candidate: kill.lost,
      reference: null,
      target: '0',
      met: kill.lost === 0,
      note: `${kill.received} received, ${kill.stored} stored`,
    });
    goals.push({
      scenario: 6,
      metric: 'zero received updates lost after kill -9',
      unit: 'edits',
      candidate: kill.lost,
      reference: null,
      ratio: null,
      target: '0',
      met: kill.lost === 0,
    });
    notes.push(
      `kill -9: ${kill.writers} writers sent ${kill.sent} edits; ${kill.received} had reached another participant; ${kill.stored} were in the review after a restart (${kill.restartMs} ms); ${kill.unacknowledged} sent but never relayed (allowed to be missing).`,
    );
  }
  notes.push('Left column: the SQLite store; right column: the same server with the in-memory log.');
  return {
    scenario: 6,
    title: 'Durability cost',
    rows,
    goals,
    raw: { kill, sqliteVsMemory: 'see scenarios 1 and 2 raw data (kinds "candidate" and "memory")' },
    notes,
    seconds,
  };
}
