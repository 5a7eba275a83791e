/**
 * Scenario 10: the workspace overview (issue 13). A workspace of 500 reviews of a 30-criterion
 * framework, each with every criterion rated and half of them with a previous term; the
 * reviews, their previous terms and their ratings summaries are written straight into the data
 * folder, as rooms leave them after meetings. Measured: `GET /api/workspaces/:id/overview` answer
 * time and the longest event-loop delay inside the server (bench/servers/eld.ts) from the send
 * until the answer, while this process probes `GET /healthz` back to back; warm (summaries
 * stored) several times, then once cold: every summary deleted, so the server reads all 500
 * stored documents on its summary thread. Goal: ≤ 1 s and a stall ≤ 50 ms.
 */
import { join } from 'node:path';
import * as Y from 'yjs';
import { summariseDoc } from '../../shared/cycles/figures.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { SqliteStore } from '../../server/store/sqlite.ts';
import type { Context } from '../lib/context.ts';
import { OVERVIEW_FRAMEWORK_ID } from '../lib/frameworks.ts';
import type { Goal, Row, ScenarioReport } from '../lib/report.ts';
import { fmt } from '../lib/stats.ts';
import { withHarness } from './common.ts';

const REVIEWS = 500;
const WARM_REPEATS = 5;
const GOAL_MS = 1000;
const STALL_MS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface OverviewSend {
  /** 'idle': a second of /healthz probes with nothing sent, the machine's noise floor. */
  kind: 'warm' | 'cold' | 'idle';
  status: number;
  reviews: number;
  answerMs: number;
  stallMs: number | null;
  healthzMaxMs: number;
}

async function probe(url: string, stop: Promise<void>): Promise<{ max: number; count: number }> {
  let done = false;
  void stop.then(() => (done = true));
  let max = 0;
  let count = 0;
  while (!done) {
    const t = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    max = Math.max(max, performance.now() - t);
    count++;
  }
  return { max, count };
}

/** 500 reviews in the owner's workspace, every criterion rated, half of them second terms of another. */
async function seed(dataDir: string, ctx: Context): Promise<void> {
  const store = new SqliteStore(join(dataDir, 'bestfit.db'));
  try {
    const owner = await store.access.userByEmail(ctx.accounts.owner.email);
    const workspace = (await store.access.workspacesOf(owner!.id))[0]!;
    const fw = ctx.framework(OVERVIEW_FRAMEWORK_ID);
    const criteria = ctx.criteria(OVERVIEW_FRAMEWORK_ID);
    const levels = ctx.levels(OVERVIEW_FRAMEWORK_ID);
    const now = new Date().toISOString();
    for (let i = 0; i < REVIEWS; i++) {
      const id = `overview-${String(i).padStart(4, '0')}`;
      const doc = new Y.Doc();
      buildSkeleton(doc, fw, {
        reviewId: id,
        frameworkId: fw.id,
        frameworkVersion: fw.version,
        title: id,
        createdAt: now,
      });
      const review = new ReviewDoc(doc, fw);
      criteria.forEach((c, j) => review.setRating('self', c, '-', levels[(i + j) % levels.length]!));
      const record = {
        id,
        workspaceId: workspace.id,
        title: `School ${i + 1}`,
        frameworkId: fw.id,
        frameworkVersion: fw.version,
        createdAt: now,
        updatedAt: now,
      };
      await store.createReview(record, Y.encodeStateAsUpdate(doc));
      await store.cycles.putSummary(id, 0, summariseDoc(doc));
      if (i % 2 === 1)
        await store.cycles.link({
          reviewId: id,
          previousReviewId: `overview-${String(i - 1).padStart(4, '0')}`,
          carriedFocus: false,
          createdAt: now,
        });
      doc.destroy();
    }
  } finally {
    await store.close();
  }
}

