import type { FrameworkUploadStore, UploadRecord, UploadScope, VersionRecord } from './framework-upload-types.ts';
import type { PgDb } from './postgres-db.ts';
import { checkStoredVersion } from './types.ts';

export class PostgresFrameworkUploadStore implements FrameworkUploadStore {
  constructor(private readonly db: PgDb) {}

  async putUpload(r: UploadRecord): Promise<'created' | 'unchanged'> {
    return this.db.tx(async (q) => {
      // Inserting first (or finding the row there) makes two uploads of one version at once take turns.
      const inserted = await q.run(
        `INSERT INTO frameworks (id, version, hash, body, source, created_at, workspace_id, uploaded_by, change_note)
         VALUES ($1, $2, $3, $4, 'upload', $5, $6, $7, $8) ON CONFLICT (id, version) DO NOTHING`,
        [r.id, r.version, r.hash, r.body, r.createdAt, r.workspaceId, r.uploadedBy, r.changeNote ?? null],
      );
      if (inserted > 0) return 'created' as const;
      const stored = await q.row<{ hash: string }>('SELECT hash FROM frameworks WHERE id = $1 AND version = $2', [
        r.id,
        r.version,
      ]);
      checkStoredVersion(stored?.hash, r);
      return 'unchanged' as const;
    });
  }

  async scopeOf(id: string): Promise<UploadScope | null> {
    const row = await this.db.row<{ workspace_id: string | null }>(
      "SELECT workspace_id FROM frameworks WHERE id = $1 AND source = 'upload' ORDER BY version LIMIT 1",
      [id],
    );
    return row ? { workspaceId: row.workspace_id } : null;
  }

  async builtInIds(): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(
      "SELECT DISTINCT id FROM frameworks WHERE source = 'built-in' ORDER BY id",
    );
    return rows.map((r) => r.id);
  }

  async retire(id: string, at: string): Promise<number> {
    return this.db.run(
      "UPDATE frameworks SET retired_at = $1 WHERE id = $2 AND source = 'upload' AND retired_at IS NULL",
      [at, id],
    );
  }

  async moveUploads(id: string, newId: string, at: string): Promise<number[]> {
    // The body names its id too; its hash stays that of the content as uploaded. Reviews made
    // from a moved version follow it (ON UPDATE CASCADE).
    const rows = await this.db.rows<{ version: number }>(
      `UPDATE frameworks SET id = $2, body = jsonb_set(body::jsonb, '{id}', to_jsonb($2::text))::text,
         retired_at = coalesce(retired_at, $3)
       WHERE id = $1 AND source = 'upload' RETURNING version`,
      [id, newId, at],
    );
    return rows.map((r) => r.version).sort((a, b) => a - b);
  }

  async versions(id: string): Promise<VersionRecord[]> {
    const rows = await this.db.rows<{
      version: number;
      created_at: string;
      source: 'built-in' | 'upload';
      uploaded_by: string | null;
      change_note: string | null;
      retired_at: string | null;
    }>(
      `SELECT version, created_at, source, uploaded_by, change_note, retired_at FROM frameworks
       WHERE id = $1 ORDER BY version`,
      [id],
    );
    return rows.map((r) => ({
      version: r.version,
      createdAt: r.created_at,
      source: r.source,
      uploadedBy: r.uploaded_by,
      changeNote: r.change_note,
      retiredAt: r.retired_at,
    }));
  }

  async idInUse(id: string): Promise<boolean> {
    return (await this.db.row('SELECT 1 FROM frameworks WHERE id = $1 LIMIT 1', [id])) !== null;
  }

  async hasReviewOf(userId: string, id: string, version: number): Promise<boolean> {
    const row = await this.db.row(
      `SELECT 1 FROM reviews r JOIN review_members m ON m.review_id = r.id
       WHERE m.user_id = $1 AND r.framework_id = $2 AND r.framework_version = $3 LIMIT 1`,
      [userId, id, version],
    );
    return row !== null;
  }
}
