/** What the administration API answers with; the server's AdminStore returns the same shapes. */
import type { ReviewRole } from './access.ts';
import type { ReviewStatus } from './review-record.ts';

export type WorkspaceRole = 'owner' | 'member';

/** What an administrator did, in the words shown in the audit trail. */
export type AuditAction =
  | 'workspace.create'
  | 'workspace.rename'
  | 'workspace.remove'
  | 'workspace.member.set'
  | 'workspace.member.remove'
  | 'user.disable'
  | 'user.enable'
  | 'user.admin.grant'
  | 'user.admin.revoke'
  | 'user.password-reset.create'
  | 'user.password-reset.use'
  | 'review.facilitator.grant'
  | 'framework.retire'
  | 'review.delete'
  | 'review.restore'
  | 'review.purge';

/** One line of the audit trail, written in the same transaction as the change it records. */
export interface AuditEntry {
  at: string;
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  /** The id of what was changed: a workspace, a person or a review. */
  subject: string | null;
  /** The change in people's terms, e.g. `renamed "North" to "North partnership"`. */
  detail: string;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
}

export interface WorkspaceMember {
  userId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  createdAt: string;
  /** Reviews the workspace owns. */
  reviews: number;
  members: WorkspaceMember[];
}

export interface Person {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabledAt: string | null;
  createdAt: string;
  workspaces: { id: string; name: string; role: WorkspaceRole }[];
}

export interface OrphanedReview {
  id: string;
  title: string;
  workspaceId: string | null;
  workspaceName: string | null;
  updatedAt: string;
  status: ReviewStatus;
  /** Who is still in it (none of them an active facilitator). */
  members: { userId: string; name: string; role: ReviewRole }[];
}

/** An uploaded framework (its latest version), as the administration page lists it. */
export interface UploadedFramework {
  id: string;
  title: string;
  version: number;
  /** Null when published to the whole install. */
  workspaceId: string | null;
  workspaceName: string | null;
  createdAt: string;
  /** Set once retired: hidden from new reviews; reviews made from it keep it. */
  retiredAt: string | null;
}
