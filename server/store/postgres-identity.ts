import type { User } from './access-types.ts';
import type { IdentityStore } from './identity-types.ts';
import type { PgDb } from './postgres-db.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  created_at: string;
}

export class PostgresIdentityStore implements IdentityStore {
  constructor(private readonly db: PgDb) {}

  async userByIdentity(issuer: string, subject: string): Promise<User | null> {
    const r = await this.db.row<UserRow>(
      'SELECT u.* FROM oidc_identities i JOIN users u ON u.id = i.user_id WHERE i.issuer = $1 AND i.subject = $2',
      [issuer, subject],
    );
    return r ? { id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin, createdAt: r.created_at } : null;
  }

  async linkIdentity(l: { issuer: string; subject: string; userId: string; email: string; at: string }): Promise<void> {
    await this.db.run(
      'INSERT INTO oidc_identities (issuer, subject, user_id, email, linked_at) VALUES ($1, $2, $3, $4, $5)',
      [l.issuer, l.subject, l.userId, l.email, l.at],
    );
  }

  async workspaceExists(workspaceId: string): Promise<boolean> {
    return (await this.db.row('SELECT 1 FROM workspaces WHERE id = $1', [workspaceId])) !== null;
  }

  async setSsoOnly(workspaceId: string, ssoOnly: boolean): Promise<void> {
    await this.db.run('UPDATE workspaces SET sso_only = $1 WHERE id = $2', [ssoOnly, workspaceId]);
  }

  async ssoOnly(workspaceId: string): Promise<boolean> {
    const row = await this.db.row<{ sso_only: boolean }>('SELECT sso_only FROM workspaces WHERE id = $1', [
      workspaceId,
    ]);
    return row?.sso_only ?? false;
  }

  async mustUseSso(userId: string): Promise<boolean> {
    const row = await this.db.row(
      `SELECT 1 FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
       WHERE m.user_id = $1 AND w.sso_only LIMIT 1`,
      [userId],
    );
    return row !== null;
  }
}
