/**
 * Scenario 5: join storm. 50 participants join a large review (the generated 1,000-row framework
 * after 20,000 edits) at once, storm after storm, while a probe in a second load process — a stock
 * writer and a stock watcher on another, small review, 100 edits/s — measures edit-to-visible
 * latency. Compared: the probe's p99 over edits sent during the storms (from the first join to the
 * last joiner's sync + 100 ms), with storms repeated until at least 1,000 such samples (over the
 * runs). Two variants, like for like:
 * - warm: a connection holds the large review open on both servers, so no storm loads it;
 * - reloading: both servers load it at every storm — the candidate from SQLite (it unloads the
 *   review once the previous storm has left), the reference from LevelDB (its own YPERSISTENCE,
 *   which drops a document when its last connection closes).
 */
import type { Context } from '../lib/context.ts';
import { BA, LARGE_FRAMEWORK_ID } from '../lib/context.ts';
import { admit, createReview } from '../lib/candidate-access.ts';
import { largeCriteria } from '../lib/frameworks.ts';
import { ratio, type Goal, type Row, type ScenarioReport } from '../lib/report.ts';
import { Worker } from '../lib/rpc.ts';
import type { EldStats, ServerKind } from '../lib/servers.ts';
import { bootstrapRatio } from '../lib/bootstrap.ts';
import { percentileOf } from '../lib/stats.ts';
import { metOf, verdict } from '../lib/verdict.ts';
import { roomUrl, type ProbeSample, type StormResult } from '../load/commands.ts';
import { alternate, median, withHarness } from './common.ts';

const JOINERS = 50;
const SEEDERS = 20;
const PAST_EDITS = 20_000;
const PROBE_HZ = 100;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Variant = 'warm' | 'reloading';
const VARIANTS: Variant[] = ['warm', 'reloading'];
/** Probe samples during storms wanted over all runs (quick: a tenth). */
const samplesWanted = (quick: boolean) => (quick ? 100 : 1_000);

interface StormRun {
  variant?: Variant;
  storms: (StormResult & { serverCpu: number; eld: EldStats | null })[];
  /** Probe latencies (ms) of edits sent during a storm, and before the first. */
  during: number[];
  quiet: number[];
  stateBytes: number;
}

export async function runStorm(ctx: Context): Promise<Map<ServerKind, Record<Variant, StormRun>[]>> {
  const ids = { large: '', probe: '', state: null as Uint8Array | null };
  const seeders = ctx.accounts.participants.slice(0, SEEDERS);
  const joiners = ctx.accounts.participants.slice(SEEDERS, SEEDERS + JOINERS);
  const probers = ctx.accounts.participants.slice(SEEDERS + JOINERS, SEEDERS + JOINERS + 2);
  const template = await ctx.template('storm', async (server, worker) => {
    const owner = ctx.accounts.owner.token;
    ids.large = await createReview(server.url, owner, LARGE_FRAMEWORK_ID, 'Large review');
    await admit(server.url, owner, ids.large, [...seeders, ...joiners]);
    ids.probe = await createReview(server.url, owner, BA, 'Probe review');
    await admit(server.url, owner, ids.probe, probers);
    const skeleton = await worker.call<Uint8Array>('fetchState', {
      url: roomUrl(server.wsBase, ids.large, seeders[0]),
    });
    ctx.log(`    seeding ${PAST_EDITS.toLocaleString('en-GB')} edits into the large review`);
    await worker.call(
      'seedEdits',
      {
        urls: seeders.map((t) => roomUrl(server.wsBase, ids.large, t)),
        state: skeleton,
        edits: PAST_EDITS,
        criteria: largeCriteria(),
        levels: ctx.levels(LARGE_FRAMEWORK_ID),
      },
      600_000,
    );
    ids.state = await worker.call<Uint8Array>('fetchState', { url: roomUrl(server.wsBase, ids.large, seeders[0]) });
  });
  const seeded = ids.state;
  if (!seeded) throw new Error('the large review was not built');
  const baSkeleton = await ctx.skeleton(BA);
  const wantedPerRun = Math.ceil(samplesWanted(ctx.options.quick) / ctx.options.repeat);
  const maxStorms = ctx.options.quick ? 8 : 40;

  const one = (kind: ServerKind, variant: Variant): Promise<StormRun> =>
    withHarness(
      ctx,
      kind,
      // The reference persists only in the reloading variant (an empty YPERSISTENCE is filled in by ctx.start).
      { template, eld: true, env: kind === 'reference' && variant === 'reloading' ? { YPERSISTENCE: '' } : {} },
      async ({ s, worker, sampler }) => {
        const candidate = kind !== 'reference';
        const large = candidate ? ids.large : 'large-review';
        const probeRoom = candidate ? ids.probe : 'probe-review';
        if (!candidate) {
          await worker.call('seed', { url: roomUrl(s.server.wsBase, large, null), state: seeded });
          await worker.call('seed', { url: roomUrl(s.server.wsBase, probeRoom, null), state: baSkeleton });
        }
        const holder = roomUrl(s.server.wsBase, large, candidate ? seeders[0] : null);
        if (variant === 'warm') await worker.call('holdOpen', { url: holder });
        const probe = await Worker.start('probe');
        sampler.addPid(probe.pid);
        try {
          await probe.call('probeStart', {
            base: s.server.wsBase,
            room: probeRoom,
            tokens: candidate ? probers : [null],
            hz: PROBE_HZ,
            keys: ctx.ratingKeys(BA),
            levels: ctx.levels(BA),
          });
          await sleep(3_000);
          const results: StormRun['storms'] = [];
          const inStorm = (t: number) => results.some((r) => t >= r.window.start && t <= r.window.end + 100);
          for (let i = 0; i < maxStorms; i++) {
            const r = await worker.call<StormResult>('storm', {
              base: s.server.wsBase,
              room: large,
              tokens: candidate ? joiners : joiners.map(() => null),
              holdMs: 500,
            });
            const eld = await s.server.eldRead(r.window);
            results.push({ ...r, eld, serverCpu: sampler.cpuShare(s.server.pid, r.window.start, r.window.end) });
            // Reloading: wait for the candidate to unload the large review (only the probe's stays open).
            const until = Date.now() + 15_000;
            while (candidate && variant === 'reloading' && Date.now() < until) {
              const health = (await (await fetch(`${s.server.url}/healthz`)).json()) as { openReviews?: number };
              if ((health.openReviews ?? 0) <= 1) break;
              await sleep(100);
            }
            await sleep(1_000);
            const sofar = await probe.call<ProbeSample[]>('probeSamples', {});
            if (sofar.filter(([t]) => inStorm(t)).length >= wantedPerRun) break;
          }
          const samples = await probe.call<ProbeSample[]>('probeStop', {});
          const first = results[0]?.window.start ?? Number.POSITIVE_INFINITY;
          return {
            variant,
            storms: results,
            during: samples.filter(([t]) => inStorm(t)).map(([, ms]) => ms),
            quiet: samples.filter(([t]) => t < first - 200).map(([, ms]) => ms),
            stateBytes: seeded.byteLength,
          };
        } finally {
          await probe.stop();
          if (variant === 'warm') await worker.call('holdClose', { url: holder }).catch(() => undefined);
        }
      },
    );

  return alternate(ctx, ['candidate', 'reference'], async (kind) => {
    const out = {} as Record<Variant, StormRun>;
    for (const variant of VARIANTS) {
      ctx.log(`      ${variant}`);
      out[variant] = await one(kind, variant);
    }
    return out;
  });
}

