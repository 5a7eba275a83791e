import type { Framework } from '../../shared/framework/schema.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import type { DeletedReviewRecord, ReviewStatus } from './record-types.ts';
import type { FrameworkRecord, ReviewRecord } from './types.ts';

/** Rows of the reviews, frameworks and history tables as both engines return them, and what they mean. */
export interface ReviewRow {
  id: string;
  workspace_id: string | null;
  title: string;
  framework_id: string;
  framework_version: number;
  created_at: string;
  updated_at: string;
}

export interface FrameworkRow {
  body: string;
  hash: string;
  source: 'built-in' | 'upload';
  created_at: string;
  workspace_id: string | null;
  uploaded_by: string | null;
  retired_at: string | null;
}

export const toReview = (r: ReviewRow): ReviewRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  title: r.title,
  frameworkId: r.framework_id,
  frameworkVersion: r.framework_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toFramework = (r: FrameworkRow): FrameworkRecord => ({
  framework: JSON.parse(r.body) as Framework,
  hash: r.hash,
  source: r.source,
  createdAt: r.created_at,
  // Only what is set, so a built-in's record reads back exactly as it was stored.
  ...(r.workspace_id ? { workspaceId: r.workspace_id } : {}),
  ...(r.uploaded_by ? { uploadedBy: r.uploaded_by } : {}),
  ...(r.retired_at ? { retiredAt: r.retired_at } : {}),
});

/** A review's record-keeping columns: status, sign-off and archive. */
export interface StateRow {
  id: string;
  status: ReviewStatus;
  finalised_at: string | null;
  finalised_by: string | null;
  archived_at: string | null;
}

export interface DeletedRow extends ReviewRow {
  deleted_at: string;
  deleted_by: string | null;
}

export interface HistoryRow {
  at: string;
  user_id: string | null;
  user_name: string | null;
  criterion: string | null;
  kind: string;
  detail: string;
}

export const toDeleted = (r: DeletedRow): DeletedReviewRecord => ({
  ...toReview(r),
  deletedAt: r.deleted_at,
  deletedBy: r.deleted_by,
});

export const toEvent = (r: HistoryRow): HistoryEvent => ({
  at: r.at,
  userId: r.user_id,
  userName: r.user_name,
  criterion: r.criterion,
  kind: r.kind as HistoryEvent['kind'],
  detail: JSON.parse(r.detail) as HistoryEvent['detail'],
});
