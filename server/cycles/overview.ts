import type { Framework } from '../../shared/framework/schema.ts';
import { criterionRatings, movement, overallLevel, ranksOf, type RatingSummary } from '../../shared/cycles/figures.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { OverviewRow, SnapshotMeta } from '../store/cycles-types.ts';
import type { Store } from '../store/types.ts';
import { sourceOfSnapshot } from './chain.ts';
import type { Overview, OverviewFramework, OverviewReview, Rag, ReportedSource } from '../../shared/protocol/cycles.ts';
import { openRoomSummary, refreshSummaries } from './summaries.ts';

export interface OverviewFilters {
  framework?: string;
  status?: string;
  /** Level ids or codes (any framework), comma-separated; `at-risk` is the bottom third of a scale. */
  category?: string;
  phase?: string;
  sort?: 'title' | 'movement' | '-movement';
}

const RAG_THIRDS = (rank: number, top: number): Rag => {
  if (top === 0) return 'none';
  const position = rank / top;
  return position >= 2 / 3 ? 'green' : position >= 1 / 3 ? 'amber' : 'red';
};

function describeFramework(fw: Framework): OverviewFramework {
  const ranks = ranksOf(fw);
  const top = fw.scale.levels.length - 1;
  return {
    id: fw.id,
    version: fw.version,
    title: fw.shortTitle ?? fw.title,
    scaleLabel: fw.scale.label,
    levels: fw.scale.levels.map((l) => ({
      id: l.id,
      code: l.code ?? null,
      label: l.label,
      rank: ranks.get(l.id)!,
      rag: RAG_THIRDS(ranks.get(l.id)!, top),
    })),
    notApplicable: fw.scale.notApplicable ?? null,
    criteria: fw.sections.flatMap((s) =>
      s.criteria
        .filter((c) => c.pending === undefined)
        .map((c) => ({ id: c.id, code: c.code ?? null, title: c.title })),
    ),
    phases: fw.phases ?? [],
  };
}

/** Hand the event loop back every this many reviews, so a large workspace never stalls a meeting. */
const YIELD_EVERY = 25;
/** Reviews read from the store per query. */
const PAGE = 100;
const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface OverviewDeps {
  store: Store;
  rooms: Rooms | null;
  loadFramework: (id: string, version: number) => Promise<Framework | null>;
  /** The review's status where reviews have one; by default the reported snapshot's, else "in progress". */
  statusOf?: (reviewId: string) => Promise<string | null>;
}

/**
 * Every review of a workspace with its reported figures (latest final snapshot, else latest
 * snapshot, else live), from stored summaries: no review document is decoded on the event loop
 * (a missing or stale live summary is read on the summary thread, then kept).
 */
