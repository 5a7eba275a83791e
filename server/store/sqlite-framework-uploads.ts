import type Database from 'better-sqlite3';
import type { FrameworkUploadStore, UploadRecord, UploadScope, VersionRecord } from './framework-upload-types.ts';
import { checkStoredVersion } from './types.ts';

export class SqliteFrameworkUploadStore implements FrameworkUploadStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      hashOf: db.prepare<[string, number], { hash: string }>(
        'SELECT hash FROM frameworks WHERE id = ? AND version = ?',
      ),
      insert: db.prepare(
        `INSERT INTO frameworks (id, version, hash, body, source, created_at, workspace_id, uploaded_by, change_note)
         VALUES (@id, @version, @hash, @body, 'upload', @createdAt, @workspaceId, @uploadedBy, @changeNote)`,
      ),
      scope: db.prepare<[string], { workspace_id: string | null }>(
        "SELECT workspace_id FROM frameworks WHERE id = ? AND source = 'upload' LIMIT 1",
      ),
      builtInIds: db.prepare<[], { id: string }>("SELECT DISTINCT id FROM frameworks WHERE source = 'built-in'"),
      retire: db.prepare(
        "UPDATE frameworks SET retired_at = ? WHERE id = ? AND source = 'upload' AND retired_at IS NULL",
      ),
      uploadVersions: db.prepare<[string], { version: number }>(
        "SELECT version FROM frameworks WHERE id = ? AND source = 'upload' ORDER BY version",
      ),
      moveFramework: db.prepare(
        // The body names its id too; its hash stays that of the content as uploaded.
        `UPDATE frameworks SET id = @newId, body = json_set(body, '$.id', @newId), retired_at = coalesce(retired_at, @at)
         WHERE id = @id AND source = 'upload'`,
      ),
      moveReviews: db.prepare('UPDATE reviews SET framework_id = ? WHERE framework_id = ? AND framework_version = ?'),
      versions: db.prepare<
        [string],
        {
          version: number;
          created_at: string;
          source: 'built-in' | 'upload';
          uploaded_by: string | null;
          change_note: string | null;
          retired_at: string | null;
        }
      >(
        `SELECT version, created_at, source, uploaded_by, change_note, retired_at FROM frameworks
         WHERE id = ? ORDER BY version`,
      ),
      inUse: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM frameworks WHERE id = ?'),
      hasReviewOf: db.prepare<[string, string, number], { n: number }>(
        `SELECT count(*) AS n FROM reviews r JOIN review_members m ON m.review_id = r.id
         WHERE m.user_id = ? AND r.framework_id = ? AND r.framework_version = ?`,
      ),
    };
  }

  async putUpload(record: UploadRecord): Promise<'created' | 'unchanged'> {
    return this.db.transaction(() => {
      const stored = this.q.hashOf.get(record.id, record.version)?.hash;
      if (checkStoredVersion(stored, record) === 'unchanged') return 'unchanged' as const;
      this.q.insert.run({ ...record, changeNote: record.changeNote ?? null });
      return 'created' as const;
    })();
  }

  async scopeOf(id: string): Promise<UploadScope | null> {
    const row = this.q.scope.get(id);
    return row ? { workspaceId: row.workspace_id } : null;
  }

  async builtInIds(): Promise<string[]> {
    return this.q.builtInIds.all().map((r) => r.id);
  }

  async retire(id: string, at: string): Promise<number> {
    return this.q.retire.run(at, id).changes;
  }

  async moveUploads(id: string, newId: string, at: string): Promise<number[]> {
    return this.db.transaction(() => {
      const versions = this.q.uploadVersions.all(id).map((r) => r.version);
      // Reviews point at (id, version); checking that at commit lets both sides move together.
      this.db.pragma('defer_foreign_keys = ON');
      this.q.moveFramework.run({ newId, at, id });
      for (const v of versions) this.q.moveReviews.run(newId, id, v);
      return versions;
    })();
  }

  async versions(id: string): Promise<VersionRecord[]> {
    return this.q.versions.all(id).map((r) => ({
      version: r.version,
      createdAt: r.created_at,
      source: r.source,
      uploadedBy: r.uploaded_by,
      changeNote: r.change_note,
      retiredAt: r.retired_at,
    }));
  }

  async idInUse(id: string): Promise<boolean> {
    // count(*) always answers one row.
    return this.q.inUse.get(id)!.n > 0;
  }

  async hasReviewOf(userId: string, id: string, version: number): Promise<boolean> {
    return this.q.hasReviewOf.get(userId, id, version)!.n > 0;
  }
}
