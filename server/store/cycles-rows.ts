import type { RatingSummary } from '../../shared/cycles/figures.ts';
import type { ChainLink, FrozenSnapshot, FrozenSnapshotWithState, OverviewRow, SnapshotMeta } from './cycles-types.ts';

/** Rows of the cycle tables as both engines return them, and what they mean. */
export interface FrozenRow {
  id: string;
  review_id: string;
  label: string;
  state?: Buffer;
  summary?: string;
  meta: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
}

export interface ChainRow {
  review_id: string;
  previous_review_id: string | null;
  // PostgreSQL has booleans; SQLite stores 0 or 1.
  carried_focus: boolean | number;
  created_at: string;
}

export interface OverviewReviewRow {
  id: string;
  title: string;
  framework_id: string;
  framework_version: number;
  updated_at: string;
  previous_review_id: string | null;
  summary: string | null;
  upto_seq: number | null;
  seq: number;
  role: string | null;
}

export type OverviewSnapshots = Map<string, NonNullable<OverviewRow['snapshot']>>;

export const toSnapshot = (r: FrozenRow): FrozenSnapshot => ({
  id: r.id,
  reviewId: r.review_id,
  label: r.label,
  meta: JSON.parse(r.meta) as SnapshotMeta,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
});

export const withState = (r: FrozenRow): FrozenSnapshotWithState => ({
  ...toSnapshot(r),
  state: new Uint8Array(r.state!),
  summary: JSON.parse(r.summary!) as RatingSummary,
});

/** The values of a snapshot insert, in the column order both engines' statements use. */
export const snapshotValues = (s: FrozenSnapshotWithState) => [
  s.id,
  s.reviewId,
  s.label,
  Buffer.from(s.state),
  JSON.stringify(s.summary),
  JSON.stringify(s.meta),
  s.createdBy,
  s.createdByName,
  s.createdAt,
];

export const toChainLink = (row: ChainRow): ChainLink => ({
  reviewId: row.review_id,
  previousReviewId: row.previous_review_id,
  carriedFocus: row.carried_focus === true || row.carried_focus === 1,
  createdAt: row.created_at,
});

export const toOverviewSnapshots = (rows: FrozenRow[]): OverviewSnapshots =>
  new Map(
    rows.map((s) => [
      s.review_id,
      { id: s.id, label: s.label, createdAt: s.created_at, summary: s.summary!, meta: s.meta },
    ]),
  );

export const toOverviewRow = (r: OverviewReviewRow, snapshots: OverviewSnapshots): OverviewRow => ({
  reviewId: r.id,
  title: r.title,
  frameworkId: r.framework_id,
  frameworkVersion: r.framework_version,
  updatedAt: r.updated_at,
  previousReviewId: r.previous_review_id,
  live: r.summary !== null ? { summary: r.summary, uptoSeq: r.upto_seq ?? 0 } : null,
  seq: r.seq,
  role: r.role,
  snapshot: snapshots.get(r.id) ?? null,
});
