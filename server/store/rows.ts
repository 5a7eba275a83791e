import type { Framework } from '../../shared/framework/schema.ts';
import type { FrameworkRecord, ReviewRecord } from './types.ts';

/** Rows of the reviews and frameworks tables as both engines return them, and what they mean. */
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
