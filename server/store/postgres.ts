import type pg from 'pg';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { PostgresAccessStore } from './postgres-access.ts';
import { PostgresAdminStore } from './postgres-admin.ts';
import { PostgresCycleStore } from './postgres-cycles.ts';
import { PgDb, openPool, type PostgresOptions } from './postgres-db.ts';
import { PostgresFrameworkUploadStore } from './postgres-framework-uploads.ts';
import { historyColumns, historyRows } from './postgres-history.ts';
import { PostgresIdentityStore } from './postgres-identity.ts';
import { PostgresMeetingStore } from './postgres-meeting.ts';
import { NewerSchemaError, migratePostgres } from './postgres-migrate.ts';
import { PostgresRecordStore } from './postgres-records.ts';
import {
  checkStoredVersion,
  END_OF_LOG,
  type FrameworkRecord,
  type ReviewRecord,
  type Store,
  type StoredDocument,
} from './types.ts';
import { toEvent, toFramework, toReview, type FrameworkRow, type HistoryRow, type ReviewRow } from './rows.ts';

/** Where a database URL points, without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

const REVIEW_COLUMNS = 'id, workspace_id, title, framework_id, framework_version, created_at, updated_at';
/** A review as read: edited since its row last changed, its updated_at is its last append's. */
const REVIEW_READ = `SELECT r.id, r.workspace_id, r.title, r.framework_id, r.framework_version, r.created_at,
    greatest(r.updated_at, h.edited_at) AS updated_at
  FROM reviews r JOIN review_log_heads h ON h.review_id = r.id WHERE r.deleted_at IS NULL`;

/**
 * A batch's updates numbered after the review's counter, which the UPDATE locks until commit:
 * appends from any process queue there, so sequence numbers are gapless and increase in the
 * order they become visible. The counter has a row of its own (review_log_heads), so nothing
 * else done to a review waits on an append, nor an append on it.
 */
const APPEND_CTES = `WITH counter AS (
    UPDATE review_log_heads SET log_seq = log_seq + cardinality($2::bytea[]), edited_at = $3
    WHERE review_id = $1 RETURNING log_seq
  ), updates AS (
    INSERT INTO review_updates (review_id, seq, data, created_at, user_id)
    SELECT $1, counter.log_seq - cardinality($2::bytea[]) + u.n, u.data, $3, $4
    FROM counter, unnest($2::bytea[]) WITH ORDINALITY AS u(data, n)
  )`;
const APPEND = `${APPEND_CTES} SELECT log_seq FROM counter`;
/** The same with the batch's history, numbered with its last update, in the order given. */
const APPEND_WITH_HISTORY = `${APPEND_CTES}, history AS (
    INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail)
    SELECT $1, counter.log_seq, h.at, h.user_id, h.user_name, h.criterion, h.kind, h.detail
    FROM counter, ${historyRows(5)} ORDER BY h.n
  ) SELECT log_seq FROM counter`;

/** The Store on PostgreSQL, for several server processes sharing one database. */
export class PostgresStore implements Store {
  private readonly db: PgDb;
  readonly access: PostgresAccessStore;
  readonly meeting: PostgresMeetingStore;
  readonly admin: PostgresAdminStore;
  readonly uploads: PostgresFrameworkUploadStore;
  readonly identity: PostgresIdentityStore;
  readonly records: PostgresRecordStore;
  readonly cycles: PostgresCycleStore;

  private constructor(readonly pool: pg.Pool) {
    this.db = new PgDb(pool);
    this.access = new PostgresAccessStore(this.db);
    this.meeting = new PostgresMeetingStore(this.db);
    this.admin = new PostgresAdminStore(this.db);
    this.uploads = new PostgresFrameworkUploadStore(this.db);
    this.identity = new PostgresIdentityStore(this.db);
    this.records = new PostgresRecordStore(this.db);
    this.cycles = new PostgresCycleStore(this.db);
  }

