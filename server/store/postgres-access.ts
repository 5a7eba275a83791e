import type { AccessStore, Invite, Member, ReviewRole, User, UserWithPassword, Workspace } from './access-types.ts';
import type { PgDb } from './postgres-db.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_admin: boolean;
  created_at: string;
  disabled_at: string | null;
}

interface InviteRow {
  id: string;
  review_id: string;
  role: ReviewRole;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  isAdmin: r.is_admin,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

const toInvite = (r: InviteRow): Invite => ({
  id: r.id,
  reviewId: r.review_id,
  role: r.role,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

const SESSION_USER = `SELECT u.*, s.expires_at AS session_expires_at FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = $1 AND s.expires_at > $2`;

/** AccessStore over the same PostgreSQL database as the reviews. */
export class PostgresAccessStore implements AccessStore {
  constructor(private readonly db: PgDb) {}

  async countUsers(): Promise<number> {
    return (await this.db.row<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0;
  }

  async createUser(u: UserWithPassword): Promise<void> {
    await this.db.run(
      'INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [u.id, u.email, u.name, u.passwordHash, u.isAdmin, u.createdAt],
    );
  }

  async userByEmail(email: string): Promise<UserWithPassword | null> {
    const row = await this.db.row<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async userById(id: string): Promise<User | null> {
    const row = await this.db.row<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return row ? toUser(row) : null;
  }

  async createSession(tokenHash: string, userId: string, expiresAt: string): Promise<void> {
    await this.db.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      tokenHash,
      userId,
      new Date().toISOString(),
      expiresAt,
    ]);
  }

  async sessionUser(tokenHash: string, now: string): Promise<User | null> {
    const row = await this.db.row<UserRow>(SESSION_USER, [tokenHash, now]);
    return row ? toUser(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async sessionById(tokenHash: string, now: string): Promise<{ user: User; expiresAt: string } | null> {
    const row = await this.db.row<UserRow & { session_expires_at: string }>(SESSION_USER, [tokenHash, now]);
    return row ? { user: toUser(row), expiresAt: row.session_expires_at } : null;
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.db.run('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
  }

  async createApiToken(t: { id: string; tokenHash: string; userId: string; name: string }): Promise<void> {
    await this.db.run(
      'INSERT INTO api_tokens (token_hash, id, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5)',
      [t.tokenHash, t.id, t.userId, t.name, new Date().toISOString()],
    );
  }

  async tokenUser(tokenHash: string): Promise<User | null> {
    const row = await this.db.row<UserRow>(
      'SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL',
      [tokenHash],
    );
    return row ? toUser(row) : null;
  }

  async createWorkspace(id: string, name: string): Promise<void> {
    await this.db.run('INSERT INTO workspaces (id, name, created_at) VALUES ($1, $2, $3)', [
      id,
      name,
      new Date().toISOString(),
    ]);
  }

  async workspaceByName(name: string): Promise<{ id: string; name: string } | null> {
    return this.db.row('SELECT id, name FROM workspaces WHERE name = $1 ORDER BY id LIMIT 1', [name]);
  }

  async addWorkspaceMember(workspaceId: string, userId: string, role: Workspace['role']): Promise<void> {
    await this.db.run(
      `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
      [workspaceId, userId, role],
    );
  }

  async workspacesOf(userId: string): Promise<Workspace[]> {
    return this.db.rows(
      `SELECT w.id, w.name, m.role FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
       WHERE m.user_id = $1 ORDER BY w.name`,
      [userId],
    );
  }

  async reviewRole(reviewId: string, userId: string): Promise<ReviewRole | null> {
    // A deleted review gives nobody a role: its page, socket and API answer as for no review.
    const row = await this.db.row<{ role: ReviewRole }>(
      `SELECT m.role FROM review_members m JOIN reviews r ON r.id = m.review_id
       WHERE m.review_id = $1 AND m.user_id = $2 AND r.deleted_at IS NULL`,
      [reviewId, userId],
    );
    return row?.role ?? null;
  }

  async setReviewMember(reviewId: string, userId: string, role: ReviewRole, inviteId: string | null): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run(
        `INSERT INTO review_members (review_id, user_id, role, invite_id, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (review_id, user_id) DO UPDATE SET role = excluded.role, invite_id = excluded.invite_id`,
        [reviewId, userId, role, inviteId, new Date().toISOString()],
      );
      await q.run('DELETE FROM review_removals WHERE review_id = $1 AND user_id = $2', [reviewId, userId]);
    });
  }

  async removeReviewMembers(reviewId: string, userIds: string[]): Promise<string[]> {
    const at = new Date().toISOString();
    return this.db.tx(async (q) => {
      const removed: string[] = [];
      for (const u of userIds) {
        if ((await q.run('DELETE FROM review_members WHERE review_id = $1 AND user_id = $2', [reviewId, u])) === 0) {
          continue;
        }
        await q.run(
          `INSERT INTO review_removals (review_id, user_id, removed_at) VALUES ($1, $2, $3)
           ON CONFLICT (review_id, user_id) DO UPDATE SET removed_at = excluded.removed_at`,
          [reviewId, u, at],
        );
        removed.push(u);
      }
      return removed;
    });
  }

  async removedAt(reviewId: string, userId: string): Promise<string | null> {
    const row = await this.db.row<{ removed_at: string }>(
      'SELECT removed_at FROM review_removals WHERE review_id = $1 AND user_id = $2',
      [reviewId, userId],
    );
    return row?.removed_at ?? null;
  }

  async reviewMembers(reviewId: string): Promise<Member[]> {
    const rows = await this.db.rows<{
      user_id: string;
      name: string;
      email: string;
      role: ReviewRole;
      invite_id: string | null;
    }>(
      `SELECT m.user_id, u.name, u.email, m.role, m.invite_id FROM review_members m JOIN users u ON u.id = m.user_id
       WHERE m.review_id = $1 ORDER BY m.created_at, m.pos`,
      [reviewId],
    );
    return rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role, inviteId: r.invite_id }));
  }

  async reviewIdsOf(userId: string): Promise<string[]> {
    const rows = await this.db.rows<{ review_id: string }>(
      'SELECT review_id FROM review_members WHERE user_id = $1 ORDER BY pos',
      [userId],
    );
    return rows.map((r) => r.review_id);
  }

  async createInvite(i: Invite & { tokenHash: string }): Promise<void> {
    await this.db.run(
      `INSERT INTO invites (id, token_hash, review_id, role, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [i.id, i.tokenHash, i.reviewId, i.role, i.createdBy, i.createdAt, i.expiresAt],
    );
  }

  async inviteByToken(tokenHash: string): Promise<Invite | null> {
    const row = await this.db.row<InviteRow>('SELECT * FROM invites WHERE token_hash = $1', [tokenHash]);
    return row ? toInvite(row) : null;
  }

  async invites(reviewId: string): Promise<Invite[]> {
    const rows = await this.db.rows<InviteRow>('SELECT * FROM invites WHERE review_id = $1 ORDER BY created_at, id', [
      reviewId,
    ]);
    return rows.map(toInvite);
  }

  async revokeInvite(reviewId: string, inviteId: string, at: string): Promise<string[]> {
    return this.db.tx(async (q) => {
      await q.run('UPDATE invites SET revoked_at = $1 WHERE review_id = $2 AND id = $3 AND revoked_at IS NULL', [
        at,
        reviewId,
        inviteId,
      ]);
      const rows = await q.rows<{ user_id: string }>(
        'DELETE FROM review_members WHERE review_id = $1 AND invite_id = $2 RETURNING user_id',
        [reviewId, inviteId],
      );
      return rows.map((r) => r.user_id);
    });
  }
}
