/**
 * Scenario 9: exports of a big review. A review of the generated 1,000-row framework is filled
 * through a stock client (a rating, development focus and evidence on every row, an evidence item,
 * an agreed and locked criterion), then each format — Word, PDF, Excel, CSV — is downloaded
 * several times while this process probes `GET /healthz` every 5 ms. Measured from the request
 * until the last byte: the time to the file, the longest event-loop delay inside the server
 * (bench/servers/eld.ts) and the slowest /healthz round trip. Goals: each format ≤ 2 s, no stall
 * over 50 ms. Only Bestfit runs (the reference has no exports). One CSV export before the
 * measurements starts the export thread.
 */
import { frameworkSchema } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { fillReview } from '../../test/helpers/export-fill.ts';
import { createReview } from '../lib/candidate-access.ts';
import { LARGE_FRAMEWORK_ID, type Context } from '../lib/context.ts';
import { largeFramework } from '../lib/frameworks.ts';
import type { Goal, Row, ScenarioReport } from '../lib/report.ts';
import { fmt } from '../lib/stats.ts';
import { stockClient } from '../lib/stock-client.ts';
import { median, withHarness } from './common.ts';

const FORMATS = ['docx', 'pdf', 'xlsx', 'csv'] as const;
const TIME_GOAL_MS = 2_000;
const STALL_GOAL_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Probes start this far apart: fine enough to catch a 50 ms stall, sparse enough that answering them
 * does not take the server's core (pinned beside the export thread) away from the export itself. */
const PROBE_EVERY_MS = 5;

export interface ExportRun {
  /** "none": nothing exported (the noise floor). */
  format: (typeof FORMATS)[number] | 'none';
  status: number;
  bytes: number;
  /** Request to last byte (ms). */
  answerMs: number;
  /** Longest event-loop delay in the server meanwhile (ms). */
  stallMs: number | null;
  healthzMaxMs: number;
  probes: number;
}

/** GET /healthz every PROBE_EVERY_MS (or as soon as the previous answer is in) until `stop` resolves. */
async function probe(url: string, stop: Promise<void>): Promise<{ max: number; count: number }> {
  let done = false;
  void stop.then(() => (done = true));
  let max = 0;
  let count = 0;
  while (!done) {
    const t = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    const took = performance.now() - t;
    max = Math.max(max, took);
    count++;
    if (took < PROBE_EVERY_MS) await sleep(PROBE_EVERY_MS - took);
  }
  return { max, count };
}

export async function runExport(ctx: Context): Promise<ExportRun[]> {
  const repeat = ctx.options.quick ? 2 : Math.max(3, ctx.options.repeat);
  await ctx.waitQuiet();
  return withHarness(ctx, 'candidate', { eld: true }, async ({ s }) => {
    const url = s.server.url;
    const token = ctx.accounts.owner.token;
    const auth = { authorization: `Bearer ${token}` };
    const me = (await (await fetch(`${url}/api/auth/me`, { headers: auth })).json()) as {
      user: { id: string; name: string };
    };
    const reviewId = await createReview(url, token, LARGE_FRAMEWORK_ID, 'Export of 1,000 rows');
    const framework = frameworkSchema.parse(largeFramework());
    const writer = stockClient(s.server.wsBase, reviewId, token);
    const watcher = stockClient(s.server.wsBase, reviewId, token);
    try {
      await Promise.all([writer.synced, watcher.synced]);
      ctx.log('    filling the 1,000-row review');
      const filled = fillReview(new ReviewDoc(writer.doc, framework), { id: me.user.id, name: me.user.name });
      const seen = new ReviewDoc(watcher.doc, framework);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the filled review did not reach a second client')), 60_000);
        const check = () => {
          if (seen.ratings.size < filled.ratings.length || seen.lockOf(filled.lockedCriterion) === undefined) return;
          clearTimeout(timer);
          watcher.doc.off('update', check);
          resolve();
        };
        watcher.doc.on('update', check);
        check();
      });
    } finally {
      writer.destroy();
      watcher.destroy();
    }
    const exportOnce = async (format: string) => {
      const res = await fetch(`${url}/api/reviews/${reviewId}/export?format=${format}`, { headers: auth });
      return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
    };
    await exportOnce('csv');
    const runs: ExportRun[] = [];
    const plan: (ExportRun['format'] | 'none')[] = ['none'];
    for (let rep = 0; rep < repeat; rep++) plan.push(...FORMATS);
    for (const format of plan) {
      await sleep(300);
      let release = () => {};
      const stop = new Promise<void>((resolve) => (release = resolve));
      const probing = probe(url, stop);
      const start = Date.now();
      const t = performance.now();
      // "none": a second of probes with nothing exported, the noise floor of the machine.
      const { status, bytes } =
        format === 'none' ? await sleep(1000).then(() => ({ status: 0, bytes: 0 })) : await exportOnce(format);
      const answerMs = performance.now() - t;
      const end = Date.now();
      release();
      const healthz = await probing;
      // The server's delay log closes a slot every 50 ms: wait for the one holding the answer.
      await sleep(120);
      const eld = await s.server.eldRead({ start, end });
      runs.push({
        format,
        status,
        bytes,
        answerMs,
        stallMs: eld?.max ?? null,
        healthzMaxMs: healthz.max,
        probes: healthz.count,
      });
      ctx.log(
        `      ${format}: ${status}, ${fmt(bytes / 1024)} KiB in ${fmt(answerMs)} ms; stall ${fmt(eld?.max)} ms, /healthz max ${fmt(healthz.max)} ms`,
      );
    }
    return runs;
  });
}

