import type { RatingSummary } from '../../shared/cycles/figures.ts';

/** A review frozen at a point ("Autumn 2026 agreed"): never changed once stored. */
export interface FrozenSnapshot {
  id: string;
  reviewId: string;
  label: string;
  /** Extensible facts about the review when it was taken: its status, overall, framework version… */
  meta: SnapshotMeta;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

export interface SnapshotMeta {
  frameworkId: string;
  frameworkVersion: number;
  title: string;
  /** The review's status when taken, where reviews have one ('final' when finalising took it). */
  status?: string;
  /** The review's overall level id when taken, where it has one. */
  overall?: string | null;
  [key: string]: unknown;
}

export interface FrozenSnapshotWithState extends FrozenSnapshot {
  /** The encoded document (Y.encodeStateAsUpdate) exactly as stored. */
  state: Uint8Array;
  summary: RatingSummary;
}

export interface ChainLink {
  reviewId: string;
  previousReviewId: string | null;
  carriedFocus: boolean;
  createdAt: string;
}

/** One review's row in a workspace overview, straight from the store: no document is decoded. */
export interface OverviewRow {
  reviewId: string;
  title: string;
  frameworkId: string;
  frameworkVersion: number;
  updatedAt: string;
  previousReviewId: string | null;
  /** The live summary and the log position it reflects; null when none has been stored yet. */
  live: { summary: string; uptoSeq: number } | null;
  /** The review's log position now. */
  seq: number;
  /** The asking user's role in the review, if any. */
  role: string | null;
  /** The latest snapshot marked final, else the latest snapshot; null when there is none. */
  snapshot: { id: string; label: string; createdAt: string; summary: string; meta: string } | null;
}

/** Snapshots, chains of terms and live rating summaries. */
export interface CycleStore {
  putSnapshot(snapshot: FrozenSnapshotWithState): Promise<void>;
  snapshots(reviewId: string): Promise<FrozenSnapshot[]>;
  snapshot(id: string): Promise<FrozenSnapshotWithState | null>;
  /** The latest final snapshot, else the latest one, of a review. */
  reportedSnapshot(reviewId: string): Promise<FrozenSnapshotWithState | null>;

  link(link: ChainLink): Promise<void>;
  linkOf(reviewId: string): Promise<ChainLink | null>;
  /** Reviews whose previous term is this one. */
  nextOf(reviewId: string): Promise<string[]>;

  putSummary(reviewId: string, uptoSeq: number, summary: RatingSummary): Promise<void>;
  summary(reviewId: string): Promise<{ summary: RatingSummary; uptoSeq: number } | null>;
  /** The reported snapshot (latest final, else latest) of every review of a workspace that has one. */
  overviewSnapshots(workspaceId: string): Promise<Map<string, NonNullable<OverviewRow['snapshot']>>>;
  /**
   * A page of a workspace's reviews (ids after `after`, in id order) with what their overview rows
   * need, the asker's role in each included, in one query.
   */
  overviewRows(
    workspaceId: string,
    userId: string,
    page: { after: string; limit: number; snapshots: Map<string, NonNullable<OverviewRow['snapshot']>> },
  ): Promise<OverviewRow[]>;
  /** A review's log position now (the compacted snapshot's, or the last update's). */
  seqOf(reviewId: string): Promise<number>;
}