/** Results from before the variants existed were the reloading variant alone. */
const variantsOf = (x: Record<Variant, StormRun> | StormRun): Partial<Record<Variant, StormRun>> =>
  'storms' in x ? { reloading: x } : x;

export function reportStorm(
  data: Map<ServerKind, (Record<Variant, StormRun> | StormRun)[]>,
  seconds: number,
): ScenarioReport {
  const runs = (k: ServerKind, v: Variant) =>
    (data.get(k) ?? []).map((x) => variantsOf(x)[v]).filter((x): x is StormRun => x !== undefined);
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  for (const v of VARIANTS) {
    const during = (k: ServerKind) => runs(k, v).flatMap((r) => r.during);
    const p99 = (k: ServerKind, which: 'during' | 'quiet') =>
      percentileOf(
        runs(k, v).flatMap((r) => r[which]),
        99,
      );
    const c = p99('candidate', 'during');
    const r = p99('reference', 'during');
    if (!Number.isFinite(c) && !Number.isFinite(r)) continue;
    const q = ratio(c, r);
    const ci = bootstrapRatio(
      during('candidate').map((x) => [x]),
      during('reference').map((x) => [x]),
      99,
      { seed: v === 'warm' ? 5 : 6 },
    );
    const interval: [number, number] = [ci.low, ci.high];
    const verdictOf = verdict(ci, { op: '<=', value: 0.25 });
    const sync = (k: ServerKind) => median(runs(k, v).flatMap((x) => x.storms.map((s) => s.syncMaxMs)));
    const label = v === 'warm' ? 'review held open on both' : 'review loaded at every storm on both';
    rows.push(
      {
        scenario: 5,
        metric: `join storm, ${label} (${JOINERS} join a 1,000-row review with ${PAST_EDITS.toLocaleString('en-GB')} past edits): probe p99 on another review`,
        unit: 'ms',
        candidate: c,
        reference: r,
        ratio: q,
        target: '≤ 0.25×',
        met: metOf(verdictOf),
        interval,
        verdict: verdictOf,
        note: `${during('candidate').length} / ${during('reference').length} probe samples`,
      },
      {
        scenario: 5,
        metric: `${v}: probe p99 before the storms`,
        unit: 'ms',
        candidate: p99('candidate', 'quiet'),
        reference: p99('reference', 'quiet'),
      },
      {
        scenario: 5,
        metric: `${v}: time until all ${JOINERS} joiners have synced`,
        unit: 'ms',
        candidate: sync('candidate'),
        reference: sync('reference'),
        ...(v === 'reloading'
          ? {
              note: 'the reference answers a joiner before LevelDB has loaded the review, so its figure is not comparable',
            }
          : {}),
      },
    );
    goals.push({
      scenario: 5,
      metric: `probe p99 during a join storm (${v})`,
      unit: 'ms',
      candidate: c,
      reference: r,
      ratio: q,
      target: '≤ 0.25×',
      met: metOf(verdictOf),
      interval,
      verdict: verdictOf,
    });
    for (const kind of ['candidate', 'reference'] as const)
      runs(kind, v).forEach((x, i) =>
        notes.push(
          `${v}, ${kind} run ${i + 1}: ${x.storms.length} storms synced in ${x.storms.map((s) => `${Math.round(s.syncMaxMs)}`).join(', ')} ms (${x.storms.reduce((a, s) => a + s.failed, 0)} failed); ${Math.round((x.storms[0]?.bytesPerClient ?? 0) / 1024)} KiB per joiner; event-loop max ${x.storms.map((s) => (s.eld ? `${Math.round(s.eld.max)}` : '?')).join(', ')} ms; probe samples during storms ${x.during.length}, max ${Math.round(Math.max(0, ...x.during))} ms.`,
        ),
      );
  }
  return { scenario: 5, title: 'Join storm', rows, goals, raw: Object.fromEntries(data), notes, seconds };
}