  /** Connect, bring the schema up to date, and resolve with a store ready for use. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = openPool(url, options);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      if (error instanceof NewerSchemaError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`PostgreSQL at ${describeUrl(url)}: ${message}`, { cause: error });
    }
    return new PostgresStore(pool);
  }

  async createReview(review: ReviewRecord, initialState: Uint8Array): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run(`INSERT INTO reviews (${REVIEW_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        review.id,
        review.workspaceId,
        review.title,
        review.frameworkId,
        review.frameworkVersion,
        review.createdAt,
        review.updatedAt,
      ]);
      await q.run('INSERT INTO review_log_heads (review_id) VALUES ($1)', [review.id]);
      await q.run('INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES ($1, 0, $2, $3)', [
        review.id,
        Buffer.from(initialState),
        review.createdAt,
      ]);
    });
  }

  async getReview(id: string): Promise<ReviewRecord | null> {
    const row = await this.db.row<ReviewRow>(`${REVIEW_READ} AND r.id = $1`, [id]);
    return row ? toReview(row) : null;
  }

  async listReviews(): Promise<ReviewRecord[]> {
    const rows = await this.db.rows<ReviewRow>(`${REVIEW_READ} ORDER BY updated_at DESC, r.id`);
    return rows.map(toReview);
  }

  async loadDocument(reviewId: string, uptoSeq = END_OF_LOG): Promise<StoredDocument> {
    // One snapshot of the database for both reads, so a compaction between them cannot be half seen.
    return this.db.tx(async (q) => {
      const snap = await q.row<{ upto_seq: number; data: Buffer }>(
        'SELECT upto_seq, data FROM review_snapshots WHERE review_id = $1',
        [reviewId],
      );
      const rows = await q.rows<{ seq: number; data: Buffer }>(
        'SELECT seq, data FROM review_updates WHERE review_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
        [reviewId, snap?.upto_seq ?? 0, uptoSeq],
      );
      return {
        snapshot: snap ? new Uint8Array(snap.data) : null,
        updates: rows.map((r) => new Uint8Array(r.data)),
        lastSeq: rows.at(-1)?.seq ?? snap?.upto_seq ?? 0,
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async appendUpdates(
    reviewId: string,
    updates: Uint8Array[],
    userId: string | null = null,
    history: HistoryEvent[] = [],
  ): Promise<number> {
    const at = new Date().toISOString();
    const data = updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength));
    const params = [reviewId, data, at, userId];
    // One statement, one round trip: it commits on its own, all of it or nothing.
    const row =
      history.length === 0
        ? await this.db.row<{ log_seq: number }>(APPEND, params)
        : await this.db.row<{ log_seq: number }>(APPEND_WITH_HISTORY, [...params, ...historyColumns(history)]);
    if (!row) throw new Error(`no review "${reviewId}" to append to`);
    return row.log_seq;
  }

  async history(reviewId: string, criterion?: string, limit = 200): Promise<HistoryEvent[]> {
    const rows =
      criterion === undefined
        ? await this.db.rows<HistoryRow>(
            'SELECT * FROM review_history WHERE review_id = $1 ORDER BY seq DESC, pos DESC LIMIT $2',
            [reviewId, limit],
          )
        : await this.db.rows<HistoryRow>(
            'SELECT * FROM review_history WHERE review_id = $1 AND criterion = $2 ORDER BY seq DESC, pos DESC LIMIT $3',
            [reviewId, criterion, limit],
          );
    return rows.map(toEvent);
  }

  async compact(reviewId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    await this.db.tx(async (q) => {
      await q.run(
        `INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (review_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, created_at = excluded.created_at
         WHERE review_snapshots.upto_seq < excluded.upto_seq`,
        [reviewId, uptoSeq, Buffer.from(snapshot), new Date().toISOString()],
      );
      await q.run('DELETE FROM review_updates WHERE review_id = $1 AND seq <= $2', [reviewId, uptoSeq]);
      // The log never goes back: a snapshot past the counter moves it on, as the SQLite store reads it.
      await q.run('UPDATE review_log_heads SET log_seq = $2 WHERE review_id = $1 AND log_seq < $2', [
        reviewId,
        uptoSeq,
      ]);
    });
  }

  async pendingUpdates(reviewId: string): Promise<number> {
    return (
      (await this.db.row<{ n: number }>('SELECT count(*) AS n FROM review_updates WHERE review_id = $1', [reviewId]))
        ?.n ?? 0
    );
  }

  async putFramework(record: FrameworkRecord): Promise<'created' | 'unchanged'> {
    const { framework: fw } = record;
    return this.db.tx(async (q) => {
      const inserted = await q.run(
        `INSERT INTO frameworks (id, version, hash, body, source, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id, version) DO NOTHING`,
        [fw.id, fw.version, record.hash, JSON.stringify(fw), record.source, record.createdAt],
      );
      if (inserted > 0) return 'created' as const;
      const stored = await q.row<{ hash: string }>('SELECT hash FROM frameworks WHERE id = $1 AND version = $2', [
        fw.id,
        fw.version,
      ]);
      checkStoredVersion(stored?.hash, { id: fw.id, version: fw.version, hash: record.hash });
      return 'unchanged' as const;
    });
  }

  async getFramework(id: string, version?: number): Promise<FrameworkRecord | null> {
    const row =
      version === undefined
        ? await this.db.row<FrameworkRow>('SELECT * FROM frameworks WHERE id = $1 ORDER BY version DESC LIMIT 1', [id])
        : await this.db.row<FrameworkRow>('SELECT * FROM frameworks WHERE id = $1 AND version = $2', [id, version]);
    return row ? toFramework(row) : null;
  }

  async listFrameworks(): Promise<FrameworkRecord[]> {
    const rows = await this.db.rows<FrameworkRow>(
      'SELECT DISTINCT ON (id) * FROM frameworks ORDER BY id, version DESC',
    );
    return rows.map(toFramework);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