export async function workspaceOverview(
  deps: OverviewDeps,
  workspace: { id: string; name: string },
  userId: string,
  filters: OverviewFilters = {},
): Promise<Overview> {
  const { store, rooms, loadFramework } = deps;
  // A page of rows at a time, the event loop handed back between pages.
  const snapshots = await store.cycles.overviewSnapshots(workspace.id);
  const rows: OverviewRow[] = [];
  for (;;) {
    const page = await store.cycles.overviewRows(workspace.id, userId, {
      after: rows.at(-1)?.reviewId ?? '',
      limit: PAGE,
      snapshots,
    });
    rows.push(...page);
    if (page.length < PAGE) break;
    await yieldLoop();
  }
  rows.sort((a, b) => a.title.localeCompare(b.title) || a.reviewId.localeCompare(b.reviewId));
  const frameworks = new Map<string, Framework | null>();
  const frameworkOf = async (id: string, version: number) => {
    const key = `${id}@${version}`;
    if (!frameworks.has(key)) frameworks.set(key, await loadFramework(id, version));
    return frameworks.get(key) ?? null;
  };

  interface Figures {
    row: OverviewRow;
    framework: Framework;
    source: ReportedSource;
    meta: SnapshotMeta | null;
    summary: RatingSummary;
  }
  const figures = new Map<string, Figures>();
  const stale: { row: OverviewRow; framework: Framework }[] = [];
  let n = 0;
  for (const row of rows) {
    if (++n % YIELD_EVERY === 0) await yieldLoop();
    const meta = row.snapshot ? (JSON.parse(row.snapshot.meta) as SnapshotMeta) : null;
    const framework = await frameworkOf(
      meta?.frameworkId ?? row.frameworkId,
      meta?.frameworkVersion ?? row.frameworkVersion,
    );
    if (!framework) continue;
    if (row.snapshot && meta) {
      const summary = JSON.parse(row.snapshot.summary) as RatingSummary;
      figures.set(row.reviewId, { row, framework, meta, summary, source: sourceOfSnapshot({ ...row.snapshot, meta }) });
      continue;
    }
    const live: ReportedSource = { kind: 'live', snapshotId: null, label: null, at: null };
    const open = openRoomSummary(rooms, row.reviewId);
    if (open || (row.live && row.live.uptoSeq >= row.seq)) {
      const summary = open ?? (JSON.parse(row.live!.summary) as RatingSummary);
      figures.set(row.reviewId, { row, framework, meta, summary, source: live });
    } else {
      // Placeholder in order; the summary is read off the event loop below.
      figures.set(row.reviewId, { row, framework, meta, summary: { ratings: {}, agreed: {} }, source: live });
      stale.push({ row, framework });
    }
  }
  if (stale.length > 0) {
    const read = await refreshSummaries(
      store,
      stale.map((s) => s.row.reviewId),
    );
    for (const { row } of stale) figures.get(row.reviewId)!.summary = read.get(row.reviewId)!;
  }

  const phase = filters.phase || null;
  const categories = (filters.category ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);
  const reviews: OverviewReview[] = [];
  n = 0;
  for (const f of figures.values()) {
    if (++n % YIELD_EVERY === 0) await yieldLoop();
    const { row, framework } = f;
    if (filters.framework && framework.id !== filters.framework) continue;
    if (phase && !(framework.phases ?? []).some((p) => p.id === phase)) continue;
    const ratings = criterionRatings(framework, f.summary, phase);
    const overall = overallLevel(framework, ratings);
    const status = (await deps.statusOf?.(row.reviewId)) ?? f.meta?.status ?? 'in progress';
    if (filters.status && status !== filters.status) continue;
    if (categories.length > 0) {
      const ranks = ranksOf(framework);
      const atRisk =
        overall !== null && RAG_THIRDS(ranks.get(overall.id)!, framework.scale.levels.length - 1) === 'red';
      const named =
        overall !== null &&
        (categories.includes(overall.id.toLowerCase()) || categories.includes((overall.code ?? '').toLowerCase()));
      if (!named && !(atRisk && categories.includes('at-risk'))) continue;
    }
    const previous = row.previousReviewId ? figures.get(row.previousReviewId) : undefined;
    reviews.push({
      id: row.reviewId,
      title: row.title,
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      role: row.role,
      status,
      source: f.source,
      overall: overall?.id ?? null,
      ratings: Object.fromEntries(ratings),
      previousReviewId: row.previousReviewId,
      movement: previous
        ? movement(
            previous.framework,
            criterionRatings(previous.framework, previous.summary, phase),
            framework,
            ratings,
          )
        : null,
      updatedAt: row.updatedAt,
    });
  }
  if (filters.sort === 'movement' || filters.sort === '-movement') {
    const sign = filters.sort === 'movement' ? 1 : -1;
    // Ascending: the largest falls first; reviews without a previous term go last either way.
    reviews.sort((a, b) => {
      if (!a.movement || !b.movement) return (a.movement ? 0 : 1) - (b.movement ? 0 : 1);
      return sign * (a.movement.net - b.movement.net) || a.title.localeCompare(b.title);
    });
  }
  // Every framework of the workspace's reviews, filtered out or not, so the filters can offer them.
  const used = new Map<string, Framework>();
  for (const f of figures.values()) used.set(`${f.framework.id}@${f.framework.version}`, f.framework);
  return {
    workspace,
    frameworks: [...used.values()].map(describeFramework),
    reviews,
    total: rows.length,
  };
}
