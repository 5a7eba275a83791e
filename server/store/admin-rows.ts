import type { ReviewStatus } from '../../shared/protocol/review-record.ts';
import type { ReviewRole } from './access-types.ts';
import type {
  AuditEntry,
  AuditRecord,
  OrphanedReview,
  Person,
  WorkspaceRole,
  WorkspaceSummary,
} from './admin-types.ts';

/** Rows of the administration queries as both engines return them, and what they mean. */
export interface WorkspaceRow {
  id: string;
  name: string;
  created_at: string;
  reviews: number;
}

export interface WorkspaceMemberRow {
  workspace_id: string;
  user_id: string;
  name: string;
  email: string;
  role: WorkspaceRole;
}

export interface PersonRow {
  id: string;
  email: string;
  name: string;
  // PostgreSQL has booleans; SQLite stores 0 or 1.
  is_admin: boolean | number;
  disabled_at: string | null;
  created_at: string;
}

export interface MembershipRow {
  user_id: string;
  id: string;
  name: string;
  role: WorkspaceRole;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: AuditEntry['action'];
  subject: string | null;
  detail: string;
}

export interface OrphanRow {
  id: string;
  title: string;
  workspace_id: string | null;
  workspace_name: string | null;
  updated_at: string;
  status: ReviewStatus;
}

export interface ReviewMemberRow {
  user_id: string;
  name: string;
  role: ReviewRole;
}

export const toWorkspaceSummaries = (rows: WorkspaceRow[], members: WorkspaceMemberRow[]): WorkspaceSummary[] =>
  rows.map((w) => ({
    id: w.id,
    name: w.name,
    createdAt: w.created_at,
    reviews: w.reviews,
    members: members
      .filter((m) => m.workspace_id === w.id)
      .map((m) => ({ userId: m.user_id, name: m.name, email: m.email, role: m.role })),
  }));

export const toPeople = (rows: PersonRow[], memberships: MembershipRow[]): Person[] =>
  rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    isAdmin: r.is_admin === true || r.is_admin === 1,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
    workspaces: memberships.filter((m) => m.user_id === r.id).map(({ id, name, role }) => ({ id, name, role })),
  }));

export const toOrphaned = (r: OrphanRow, members: ReviewMemberRow[]): OrphanedReview => ({
  id: r.id,
  title: r.title,
  workspaceId: r.workspace_id,
  workspaceName: r.workspace_name,
  updatedAt: r.updated_at,
  status: r.status,
  members: members.map((m) => ({ userId: m.user_id, name: m.name, role: m.role })),
});

export const toAuditRecord = (r: AuditRow): AuditRecord => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  subject: r.subject,
  detail: r.detail,
});