export function reportExport(runs: ExportRun[], seconds: number): ScenarioReport {
  const rows: Row[] = [];
  const notes: string[] = [];
  let worstTime = 0;
  let worstStall = 0;
  let allOk = runs.some((r) => r.format !== 'none');
  const floor = runs.filter((r) => r.format === 'none');
  if (floor.length)
    rows.push({
      scenario: 9,
      metric: 'nothing exported, 1 s of /healthz probes (the noise floor): longest event-loop stall',
      unit: 'ms',
      candidate: Math.max(...floor.map((r) => r.stallMs ?? Number.NaN)),
      reference: null,
      note: `/healthz max ${fmt(Math.max(...floor.map((r) => r.healthzMaxMs)))} ms`,
    });
  for (const format of FORMATS) {
    const mine = runs.filter((r) => r.format === format);
    if (mine.length === 0) continue;
    const time = median(mine.map((r) => r.answerMs));
    const stall = Math.max(...mine.map((r) => r.stallMs ?? Number.NaN));
    const healthz = Math.max(...mine.map((r) => r.healthzMaxMs));
    const ok = mine.every((r) => r.status === 200);
    allOk &&= ok;
    worstTime = Math.max(worstTime, time);
    worstStall = Math.max(worstStall, stall);
    rows.push({
      scenario: 9,
      metric: `${format} of a 1,000-row review: time to the file (median)`,
      unit: 'ms',
      candidate: time,
      reference: null,
      target: `≤ ${TIME_GOAL_MS} ms`,
      met: ok && time <= TIME_GOAL_MS,
      note: `${fmt(Math.max(...mine.map((r) => r.bytes)) / 1024)} KiB`,
    });
    rows.push({
      scenario: 9,
      metric: `${format}: longest event-loop stall`,
      unit: 'ms',
      candidate: stall,
      reference: null,
      target: `≤ ${STALL_GOAL_MS} ms`,
      met: Number.isFinite(stall) ? stall <= STALL_GOAL_MS : null,
      note: `/healthz max ${fmt(healthz)} ms`,
    });
    notes.push(
      `${format}: ${mine.length} runs, ${mine.map((r) => fmt(r.answerMs)).join(' / ')} ms; statuses ${[...new Set(mine.map((r) => r.status))].join('/')}; ${mine.reduce((n, r) => n + r.probes, 0)} /healthz probes meanwhile.`,
    );
  }
  const goals: Goal[] = [
    {
      scenario: 9,
      metric: 'slowest format, time to the file on a 1,000-row review (median)',
      unit: 'ms',
      candidate: runs.length ? worstTime : null,
      reference: null,
      ratio: null,
      target: `≤ ${TIME_GOAL_MS} ms`,
      met: runs.length ? allOk && worstTime <= TIME_GOAL_MS : null,
    },
    {
      scenario: 9,
      metric: 'longest event-loop stall during any export',
      unit: 'ms',
      candidate: runs.length ? worstStall : null,
      reference: null,
      ratio: null,
      target: `≤ ${STALL_GOAL_MS} ms`,
      met: runs.length ? worstStall <= STALL_GOAL_MS : null,
    },
  ];
  return { scenario: 9, title: 'Exports', rows, goals, raw: runs, notes, seconds };
}
