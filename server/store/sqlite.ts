import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { BackgroundCheckpointer, type CheckpointResult } from './sqlite-checkpointer.ts';
import { SqliteAccessStore } from './sqlite-access.ts';
import { SqliteAdminStore } from './sqlite-admin.ts';
import { SqliteCycleStore } from './sqlite-cycles.ts';
import { SqliteFrameworkUploadStore } from './sqlite-framework-uploads.ts';
import { SqliteIdentityStore } from './sqlite-identity.ts';
import { SqliteLogAppender } from './sqlite-log.ts';
import { SqliteMeetingStore } from './sqlite-meeting.ts';
import { SqliteRecordStore } from './sqlite-records.ts';
import { sqliteMigrations } from './sqlite-schema.ts';
import {
  checkStoredVersion,
  END_OF_LOG,
  type FrameworkRecord,
  type ReviewRecord,
  type Store,
  type StoredDocument,
} from './types.ts';
import { toEvent, toFramework, toReview, type FrameworkRow, type HistoryRow, type ReviewRow } from './rows.ts';

export interface SqliteOptions {
  /** NORMAL survives a process crash (kill -9); FULL also survives power loss, at an fsync per commit. */
  synchronous?: 'NORMAL' | 'FULL';
  /** Checkpoint the WAL from a worker thread instead of inside whichever commit crosses 1,000 pages. */
  backgroundCheckpoint?: boolean;
  onError?: (message: string) => void;
}

