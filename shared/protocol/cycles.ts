import type { Move } from '../cycles/figures.ts';
import type { AlphaSummary } from '../review/agreement.ts';

/** Where a review's reported figures come from: its latest final snapshot, else latest snapshot, else live. */
export interface ReportedSource {
  kind: 'final' | 'snapshot' | 'live';
  snapshotId: string | null;
  label: string | null;
  at: string | null;
}

export type Rag = 'green' | 'amber' | 'red' | 'none';

/** A framework as the workspace overview draws it: its levels ranked and coloured, its criteria. */
export interface OverviewFramework {
  id: string;
  version: number;
  title: string;
  scaleLabel: string;
  levels: { id: string; code: string | null; label: string; rank: number; rag: Rag }[];
  notApplicable: { code: string; label: string } | null;
  criteria: { id: string; code: string | null; title: string }[];
  phases: { id: string; label: string }[];
}

export interface OverviewReview {
  id: string;
  title: string;
  frameworkId: string;
  frameworkVersion: number;
  /** The caller's role in the review, or null: they see its figures as a workspace member but cannot open it. */
  role: string | null;
  status: string;
  source: ReportedSource;
  /** Level id, or null while nothing is rated. */
  overall: string | null;
  /** Criterion id → level id, 'n/a' or null (not rated); criteria not judged in the phase are absent. */
  ratings: Record<string, string | null>;
  previousReviewId: string | null;
  /** Since the previous term's reported figures; null without a previous term in this workspace. */
  movement: { up: number; down: number; same: number; net: number } | null;
  updatedAt: string;
}

/** `GET /api/workspaces/:id/overview`. */
export interface Overview {
  workspace: { id: string; name: string };
  frameworks: OverviewFramework[];
  reviews: OverviewReview[];
  /** Reviews in the workspace before filtering. */
  total: number;
}

/** One side of `GET /api/reviews/:id/compare`: a snapshot, the live review, or a term's reported state. */
export interface ComparisonSide {
  /** 'snapshot': a snapshot id; 'live': the review as it stands; 'review': a term's reported state. */
  kind: 'snapshot' | 'live' | 'review';
  reviewId: string;
  reviewTitle: string;
  snapshotId: string | null;
  label: string;
  at: string | null;
  frameworkId: string;
  frameworkVersion: number;
}

export interface RatingChange {
  criterion: string;
  code: string | null;
  title: string;
  phase: string;
  from: string | null;
  to: string | null;
  fromLabel: string | null;
  toLabel: string | null;
  move: Move;
  /** Ranks moved on the scale (0 unless up or down). */
  size: number;
}

export interface TextChange {
  criterion: string;
  code: string | null;
  title: string;
  track: string;
  field: 'focus' | 'evidence' | 'evidence items';
  from: string;
  to: string;
  /** Word by word: unchanged, added and removed runs, in order. */
  diff: { op: 'same' | 'added' | 'removed'; text: string }[];
}

/** `GET /api/reviews/:id/compare?from=&to=`. */
export interface Comparison {
  from: ComparisonSide;
  to: ComparisonSide;
  counts: Record<Move, number>;
  ratings: RatingChange[];
  texts: TextChange[];
}

/** One term's agreement: Krippendorff's alpha over that review's revealed rounds. */
export interface TermAgreement extends AlphaSummary {
  reviewId: string;
  title: string;
  current: boolean;
}

/**
 * A cycle's agreement: each term's alpha, oldest first, and alpha over every term's rounds pooled
 * (votes ranked on the current framework's scale; a level it no longer has is left out, as "not
 * applicable" is). Terms the caller may not read are left out and counted.
 */
export interface CycleAgreement extends AlphaSummary {
  terms: TermAgreement[];
  /** Terms of the chain left out because the caller is not a member of them. */
  leftOut: number;
}

/** `GET /api/reviews/:id/trends`. */
export interface Trends {
  terms: { reviewId: string; title: string; frameworkVersion: number; source: ReportedSource; current: boolean }[];
  scale: { label: string; levels: { id: string; code: string | null; label: string; rank: number }[] };
  /** One series per criterion of the current framework: its headline rating in each term (null: not rated or not in that term). */
  criteria: { id: string; code: string | null; title: string; ratings: (string | null)[] }[];
  /** A table with a "baseline" column (the B&A key outcomes): each row through baseline and the terms. */
  outcomes: {
    title: string;
    columns: { id: string; label: string }[];
    rows: { id: string; label: string; values: { text: string; number: number | null }[] }[];
  } | null;
  /** Agreement per term shown (its `terms` in the same order) and over them all. */
  agreement: CycleAgreement;
}
