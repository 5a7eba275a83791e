import type Database from 'better-sqlite3';
import type {
  AdminStore,
  AuditEntry,
  AuditRecord,
  OrphanedReview,
  PasswordReset,
  Person,
  WorkspaceRole,
  WorkspaceSummary,
} from './admin-types.ts';
import {
  toAuditRecord,
  toOrphaned,
  toPeople,
  toWorkspaceSummaries,
  type AuditRow,
  type MembershipRow,
  type OrphanRow,
  type PersonRow,
  type ReviewMemberRow,
  type WorkspaceMemberRow,
  type WorkspaceRow,
} from './admin-rows.ts';

/** AdminStore over the same SQLite database as accounts and reviews. */
export class SqliteAdminStore implements AdminStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      audit: db.prepare(
        'INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      auditTrail: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?'),
      workspaces: db.prepare<[], WorkspaceRow>(
        `SELECT w.id, w.name, w.created_at, (SELECT count(*) FROM reviews r WHERE r.workspace_id = w.id) AS reviews
         FROM workspaces w ORDER BY w.name COLLATE NOCASE, w.id`,
      ),
      workspace: db.prepare<[string], WorkspaceRow>(
        `SELECT w.id, w.name, w.created_at, (SELECT count(*) FROM reviews r WHERE r.workspace_id = w.id) AS reviews
         FROM workspaces w WHERE w.id = ?`,
      ),
      workspaceNamed: db.prepare<[string], { id: string; name: string }>(
        'SELECT id, name FROM workspaces WHERE name = ? COLLATE NOCASE',
      ),
      members: db.prepare<[], WorkspaceMemberRow>(
        `SELECT m.workspace_id, m.user_id, u.name, u.email, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
         ORDER BY m.role DESC, u.name COLLATE NOCASE`,
      ),
      insertWorkspace: db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)'),
      renameWorkspace: db.prepare('UPDATE workspaces SET name = ? WHERE id = ?'),
      detachReviews: db.prepare('UPDATE reviews SET workspace_id = NULL WHERE workspace_id = ?'),
      // A removed workspace's frameworks stay for the reviews made from them, retired so no new review uses them.
      retireFrameworks: db.prepare(
        'UPDATE frameworks SET workspace_id = NULL, retired_at = COALESCE(retired_at, ?) WHERE workspace_id = ?',
      ),
      deleteWorkspace: db.prepare('DELETE FROM workspaces WHERE id = ?'),
      setMember: db.prepare(
        `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
      removeMember: db.prepare('DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?'),
      people: db.prepare<[], PersonRow>(
        'SELECT id, email, name, is_admin, disabled_at, created_at FROM users ORDER BY name COLLATE NOCASE, email',
      ),
      person: db.prepare<[string], PersonRow>(
        'SELECT id, email, name, is_admin, disabled_at, created_at FROM users WHERE id = ?',
      ),
      workspacesOfAll: db.prepare<[], MembershipRow>(
        `SELECT m.user_id, w.id, w.name, m.role FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
         ORDER BY w.name COLLATE NOCASE`,
      ),
      setDisabled: db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?'),
      endSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      revokeTokens: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
      setAdmin: db.prepare('UPDATE users SET is_admin = ? WHERE id = ?'),
      spendResets: db.prepare('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL'),
      insertReset: db.prepare(
        'INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      ),
      usableReset: db.prepare<[string, string], { user_id: string; name: string; email: string; expires_at: string }>(
        `SELECT p.user_id, u.name, u.email, p.expires_at FROM password_resets p JOIN users u ON u.id = p.user_id
         WHERE p.token_hash = ? AND p.used_at IS NULL AND p.expires_at > ? AND u.disabled_at IS NULL`,
      ),
      spendReset: db.prepare('UPDATE password_resets SET used_at = ? WHERE token_hash = ?'),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      retireUpload: db.prepare(
        "UPDATE frameworks SET retired_at = COALESCE(retired_at, ?) WHERE id = ? AND source = 'upload'",
      ),
      orphaned: db.prepare<[], OrphanRow>(
        `SELECT r.id, r.title, r.workspace_id, w.name AS workspace_name, r.updated_at, r.status
         FROM reviews r LEFT JOIN workspaces w ON w.id = r.workspace_id
         WHERE r.deleted_at IS NULL AND NOT EXISTS (
           SELECT 1 FROM review_members m JOIN users u ON u.id = m.user_id
           WHERE m.review_id = r.id AND m.role = 'facilitator' AND u.disabled_at IS NULL)
         ORDER BY r.updated_at DESC, r.id`,
      ),
      hasFacilitator: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM review_members m JOIN users u ON u.id = m.user_id
         WHERE m.review_id = ? AND m.role = 'facilitator' AND u.disabled_at IS NULL`,
      ),
      reviewMembers: db.prepare<[string], ReviewMemberRow>(
        `SELECT m.user_id, u.name, m.role FROM review_members m JOIN users u ON u.id = m.user_id
         WHERE m.review_id = ? ORDER BY m.created_at`,
      ),
      setFacilitator: db.prepare(
        `INSERT INTO review_members (review_id, user_id, role, invite_id, created_at) VALUES (?, ?, 'facilitator', NULL, ?)
         ON CONFLICT (review_id, user_id) DO UPDATE SET role = 'facilitator', invite_id = NULL`,
      ),
    };
  }

  private record(a: AuditEntry): void {
    this.q.audit.run(a.at, a.actorId, a.actorName, a.action, a.subject, a.detail);
  }

  /** Run `change` and write its audit entry in one transaction. */
  private audited<T>(audit: AuditEntry, change: () => T): T {
    return this.db.transaction(() => {
      const result = change();
      this.record(audit);
      return result;
    })();
  }

  private summaries(rows: WorkspaceRow[]): WorkspaceSummary[] {
    const members = this.q.members.all();
    return toWorkspaceSummaries(rows, members);
  }

  async workspaces(): Promise<WorkspaceSummary[]> {
    return this.summaries(this.q.workspaces.all());
  }

  async workspace(id: string): Promise<WorkspaceSummary | null> {
    const row = this.q.workspace.get(id);
    return row ? (this.summaries([row])[0] ?? null) : null;
  }

  async workspaceNamed(name: string): Promise<{ id: string; name: string } | null> {
    return this.q.workspaceNamed.get(name) ?? null;
  }

  async createWorkspace(id: string, name: string, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.q.insertWorkspace.run(id, name, audit.at));
  }

  async renameWorkspace(id: string, name: string, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.q.renameWorkspace.run(name, id).changes === 0) return false;
      this.record(audit);
      return true;
    })();
  }

  async removeWorkspace(id: string, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(() => {
      this.q.detachReviews.run(id);
      this.q.retireFrameworks.run(audit.at, id);
      if (this.q.deleteWorkspace.run(id).changes === 0) return false;
      this.record(audit);
      return true;
    })();
  }

  async setWorkspaceMember(workspaceId: string, userId: string, role: WorkspaceRole, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.q.setMember.run(workspaceId, userId, role));
  }

  async removeWorkspaceMember(workspaceId: string, userId: string, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.q.removeMember.run(workspaceId, userId).changes === 0) return false;
      this.record(audit);
      return true;
    })();
  }

  private persons(rows: PersonRow[]): Person[] {
    const memberships = this.q.workspacesOfAll.all();
    return toPeople(rows, memberships);
  }

  async people(): Promise<Person[]> {
    return this.persons(this.q.people.all());
  }

  async person(id: string): Promise<Person | null> {
    const row = this.q.person.get(id);
    return row ? (this.persons([row])[0] ?? null) : null;
  }

  async setDisabled(userId: string, disabledAt: string | null, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => {
      this.q.setDisabled.run(disabledAt, userId);
      if (disabledAt === null) return;
      this.q.endSessions.run(userId);
      this.q.revokeTokens.run(disabledAt, userId);
      this.q.spendResets.run(disabledAt, userId);
    });
  }

  async setAdmin(userId: string, isAdmin: boolean, audit: AuditEntry): Promise<void> {
    this.audited(audit, () => this.q.setAdmin.run(isAdmin ? 1 : 0, userId));
  }

  async createPasswordReset(
    r: { tokenHash: string; userId: string; createdBy: string; createdAt: string; expiresAt: string },
    audit: AuditEntry,
  ): Promise<void> {
    this.audited(audit, () => {
      this.q.spendResets.run(r.createdAt, r.userId);
      this.q.insertReset.run(r.tokenHash, r.userId, r.createdBy, r.createdAt, r.expiresAt);
    });
  }

  async passwordReset(tokenHash: string, now: string): Promise<PasswordReset | null> {
    const row = this.q.usableReset.get(tokenHash, now);
    return row ? { userId: row.user_id, name: row.name, email: row.email, expiresAt: row.expires_at } : null;
  }

  async usePasswordReset(tokenHash: string, now: string, passwordHash: string): Promise<string | null> {
    return this.db.transaction(() => {
      const row = this.q.usableReset.get(tokenHash, now);
      if (!row) return null;
      this.q.spendReset.run(now, tokenHash);
      this.q.setPassword.run(passwordHash, row.user_id);
      this.q.endSessions.run(row.user_id);
      this.record({
        at: now,
        actorId: row.user_id,
        actorName: row.name,
        action: 'user.password-reset.use',
        subject: row.user_id,
        detail: `${row.name} (${row.email}) set a new password with a reset link`,
      });
      return row.user_id;
    })();
  }

  async retireUpload(id: string, at: string, audit: AuditEntry): Promise<number> {
    return this.db.transaction(() => {
      const versions = this.q.retireUpload.run(at, id).changes;
      if (versions > 0) this.record(audit);
      return versions;
    })();
  }

  async orphanedReviews(): Promise<OrphanedReview[]> {
    return this.q.orphaned.all().map((r) => toOrphaned(r, this.q.reviewMembers.all(r.id)));
  }

  async grantFacilitator(reviewId: string, userId: string, audit: AuditEntry): Promise<'granted' | 'has-facilitator'> {
    return this.db.transaction(() => {
      // count(*) without GROUP BY always answers one row.
      if (this.q.hasFacilitator.get(reviewId)!.n > 0) return 'has-facilitator' as const;
      this.q.setFacilitator.run(reviewId, userId, audit.at);
      this.record(audit);
      return 'granted' as const;
    })();
  }

  async auditTrail(limit: number): Promise<AuditRecord[]> {
    return this.q.auditTrail.all(limit).map(toAuditRecord);
  }
}
