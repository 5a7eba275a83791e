import type Database from 'better-sqlite3';
import type { AccessStore, Invite, Member, ReviewRole, User, UserWithPassword, Workspace } from './access-types.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_admin: number;
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

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  isAdmin: r.is_admin === 1,
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

/** AccessStore over the same SQLite database as the reviews. */
export class SqliteAccessStore implements AccessStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      countUsers: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
      insertUser: db.prepare(
        'INSERT INTO users (id, email, name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      insertSession: db.prepare(
        'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      sessionUser: db.prepare<[string, string], UserRow>(
        'SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?',
      ),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      sessionById: db.prepare<[string, string], UserRow & { session_expires_at: string }>(
        `SELECT u.*, s.expires_at AS session_expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ?`,
      ),
      deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      setPasswordHash: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      recordRemoval: db.prepare(
        `INSERT INTO review_removals (review_id, user_id, removed_at) VALUES (?, ?, ?)
         ON CONFLICT (review_id, user_id) DO UPDATE SET removed_at = excluded.removed_at`,
      ),
      forgetRemoval: db.prepare('DELETE FROM review_removals WHERE review_id = ? AND user_id = ?'),
      removedAt: db.prepare<[string, string], { removed_at: string }>(
        'SELECT removed_at FROM review_removals WHERE review_id = ? AND user_id = ?',
      ),
      insertToken: db.prepare(
        'INSERT INTO api_tokens (token_hash, id, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      tokenUser: db.prepare<[string], UserRow>(
        'SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL',
      ),
      insertWorkspace: db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)'),
      workspaceByName: db.prepare<[string], { id: string; name: string }>(
        'SELECT id, name FROM workspaces WHERE name = ?',
      ),
      addWorkspaceMember: db.prepare(
        'INSERT INTO workspace_members (workspace_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET role = excluded.role',
      ),
      workspacesOf: db.prepare<[string], Workspace>(
        'SELECT w.id, w.name, m.role FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = ? ORDER BY w.name',
      ),
      // A deleted review gives nobody a role: its page, socket and API answer as for no review.
      reviewRole: db.prepare<[string, string], { role: ReviewRole }>(
        `SELECT m.role FROM review_members m JOIN reviews r ON r.id = m.review_id
         WHERE m.review_id = ? AND m.user_id = ? AND r.deleted_at IS NULL`,
      ),
      setMember: db.prepare(
        `INSERT INTO review_members (review_id, user_id, role, invite_id, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (review_id, user_id) DO UPDATE SET role = excluded.role, invite_id = excluded.invite_id`,
      ),
      removeMember: db.prepare('DELETE FROM review_members WHERE review_id = ? AND user_id = ?'),
      members: db.prepare<
        [string],
        { user_id: string; name: string; email: string; role: ReviewRole; invite_id: string | null }
      >(
        `SELECT m.user_id, u.name, u.email, m.role, m.invite_id FROM review_members m JOIN users u ON u.id = m.user_id
         WHERE m.review_id = ? ORDER BY m.created_at`,
      ),
      reviewIdsOf: db.prepare<[string], { review_id: string }>(
        'SELECT review_id FROM review_members WHERE user_id = ?',
      ),
      insertInvite: db.prepare(
        'INSERT INTO invites (id, token_hash, review_id, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      inviteByToken: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE token_hash = ?'),
      invites: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE review_id = ? ORDER BY created_at'),
      revokeInvite: db.prepare(
        'UPDATE invites SET revoked_at = ? WHERE review_id = ? AND id = ? AND revoked_at IS NULL',
      ),
      membersByInvite: db.prepare<[string, string], { user_id: string }>(
        'SELECT user_id FROM review_members WHERE review_id = ? AND invite_id = ?',
      ),
    };
  }

  async countUsers(): Promise<number> {
    // count(*) always answers one row.
    return this.q.countUsers.get()!.n;
  }

  async createUser(u: UserWithPassword): Promise<void> {
    this.q.insertUser.run(u.id, u.email, u.name, u.passwordHash, u.isAdmin ? 1 : 0, u.createdAt);
  }

  async userByEmail(email: string): Promise<UserWithPassword | null> {
    const row = this.q.userByEmail.get(email);
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async userById(id: string): Promise<User | null> {
    const row = this.q.userById.get(id);
    return row ? toUser(row) : null;
  }

  async createSession(tokenHash: string, userId: string, expiresAt: string): Promise<void> {
    this.q.insertSession.run(tokenHash, userId, new Date().toISOString(), expiresAt);
  }

  async sessionUser(tokenHash: string, now: string): Promise<User | null> {
    const row = this.q.sessionUser.get(tokenHash, now);
    return row ? toUser(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.q.deleteSession.run(tokenHash);
  }

  async sessionById(tokenHash: string, now: string): Promise<{ user: User; expiresAt: string } | null> {
    const row = this.q.sessionById.get(tokenHash, now);
    return row ? { user: toUser(row), expiresAt: row.session_expires_at } : null;
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    this.q.deleteSessionsOf.run(userId);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    this.q.setPasswordHash.run(passwordHash, userId);
  }

  async createApiToken(t: { id: string; tokenHash: string; userId: string; name: string }): Promise<void> {
    this.q.insertToken.run(t.tokenHash, t.id, t.userId, t.name, new Date().toISOString());
  }

  async tokenUser(tokenHash: string): Promise<User | null> {
    const row = this.q.tokenUser.get(tokenHash);
    return row ? toUser(row) : null;
  }

  async createWorkspace(id: string, name: string): Promise<void> {
    this.q.insertWorkspace.run(id, name, new Date().toISOString());
  }

  async workspaceByName(name: string): Promise<{ id: string; name: string } | null> {
    return this.q.workspaceByName.get(name) ?? null;
  }

  async addWorkspaceMember(workspaceId: string, userId: string, role: Workspace['role']): Promise<void> {
    this.q.addWorkspaceMember.run(workspaceId, userId, role);
  }

  async workspacesOf(userId: string): Promise<Workspace[]> {
    return this.q.workspacesOf.all(userId);
  }

  async reviewRole(reviewId: string, userId: string): Promise<ReviewRole | null> {
    return this.q.reviewRole.get(reviewId, userId)?.role ?? null;
  }

  async setReviewMember(reviewId: string, userId: string, role: ReviewRole, inviteId: string | null): Promise<void> {
    this.db.transaction(() => {
      this.q.setMember.run(reviewId, userId, role, inviteId, new Date().toISOString());
      this.q.forgetRemoval.run(reviewId, userId);
    })();
  }

  async removeReviewMembers(reviewId: string, userIds: string[]): Promise<string[]> {
    const at = new Date().toISOString();
    return this.db.transaction(() =>
      userIds.filter((u) => {
        const removed = this.q.removeMember.run(reviewId, u).changes > 0;
        if (removed) this.q.recordRemoval.run(reviewId, u, at);
        return removed;
      }),
    )();
  }

  async removedAt(reviewId: string, userId: string): Promise<string | null> {
    return this.q.removedAt.get(reviewId, userId)?.removed_at ?? null;
  }

  async reviewMembers(reviewId: string): Promise<Member[]> {
    return this.q.members
      .all(reviewId)
      .map((r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role, inviteId: r.invite_id }));
  }

  async reviewIdsOf(userId: string): Promise<string[]> {
    return this.q.reviewIdsOf.all(userId).map((r) => r.review_id);
  }

  async createInvite(i: Invite & { tokenHash: string }): Promise<void> {
    this.q.insertInvite.run(i.id, i.tokenHash, i.reviewId, i.role, i.createdBy, i.createdAt, i.expiresAt);
  }

  async inviteByToken(tokenHash: string): Promise<Invite | null> {
    const row = this.q.inviteByToken.get(tokenHash);
    return row ? toInvite(row) : null;
  }

  async invites(reviewId: string): Promise<Invite[]> {
    return this.q.invites.all(reviewId).map(toInvite);
  }

  async revokeInvite(reviewId: string, inviteId: string, at: string): Promise<string[]> {
    return this.db.transaction(() => {
      this.q.revokeInvite.run(at, reviewId, inviteId);
      const users = this.q.membersByInvite.all(reviewId, inviteId).map((r) => r.user_id);
      for (const u of users) this.q.removeMember.run(reviewId, u);
      return users;
    })();
  }
}
