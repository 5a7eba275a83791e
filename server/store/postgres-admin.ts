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
import type { PgDb, Queries } from './postgres-db.ts';

const WORKSPACES = `SELECT w.id, w.name, w.created_at, (SELECT count(*) FROM reviews r WHERE r.workspace_id = w.id) AS reviews
  FROM workspaces w`;

const USABLE_RESET = `SELECT p.user_id, u.name, u.email, p.expires_at FROM password_resets p JOIN users u ON u.id = p.user_id
  WHERE p.token_hash = $1 AND p.used_at IS NULL AND p.expires_at > $2 AND u.disabled_at IS NULL`;

/** Write an audit entry in the caller's transaction. */
export async function recordAudit(q: Queries, a: AuditEntry): Promise<void> {
  await q.run(
    'INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)',
    [a.at, a.actorId, a.actorName, a.action, a.subject, a.detail],
  );
}

/** AdminStore over the same PostgreSQL database as accounts and reviews. */
export class PostgresAdminStore implements AdminStore {
  constructor(private readonly db: PgDb) {}

  /** Run `change` and write its audit entry in one transaction; a change that reports false writes none. */
  private audited<T>(audit: AuditEntry, change: (q: Queries) => Promise<T>): Promise<T> {
    return this.db.tx(async (q) => {
      const result = await change(q);
      if (result !== false) await recordAudit(q, audit);
      return result;
    });
  }

  private async summaries(rows: WorkspaceRow[]): Promise<WorkspaceSummary[]> {
    const members = await this.db.rows<WorkspaceMemberRow>(
      `SELECT m.workspace_id, m.user_id, u.name, u.email, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
       ORDER BY m.role DESC, lower(u.name), u.id`,
    );
    return toWorkspaceSummaries(rows, members);
  }

  async workspaces(): Promise<WorkspaceSummary[]> {
    return this.summaries(await this.db.rows<WorkspaceRow>(`${WORKSPACES} ORDER BY lower(w.name), w.id`));
  }

  async workspace(id: string): Promise<WorkspaceSummary | null> {
    const row = await this.db.row<WorkspaceRow>(`${WORKSPACES} WHERE w.id = $1`, [id]);
    return row ? ((await this.summaries([row]))[0] ?? null) : null;
  }

  async workspaceNamed(name: string): Promise<{ id: string; name: string } | null> {
    return this.db.row('SELECT id, name FROM workspaces WHERE lower(name) = lower($1) ORDER BY id LIMIT 1', [name]);
  }

  async createWorkspace(id: string, name: string, audit: AuditEntry): Promise<void> {
    await this.audited(audit, (q) =>
      q.run('INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)', [id, name, audit.at]),
    );
  }

  async renameWorkspace(id: string, name: string, audit: AuditEntry): Promise<boolean> {
    return this.audited(
      audit,
      async (q) => (await q.run('UPDATE workspaces SET name = $1 WHERE id = $2', [name, id])) > 0,
    );
  }

  async removeWorkspace(id: string, audit: AuditEntry): Promise<boolean> {
    return this.audited(audit, async (q) => {
      await q.run('UPDATE reviews SET workspace_id = NULL WHERE workspace_id = $1', [id]);
      // A removed workspace's frameworks stay for the reviews made from them, retired so no new review uses them.
      await q.run(
        'UPDATE frameworks SET workspace_id = NULL, retired_at = COALESCE(retired_at, $1) WHERE workspace_id = $2',
        [audit.at, id],
      );
      return (await q.run('DELETE FROM workspaces WHERE id = $1', [id])) > 0;
    });
  }

