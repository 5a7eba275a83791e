/**
 * Scenario 4: many small reviews. 2,000 reviews (B&A SEF) × 2 participants, each a different
 * person with presence set, then everyone leaves; also on the floor (a bare relay, bench/servers/floor.ts)
 * to place the others. Memory is read on both servers after a forced
 * full GC (over IPC, bench/servers/eld.ts), so it is what is held, not garbage not yet collected:
 * the resident set (VmRSS from /proc, averaged over a second) and the V8 heap in use, before anyone
 * joins (baseline) and with everyone connected; then the resident set after the last one left,
 * watched for the same time on both. The 2,000 candidate reviews are created once, through the
 * API, in a data folder template every run copies.
 */
import type { Context } from '../lib/context.ts';
import { BA } from '../lib/context.ts';
import { admit, createReview, pool } from '../lib/candidate-access.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import type { ServerHandle, ServerKind } from '../lib/servers.ts';
import type { ManyResult } from '../load/commands.ts';
import { fmt } from '../lib/stats.ts';
import { alternate, median, withHarness } from './common.ts';
import { readProc, type Sampler } from '../lib/proc.ts';

const REVIEWS = 2_000;
const CONNECTIONS = REVIEWS * 2;

interface ManyRun {
  /** RSS after a forced full GC (absent from results before it was forced: then RSS as it was). */
  baseline: number;
  connected: number;
  perConnection: number;
  /** V8 heap in use after a forced full GC, and per connection. */
  heapBaseline?: number;
  heapConnected?: number;
  heapPerConnection?: number;
  /** RSS (bytes) after everyone left, by seconds since. */
  after: [number, number][];
  /** RSS at the end of the watch, relative to the baseline (1.0 = back to it). */
  finalVsBaseline: number;
  watchSeconds: number;
  openReviews: number | null;
  connect: ManyResult;
  leaveMs: number;
  /** Diagnosis after the watch (not part of the goal): heap in use, then RSS and heap after a forced full GC. */
  heapUsedBeforeGc: number | null;
  afterGc: { rss: number; heapUsed: number; heapTotal: number; external: number } | null;
  /** RSS from /proc 3 s after that GC (V8 returns pages to the OS in the background). */
  rssAfterGc: number | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** After a forced full GC: the heap in use, then RSS averaged over a second (V8 returns pages in the background). */
async function afterGc(s: ServerHandle, sampler: Sampler): Promise<{ rss: number; heap: number }> {
  const memory = await s.memory(true);
  await sleep(1_000);
  return { rss: await rssOver(sampler, s.pid, 1_000), heap: memory?.heapUsed ?? Number.NaN };
}

async function rssOver(sampler: Sampler, pid: number, ms: number): Promise<number> {
  const start = Date.now();
  await sleep(ms);
  const list = (sampler.samples.get(pid) ?? []).filter((s) => s.t >= start);
  return list.length ? list.reduce((a, s) => a + s.rss, 0) / list.length : Number.NaN;
}

export async function runMany(ctx: Context): Promise<Map<ServerKind, ManyRun[]>> {
  const rooms: string[] = [];
  const template = await ctx.template('many', async (server) => {
    const owner = ctx.accounts.owner.token;
    const ids = await pool(
      Array.from({ length: REVIEWS }, (_, i) => i),
      8,
      async (i) => {
        const id = await createReview(server.url, owner, BA, `Many ${i + 1}`);
        await admit(server.url, owner, id, ctx.accounts.participants.slice(i * 2, i * 2 + 2), 2);
        return id;
      },
    );
    rooms.push(...ids);
  });
  const seed = await ctx.skeleton(BA);
  const watchSeconds = ctx.options.settleSeconds;
  // At most two repetitions: each waits a minute for memory to settle.
  const reps = Math.min(ctx.options.repeat, 2);
  return alternate(
    ctx,
    ['candidate', 'reference', 'floor'],
    (kind) =>
      withHarness(ctx, kind, { template, inspect: true }, async ({ s, worker, sampler }) => {
        const candidate = kind === 'candidate';
        await sleep(1_000);
        const base = await afterGc(s.server, sampler);
        const connect = await worker.call<ManyResult>(
          'manyConnect',
          {
            base: s.server.wsBase,
            rooms: candidate ? rooms : rooms.map((_, i) => `many-${i + 1}`),
            tokens: rooms.map((_, i) =>
              candidate ? [ctx.accounts.participants[i * 2]!, ctx.accounts.participants[i * 2 + 1]!] : null,
            ),
            seed: candidate ? null : seed,
            concurrency: 100,
          },
          600_000,
        );
        await sleep(2_000);
        const full = await afterGc(s.server, sampler);
        const { closedMs } = await worker.call<{ closedMs: number }>('manyLeave', {});
        const left = Date.now();
        // The same watch on both (the reference never unloads a document without persistence).
        const watch = watchSeconds;
        const after: [number, number][] = [];
        for (let t = 5; t <= watch; t += 5) {
          await sleep(left + t * 1_000 - Date.now());
          const sample = (sampler.samples.get(s.server.pid) ?? []).at(-1);
          if (sample) after.push([t, sample.rss]);
        }
        const final = await rssOver(sampler, s.server.pid, 1_000);
        let openReviews: number | null = null;
        if (candidate) {
          const health = (await (await fetch(`${s.server.url}/healthz`)).json()) as { openReviews?: number };
          openReviews = health.openReviews ?? null;
        }
        const before = await s.server.memory(false);
        const after2 = await s.server.memory(true);
        await sleep(3_000);
        const rssAfterGc = readProc(s.server.pid)?.rss ?? null;
        return {
          baseline: base.rss,
          connected: full.rss,
          perConnection: (full.rss - base.rss) / CONNECTIONS,
          heapBaseline: base.heap,
          heapConnected: full.heap,
          heapPerConnection: (full.heap - base.heap) / CONNECTIONS,
          after,
          finalVsBaseline: final / base.rss,
          watchSeconds: watch,
          openReviews,
          connect,
          leaveMs: closedMs,
          heapUsedBeforeGc: before?.heapUsed ?? null,
          afterGc: after2
            ? { rss: after2.rss, heapUsed: after2.heapUsed, heapTotal: after2.heapTotal, external: after2.external }
            : null,
          rssAfterGc,
        };
      }),
    reps,
  );
}

const kib = (bytes: number) => bytes / 1024;
const mib = (bytes: number) => bytes / 2 ** 20;

export function reportMany(data: Map<ServerKind, ManyRun[]>, seconds: number): ScenarioReport {
  const runs = (k: ServerKind) => data.get(k) ?? [];
  const per = (k: ServerKind) => median(runs(k).map((r) => r.perConnection));
  const c = per('candidate');
  const r = per('reference');
  const q = ratio(c, r);
  // Worst run: the goal has to hold every time, and one run of two says little as a median.
  const worst = (k: ServerKind) =>
    runs(k).reduce((m, x) => (Number.isNaN(m) ? x.finalVsBaseline : Math.max(m, x.finalVsBaseline)), Number.NaN);
  const cFinal = worst('candidate');
  const rFinal = worst('reference');
  const perRun = runs('candidate')
    .map((x) => `${fmt(x.finalVsBaseline)}×`)
    .join(', ');
  const watch = runs('candidate')[0]?.watchSeconds ?? 0;
  const open = runs('candidate').map((x) => x.openReviews);
  const failed = [...data.values()].flat().reduce((s, x) => s + x.connect.failed, 0);
  const rows: Row[] = [
    {
      scenario: 4,
      metric: `${REVIEWS.toLocaleString('en-GB')} reviews × 2: memory per connection (RSS after a forced full GC)`,
      unit: 'KiB',
      candidate: kib(c),
      reference: kib(r),
      ratio: q,
      target: '≤ 0.75×',
      met: q === null ? null : q <= 0.75,
    },
    {
      scenario: 4,
      metric: 'V8 heap in use per connection (after a forced full GC)',
      unit: 'KiB',
      candidate: kib(median(runs('candidate').map((x) => x.heapPerConnection ?? Number.NaN))),
      reference: kib(median(runs('reference').map((x) => x.heapPerConnection ?? Number.NaN))),
      ratio: ratio(
        median(runs('candidate').map((x) => x.heapPerConnection ?? Number.NaN)),
        median(runs('reference').map((x) => x.heapPerConnection ?? Number.NaN)),
      ),
    },
    // The least any server holds per connection here: a bare relay keeping only the frames it was sent.
    ...(data.has('floor')
      ? [
          {
            scenario: 4,
            metric: 'memory per connection above the floor (a bare ws relay, no Yjs; RSS after a forced full GC)',
            unit: 'KiB',
            candidate: kib(c - per('floor')),
            reference: kib(r - per('floor')),
            ratio: null,
            note: `floor ${kib(per('floor')).toFixed(1)} KiB RSS, ${kib(median(runs('floor').map((x) => x.heapPerConnection ?? Number.NaN))).toFixed(1)} KiB heap per connection`,
          },
        ]
      : []),
    {
      scenario: 4,
      metric: 'RSS: baseline → all connected',
      unit: 'MiB',
      candidate: mib(median(runs('candidate').map((x) => x.connected))),
      reference: mib(median(runs('reference').map((x) => x.connected))),
      note: `baselines ${mib(median(runs('candidate').map((x) => x.baseline))).toFixed(0)} / ${mib(median(runs('reference').map((x) => x.baseline))).toFixed(0)} MiB`,
    },
    {
      scenario: 4,
      metric: `RSS ${watch} s after the last left (both servers), vs baseline (worst run; Bestfit runs: ${perRun})`,
      unit: '×',
      candidate: cFinal,
      reference: rFinal,
      target: '≤ 1.1× (Bestfit)',
      met: Number.isFinite(cFinal) ? cFinal <= 1.1 : null,
      note: `reviews still open: ${open.join(', ')}`,
    },
  ];
  const goals: Goal[] = [
    {
      scenario: 4,
      metric: 'memory per connection',
      unit: 'KiB',
      candidate: kib(c),
      reference: kib(r),
      ratio: q,
      target: '≤ 0.75×',
      met: rows[0]!.met ?? null,
    },
    {
      scenario: 4,
      metric: `memory ${watch} s after the last participant left (worst run: ${perRun})`,
      unit: '× baseline',
      candidate: cFinal,
      reference: null,
      ratio: null,
      target: '≤ 1.1× baseline, reviews unloaded',
      met: Number.isFinite(cFinal) ? cFinal <= 1.1 && open.every((n) => n === 0) : null,
    },
  ];
  const notes = [
    ...[...data].flatMap(([kind, list]) =>
      list.map(
        (x, i) =>
          `${kind} run ${i + 1}: ${x.connect.connected} connected in ${(x.connect.ms / 1000).toFixed(1)} s (${x.connect.failed} failed${x.connect.firstError ? `: ${x.connect.firstError}` : ''}); after forced GCs RSS ${mib(x.baseline).toFixed(0)} → ${mib(x.connected).toFixed(0)} MiB, heap ${x.heapBaseline === undefined ? '?' : mib(x.heapBaseline).toFixed(0)} → ${x.heapConnected === undefined ? '?' : mib(x.heapConnected).toFixed(0)} MiB; after leaving: ${x.after.map(([t, b]) => `${t} s ${mib(b).toFixed(0)}`).join(', ')} MiB; then heap in use ${x.heapUsedBeforeGc === null ? '?' : mib(x.heapUsedBeforeGc).toFixed(0)} MiB, and after another forced full GC RSS ${x.rssAfterGc === null ? '?' : mib(x.rssAfterGc).toFixed(0)} MiB (3 s later), heap ${x.afterGc ? `${mib(x.afterGc.heapUsed).toFixed(0)} used of ${mib(x.afterGc.heapTotal).toFixed(0)}` : '?'} MiB, external ${x.afterGc ? mib(x.afterGc.external).toFixed(0) : '?'} MiB.`,
      ),
    ),
  ];
  if (failed > 0) notes.push(`${failed} connections failed to sync.`);
  return { scenario: 4, title: 'Many reviews', rows, goals, raw: Object.fromEntries(data), notes, seconds };
}
