import type Database from 'better-sqlite3';
import type { User } from './access-types.ts';
import type { IdentityStore } from './identity-types.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  is_admin: number;
  created_at: string;
}

export class SqliteIdentityStore implements IdentityStore {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      userByIdentity: db.prepare<[string, string], UserRow>(
        'SELECT u.* FROM oidc_identities i JOIN users u ON u.id = i.user_id WHERE i.issuer = ? AND i.subject = ?',
      ),
      link: db.prepare(
        'INSERT INTO oidc_identities (issuer, subject, user_id, email, linked_at) VALUES (?, ?, ?, ?, ?)',
      ),
      workspace: db.prepare<[string], { sso_only: number }>('SELECT sso_only FROM workspaces WHERE id = ?'),
      setSsoOnly: db.prepare('UPDATE workspaces SET sso_only = ? WHERE id = ?'),
      mustUseSso: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.user_id = ? AND w.sso_only = 1`,
      ),
    };
  }

  async userByIdentity(issuer: string, subject: string): Promise<User | null> {
    const r = this.q.userByIdentity.get(issuer, subject);
    return r ? { id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin === 1, createdAt: r.created_at } : null;
  }

  async linkIdentity(l: { issuer: string; subject: string; userId: string; email: string; at: string }): Promise<void> {
    this.q.link.run(l.issuer, l.subject, l.userId, l.email, l.at);
  }

  async workspaceExists(workspaceId: string): Promise<boolean> {
    return this.q.workspace.get(workspaceId) !== undefined;
  }

  async setSsoOnly(workspaceId: string, ssoOnly: boolean): Promise<void> {
    this.q.setSsoOnly.run(ssoOnly ? 1 : 0, workspaceId);
  }

  async ssoOnly(workspaceId: string): Promise<boolean> {
    return this.q.workspace.get(workspaceId)?.sso_only === 1;
  }

  async mustUseSso(userId: string): Promise<boolean> {
    // count(*) always answers one row.
    return this.q.mustUseSso.get(userId)!.n > 0;
  }
}