  async setWorkspaceMember(workspaceId: string, userId: string, role: WorkspaceRole, audit: AuditEntry): Promise<void> {
    await this.audited(audit, (q) =>
      q.run(
        `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
        [workspaceId, userId, role],
      ),
    );
  }

  async removeWorkspaceMember(workspaceId: string, userId: string, audit: AuditEntry): Promise<boolean> {
    return this.audited(
      audit,
      async (q) =>
        (await q.run('DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId])) >
        0,
    );
  }

  private async persons(rows: PersonRow[]): Promise<Person[]> {
    const memberships = await this.db.rows<MembershipRow>(
      `SELECT m.user_id, w.id, w.name, m.role FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
       ORDER BY lower(w.name), w.id`,
    );
    return toPeople(rows, memberships);
  }

  async people(): Promise<Person[]> {
    return this.persons(
      await this.db.rows<PersonRow>(
        'SELECT id, email, name, is_admin, disabled_at, created_at FROM users ORDER BY lower(name), email',
      ),
    );
  }

  async person(id: string): Promise<Person | null> {
    const row = await this.db.row<PersonRow>(
      'SELECT id, email, name, is_admin, disabled_at, created_at FROM users WHERE id = $1',
      [id],
    );
    return row ? ((await this.persons([row]))[0] ?? null) : null;
  }

  async setDisabled(userId: string, disabledAt: string | null, audit: AuditEntry): Promise<void> {
    await this.audited(audit, async (q) => {
      await q.run('UPDATE users SET disabled_at = $1 WHERE id = $2', [disabledAt, userId]);
      if (disabledAt === null) return;
      await q.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
      await q.run('UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [
        disabledAt,
        userId,
      ]);
      await q.run('UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL', [
        disabledAt,
        userId,
      ]);
    });
  }

  async setAdmin(userId: string, isAdmin: boolean, audit: AuditEntry): Promise<void> {
    await this.audited(audit, (q) => q.run('UPDATE users SET is_admin = $1 WHERE id = $2', [isAdmin, userId]));
  }

  async createPasswordReset(
    r: { tokenHash: string; userId: string; createdBy: string; createdAt: string; expiresAt: string },
    audit: AuditEntry,
  ): Promise<void> {
    await this.audited(audit, async (q) => {
      await q.run('UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL', [
        r.createdAt,
        r.userId,
      ]);
      await q.run(
        'INSERT INTO password_resets (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [r.tokenHash, r.userId, r.createdBy, r.createdAt, r.expiresAt],
      );
    });
  }

  async passwordReset(tokenHash: string, now: string): Promise<PasswordReset | null> {
    const row = await this.db.row<{ user_id: string; name: string; email: string; expires_at: string }>(USABLE_RESET, [
      tokenHash,
      now,
    ]);
    return row ? { userId: row.user_id, name: row.name, email: row.email, expiresAt: row.expires_at } : null;
  }

  async usePasswordReset(tokenHash: string, now: string, passwordHash: string): Promise<string | null> {
    return this.db.tx(async (q) => {
      // FOR UPDATE: two uses of one link at once, and only the first sets the password.
      const row = await q.row<{ user_id: string; name: string; email: string }>(`${USABLE_RESET} FOR UPDATE OF p`, [
        tokenHash,
        now,
      ]);
      if (!row) return null;
      await q.run('UPDATE password_resets SET used_at = $1 WHERE token_hash = $2', [now, tokenHash]);
      await q.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, row.user_id]);
      await q.run('DELETE FROM sessions WHERE user_id = $1', [row.user_id]);
      await recordAudit(q, {
        at: now,
        actorId: row.user_id,
        actorName: row.name,
        action: 'user.password-reset.use',
        subject: row.user_id,
        detail: `${row.name} (${row.email}) set a new password with a reset link`,
      });
      return row.user_id;
    });
  }

  async retireUpload(id: string, at: string, audit: AuditEntry): Promise<number> {
    return this.db.tx(async (q) => {
      const versions = await q.run(
        "UPDATE frameworks SET retired_at = COALESCE(retired_at, $1) WHERE id = $2 AND source = 'upload'",
        [at, id],
      );
      if (versions > 0) await recordAudit(q, audit);
      return versions;
    });
  }

  async orphanedReviews(): Promise<OrphanedReview[]> {
    const rows = await this.db.rows<OrphanRow>(
      `SELECT r.id, r.title, r.workspace_id, w.name AS workspace_name, greatest(r.updated_at, h.edited_at) AS updated_at,
         r.status
       FROM reviews r JOIN review_log_heads h ON h.review_id = r.id LEFT JOIN workspaces w ON w.id = r.workspace_id
       WHERE r.deleted_at IS NULL AND NOT EXISTS (
         SELECT 1 FROM review_members m JOIN users u ON u.id = m.user_id
         WHERE m.review_id = r.id AND m.role = 'facilitator' AND u.disabled_at IS NULL)
       ORDER BY updated_at DESC, r.id`,
    );
    const members = await this.db.rows<ReviewMemberRow & { review_id: string }>(
      `SELECT m.review_id, m.user_id, u.name, m.role FROM review_members m JOIN users u ON u.id = m.user_id
       WHERE m.review_id = ANY($1::text[]) ORDER BY m.created_at, m.pos`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) =>
      toOrphaned(
        r,
        members.filter((m) => m.review_id === r.id),
      ),
    );
  }

  async grantFacilitator(reviewId: string, userId: string, audit: AuditEntry): Promise<'granted' | 'has-facilitator'> {
    return this.db.tx(async (q) => {
      // The review's row locked, so two grants at once cannot both find it without a facilitator
      // (NO KEY: the rows that refer to the review, such as an append's, are still written meanwhile).
      await q.run('SELECT 1 FROM reviews WHERE id = $1 FOR NO KEY UPDATE', [reviewId]);
      const has = await q.row(
        `SELECT 1 FROM review_members m JOIN users u ON u.id = m.user_id
         WHERE m.review_id = $1 AND m.role = 'facilitator' AND u.disabled_at IS NULL LIMIT 1`,
        [reviewId],
      );
      if (has) return 'has-facilitator' as const;
      await q.run(
        `INSERT INTO review_members (review_id, user_id, role, invite_id, created_at) VALUES ($1, $2, 'facilitator', NULL, $3)
         ON CONFLICT (review_id, user_id) DO UPDATE SET role = 'facilitator', invite_id = NULL`,
        [reviewId, userId, audit.at],
      );
      await recordAudit(q, audit);
      return 'granted' as const;
    });
  }

  async auditTrail(limit: number): Promise<AuditRecord[]> {
    const rows = await this.db.rows<AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT $1', [limit]);
    return rows.map(toAuditRecord);
  }
}
