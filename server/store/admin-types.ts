import type {
  AuditEntry,
  AuditRecord,
  OrphanedReview,
  Person,
  WorkspaceRole,
  WorkspaceSummary,
} from '../../shared/protocol/admin.ts';

export type {
  AuditAction,
  AuditEntry,
  AuditRecord,
  OrphanedReview,
  Person,
  WorkspaceMember,
  WorkspaceRole,
  WorkspaceSummary,
} from '../../shared/protocol/admin.ts';

export interface PasswordReset {
  userId: string;
  name: string;
  email: string;
  expiresAt: string;
}

/** What the administration pages read and change; every change takes the audit entry it writes. */
export interface AdminStore {
  workspaces(): Promise<WorkspaceSummary[]>;
  workspace(id: string): Promise<WorkspaceSummary | null>;
  /** A workspace with this name, ignoring case, if any. */
  workspaceNamed(name: string): Promise<{ id: string; name: string } | null>;
  createWorkspace(id: string, name: string, audit: AuditEntry): Promise<void>;
  renameWorkspace(id: string, name: string, audit: AuditEntry): Promise<boolean>;
  /** Remove a workspace and its memberships; its reviews stay, with their people, in no workspace. */
  removeWorkspace(id: string, audit: AuditEntry): Promise<boolean>;
  /** Add a member or change their role. */
  setWorkspaceMember(workspaceId: string, userId: string, role: WorkspaceRole, audit: AuditEntry): Promise<void>;
  removeWorkspaceMember(workspaceId: string, userId: string, audit: AuditEntry): Promise<boolean>;

  people(): Promise<Person[]>;
  person(id: string): Promise<Person | null>;
  /** Disable (ending every session and API token of the account) or enable again with null. */
  setDisabled(userId: string, disabledAt: string | null, audit: AuditEntry): Promise<void>;
  setAdmin(userId: string, isAdmin: boolean, audit: AuditEntry): Promise<void>;

  /** Store a reset link's hash; earlier unused links of the same person stop working. */
  createPasswordReset(
    reset: { tokenHash: string; userId: string; createdBy: string; createdAt: string; expiresAt: string },
    audit: AuditEntry,
  ): Promise<void>;
  /** An unused, unexpired link of an account that is not disabled. */
  passwordReset(tokenHash: string, now: string): Promise<PasswordReset | null>;
  /**
   * Set the password from a usable link, once: the link is spent and every session of the
   * account ends. Resolves with the account's id, or null if the link was not usable.
   */
  usePasswordReset(tokenHash: string, now: string, passwordHash: string): Promise<string | null>;

  /** Reviews with no facilitator whose account is active. */
  orphanedReviews(): Promise<OrphanedReview[]>;
  /** Make someone facilitator of a review, only if it has no active facilitator (checked in the same transaction). */
  /** Retire every version of an uploaded framework; resolves with how many versions it has. */
  retireUpload(id: string, at: string, audit: AuditEntry): Promise<number>;
  grantFacilitator(reviewId: string, userId: string, audit: AuditEntry): Promise<'granted' | 'has-facilitator'>;

  /** The audit trail, newest first. */
  auditTrail(limit: number): Promise<AuditRecord[]>;
}