export async function runOverview(ctx: Context): Promise<OverviewSend[][]> {
  const template = await ctx.template('overview-500', async () => {});
  await seed(template, ctx);
  const runs: OverviewSend[][] = [];
  for (let rep = 0; rep < ctx.options.repeat; rep++) {
    await ctx.waitQuiet();
    ctx.log(`    run ${rep + 1}/${ctx.options.repeat}`);
    runs.push(
      await withHarness(ctx, 'candidate', { template, eld: true }, async ({ s }) => {
        const url = s.server.url;
        const auth = { authorization: `Bearer ${ctx.accounts.owner.token}` };
        const session = (await (await fetch(`${url}/api/auth/session`, { headers: auth })).json()) as {
          workspaces: { id: string }[];
        };
        const workspaceId = session.workspaces[0]!.id;
        const sends: OverviewSend[] = [];
        const measure = async (kind: OverviewSend['kind']) => {
          await sleep(300);
          let release = () => {};
          const stop = new Promise<void>((resolve) => (release = resolve));
          const probing = probe(url, stop);
          const start = Date.now();
          const t = performance.now();
          let res: { status: number } = { status: 0 };
          let body: { reviews?: unknown[] } = {};
          if (kind === 'idle') await sleep(1000);
          else {
            const answer = await fetch(`${url}/api/workspaces/${workspaceId}/overview?sort=movement`, {
              headers: auth,
            });
            res = answer;
            body = (await answer.json()) as { reviews?: unknown[] };
          }
          const answerMs = performance.now() - t;
          const end = Date.now();
          release();
          const healthz = await probing;
          await sleep(120);
          const eld = await s.server.eldRead({ start, end });
          sends.push({
            kind,
            status: res.status,
            reviews: body.reviews?.length ?? 0,
            answerMs,
            stallMs: eld?.max ?? null,
            healthzMaxMs: healthz.max,
          });
          ctx.log(
            `      ${kind}: ${res.status}, ${body.reviews?.length ?? 0} reviews in ${fmt(answerMs)} ms; stall ${fmt(eld?.max)} ms, /healthz max ${fmt(healthz.max)} ms`,
          );
        };
        await measure('idle');
        for (let i = 0; i < WARM_REPEATS; i++) await measure('warm');
        // Cold: no summary stored, so all 500 documents are read on the summary thread.
        const store = new SqliteStore(join(s.dataDir!, 'bestfit.db'));
        try {
          (store as unknown as { db: { exec(sql: string): void } }).db.exec('DELETE FROM review_summaries');
        } finally {
          await store.close();
        }
        await measure('cold');
        await measure('warm');
        return sends;
      }),
    );
  }
  return runs;
}

export function reportOverview(runs: OverviewSend[][], seconds: number): ScenarioReport {
  const all = runs.flat();
  const warm = all.filter((r) => r.kind === 'warm');
  const cold = all.filter((r) => r.kind === 'cold');
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : Number.NaN);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const p50 = (xs: number[]) => sorted(xs)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
  const warmAnswer = max(warm.map((r) => r.answerMs));
  const warmStall = max(warm.map((r) => r.stallMs ?? Number.NaN));
  const coldAnswer = max(cold.map((r) => r.answerMs));
  const coldStall = max(cold.map((r) => r.stallMs ?? Number.NaN));
  const idle = all.filter((r) => r.kind === 'idle');
  const wrong = all.filter((r) => r.kind !== 'idle' && (r.status !== 200 || r.reviews !== REVIEWS));
  const rows: Row[] = [
    {
      scenario: 10,
      metric: 'nothing sent, 1 s of /healthz probes (the noise floor): longest event-loop stall',
      unit: 'ms',
      candidate: max(idle.map((r) => r.stallMs ?? Number.NaN)),
      reference: null,
      note: `/healthz max ${fmt(max(idle.map((r) => r.healthzMaxMs)))} ms`,
    },
    {
      scenario: 10,
      metric: `overview of ${REVIEWS} reviews × 30 criteria, summaries stored: slowest answer`,
      unit: 'ms',
      candidate: warmAnswer,
      reference: null,
      target: `≤ ${GOAL_MS} ms`,
      met: Number.isFinite(warmAnswer) ? warmAnswer <= GOAL_MS && wrong.length === 0 : null,
      note: `median ${fmt(p50(warm.map((r) => r.answerMs)))} ms over ${warm.length}`,
    },
    {
      scenario: 10,
      metric: 'same: longest event-loop stall',
      unit: 'ms',
      candidate: warmStall,
      reference: null,
      target: `≤ ${STALL_MS} ms`,
      met: Number.isFinite(warmStall) ? warmStall <= STALL_MS : null,
      note: `median ${fmt(p50(warm.map((r) => r.stallMs ?? Number.NaN)))} ms; /healthz max ${fmt(max(warm.map((r) => r.healthzMaxMs)))} ms`,
    },
    {
      scenario: 10,
      metric: 'no summary stored (all 500 read on the summary thread): answer',
      unit: 'ms',
      candidate: coldAnswer,
      reference: null,
      note: 'once per run, after deleting every stored summary',
    },
    {
      scenario: 10,
      metric: 'same: longest event-loop stall',
      unit: 'ms',
      candidate: coldStall,
      reference: null,
      target: `≤ ${STALL_MS} ms`,
      met: Number.isFinite(coldStall) ? coldStall <= STALL_MS : null,
      note: `/healthz max ${fmt(max(cold.map((r) => r.healthzMaxMs)))} ms`,
    },
  ];
  const goals: Goal[] = [
    {
      scenario: 10,
      metric: `workspace overview, ${REVIEWS} reviews × 30 criteria`,
      unit: 'ms',
      candidate: warmAnswer,
      reference: null,
      ratio: null,
      target: `≤ ${GOAL_MS} ms, stall ≤ ${STALL_MS} ms`,
      met: Number.isFinite(warmAnswer) ? warmAnswer <= GOAL_MS && warmStall <= STALL_MS && wrong.length === 0 : null,
      note: `stall ${fmt(warmStall)} ms`,
    },
  ];
  const notes = wrong.map((r) => `${r.kind}: answered ${r.status} with ${r.reviews} reviews`);
  return { scenario: 10, title: 'Portfolio overview', rows, goals, raw: runs, notes, seconds };
}