/** Apply pending schema migrations; each runs in its own transaction with its version. */
export function migrateSqlite(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  sqliteMigrations.slice(current).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + i + 1}`);
    })();
  });
  return sqliteMigrations.length;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  readonly access: SqliteAccessStore;
  readonly meeting: SqliteMeetingStore;
  readonly admin: SqliteAdminStore;
  readonly uploads: SqliteFrameworkUploadStore;
  readonly identity: SqliteIdentityStore;
  readonly records: SqliteRecordStore;
  readonly cycles: SqliteCycleStore;
  private readonly stmt;
  private readonly log: SqliteLogAppender;
  private readonly checkpointer: BackgroundCheckpointer | null = null;

  /** `path` ':memory:' gives a throwaway database for tests. */
  constructor(path: string, options: SqliteOptions = {}) {
    // For ':memory:' this is the current folder, which exists.
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrateSqlite(this.db);
    if (options.backgroundCheckpoint && path !== ':memory:') {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new BackgroundCheckpointer(path, 1000, options.onError);
    }
    this.access = new SqliteAccessStore(this.db);
    this.meeting = new SqliteMeetingStore(this.db);
    this.admin = new SqliteAdminStore(this.db);
    this.uploads = new SqliteFrameworkUploadStore(this.db);
    this.identity = new SqliteIdentityStore(this.db);
    this.records = new SqliteRecordStore(this.db);
    this.cycles = new SqliteCycleStore(this.db);
    const db = this.db;
    this.log = new SqliteLogAppender(db);
    this.stmt = {
      insertReview: db.prepare(
        'INSERT INTO reviews (id, workspace_id, title, framework_id, framework_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      getReview: db.prepare<[string], ReviewRow>('SELECT * FROM reviews WHERE id = ? AND deleted_at IS NULL'),
      listReviews: db.prepare<[], ReviewRow>(
        'SELECT * FROM reviews WHERE deleted_at IS NULL ORDER BY updated_at DESC, id',
      ),
      getSnapshot: db.prepare<[string], { upto_seq: number; data: Buffer }>(
        'SELECT upto_seq, data FROM review_snapshots WHERE review_id = ?',
      ),
      putSnapshot: db.prepare(
        `INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (review_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, created_at = excluded.created_at
         WHERE review_snapshots.upto_seq < excluded.upto_seq`,
      ),
      updatesAfter: db.prepare<[string, number, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM review_updates WHERE review_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
      ),
      countUpdates: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM review_updates WHERE review_id = ?'),
      deleteUpdatesUpTo: db.prepare('DELETE FROM review_updates WHERE review_id = ? AND seq <= ?'),
      history: db.prepare<[string, number], HistoryRow>(
        'SELECT * FROM review_history WHERE review_id = ? ORDER BY seq DESC, rowid DESC LIMIT ?',
      ),
      criterionHistory: db.prepare<[string, string, number], HistoryRow>(
        'SELECT * FROM review_history WHERE review_id = ? AND criterion = ? ORDER BY seq DESC, rowid DESC LIMIT ?',
      ),
      getFramework: db.prepare<[string, number], FrameworkRow>('SELECT * FROM frameworks WHERE id = ? AND version = ?'),
      latestFramework: db.prepare<[string], FrameworkRow>(
        'SELECT * FROM frameworks WHERE id = ? ORDER BY version DESC LIMIT 1',
      ),
      listFrameworks: db.prepare<[], FrameworkRow>(
        `SELECT f.* FROM frameworks f
         WHERE f.version = (SELECT max(version) FROM frameworks g WHERE g.id = f.id) ORDER BY f.id`,
      ),
      insertFramework: db.prepare(
        'INSERT INTO frameworks (id, version, hash, body, source, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  async createReview(review: ReviewRecord, initialState: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmt.insertReview.run(
        review.id,
        review.workspaceId,
        review.title,
        review.frameworkId,
        review.frameworkVersion,
        review.createdAt,
        review.updatedAt,
      );
      this.stmt.putSnapshot.run(review.id, 0, Buffer.from(initialState), review.createdAt);
    })();
  }

  async getReview(id: string): Promise<ReviewRecord | null> {
    const row = this.stmt.getReview.get(id);
    return row ? toReview(row) : null;
  }

  async listReviews(): Promise<ReviewRecord[]> {
    return this.stmt.listReviews.all().map(toReview);
  }

  async loadDocument(reviewId: string, uptoSeq = END_OF_LOG): Promise<StoredDocument> {
    return this.db.transaction(() => {
      const snap = this.stmt.getSnapshot.get(reviewId);
      // Stryker disable next-line LogicalOperator: equivalent, see docs/mutation.md
      const rows = this.stmt.updatesAfter.all(reviewId, snap?.upto_seq ?? 0, uptoSeq);
      return {
        snapshot: snap ? new Uint8Array(snap.data) : null,
        updates: rows.map((r) => new Uint8Array(r.data)),
        lastSeq: rows.at(-1)?.seq ?? snap?.upto_seq ?? 0,
      };
    })();
  }

  async appendUpdates(
    reviewId: string,
    updates: Uint8Array[],
    userId: string | null = null,
    history: HistoryEvent[] = [],
  ): Promise<number> {
    return this.log.run(reviewId, updates, userId, history);
  }

  async history(reviewId: string, criterion?: string, limit = 200): Promise<HistoryEvent[]> {
    const rows =
      criterion === undefined
        ? this.stmt.history.all(reviewId, limit)
        : this.stmt.criterionHistory.all(reviewId, criterion, limit);
    return rows.map(toEvent);
  }

  async compact(reviewId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    this.db.transaction(() => {
      this.stmt.putSnapshot.run(reviewId, uptoSeq, Buffer.from(snapshot), new Date().toISOString());
      this.stmt.deleteUpdatesUpTo.run(reviewId, uptoSeq);
    })();
  }

  async pendingUpdates(reviewId: string): Promise<number> {
    // count(*) without GROUP BY always answers one row.
    return this.stmt.countUpdates.get(reviewId)!.n;
  }

  async putFramework(record: FrameworkRecord): Promise<'created' | 'unchanged'> {
    const { framework: fw } = record;
    return this.db.transaction(() => {
      const stored = this.stmt.getFramework.get(fw.id, fw.version)?.hash;
      if (checkStoredVersion(stored, { id: fw.id, version: fw.version, hash: record.hash }) === 'unchanged') {
        return 'unchanged' as const;
      }
      this.stmt.insertFramework.run(
        fw.id,
        fw.version,
        record.hash,
        JSON.stringify(fw),
        record.source,
        record.createdAt,
      );
      return 'created' as const;
    })();
  }

  async getFramework(id: string, version?: number): Promise<FrameworkRecord | null> {
    const row = version === undefined ? this.stmt.latestFramework.get(id) : this.stmt.getFramework.get(id, version);
    return row ? toFramework(row) : null;
  }

  async listFrameworks(): Promise<FrameworkRecord[]> {
    return this.stmt.listFrameworks.all().map(toFramework);
  }

  /** Copy the WAL into the database now (tests and shutdown); null without a background checkpointer. */
  async checkpoint(): Promise<CheckpointResult | null> {
    return this.checkpointer ? this.checkpointer.checkpoint() : null;
  }

  async close(): Promise<void> {
    await this.checkpointer?.close();
    // The last connection to close checkpoints and removes the WAL.
    this.db.close();
  }
}
