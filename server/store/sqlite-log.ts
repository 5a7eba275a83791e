import type Database from 'better-sqlite3';
import type { HistoryEvent } from '../../shared/review/history.ts';

/** Rows per multi-row statement: one statement per batch of the usual size, a few for a large import. */
const MAX_ROWS = 64;

/** The review's log position: the last update stored, else the snapshot's, else 0. */
const SEQ = `coalesce((SELECT max(seq) FROM review_updates WHERE review_id = @review),
  (SELECT upto_seq FROM review_snapshots WHERE review_id = @review), 0)`;

/** Numbered after the log position in the same statement, so the counter is never read on its own. */
function insertUpdatesSql(rows: number): string {
  const selects = Array.from({ length: rows }, (_, i) => `SELECT @review, s + ${i + 1}, ?, @at, @user FROM base`);
  return `WITH base(s) AS (SELECT ${SEQ})
    INSERT INTO review_updates (review_id, seq, data, created_at, user_id) ${selects.join(' UNION ALL ')}
    RETURNING seq`;
}

function insertHistorySql(rows: number): string {
  const values = Array.from({ length: rows }, () => '(@review, @seq, ?, ?, ?, ?, ?, ?)');
  return `INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail) VALUES ${values.join(', ')}`;
}

/**
 * Appends a batch to a review's update log on SQLite: its updates in one multi-row insert that
 * numbers them after the log position, its history (when any) in one more, in one transaction.
 */
export class SqliteLogAppender {
  private readonly updates = new Map<number, Database.Statement>();
  private readonly history = new Map<number, Database.Statement>();
  private readonly seq;
  private readonly touch;
  private readonly append;

  constructor(private readonly db: Database.Database) {
    this.seq = db.prepare<[{ review: string }], { seq: number }>(`SELECT ${SEQ} AS seq`);
    this.touch = db.prepare('UPDATE reviews SET updated_at = @at WHERE id = @review');
    this.append = db.transaction(
      (reviewId: string, updates: Uint8Array[], userId: string | null, events: HistoryEvent[]): number => {
        const at = new Date().toISOString();
        const shared = { review: reviewId, at, user: userId };
        let seq = updates.length === 0 ? this.seq.get(shared)!.seq : 0;
        for (let i = 0; i < updates.length; i += MAX_ROWS) {
          const chunk = updates.slice(i, i + MAX_ROWS).map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength));
          const stmt = this.statement(this.updates, chunk.length, insertUpdatesSql);
          // The chunk's highest number is where the log now stands (RETURNING gives no order).
          for (const row of stmt.all(...chunk, shared) as { seq: number }[]) seq = Math.max(seq, row.seq);
        }
        for (let i = 0; i < events.length; i += MAX_ROWS) {
          const params: unknown[] = [];
          for (const e of events.slice(i, i + MAX_ROWS))
            params.push(e.at, e.userId, e.userName, e.criterion, e.kind, JSON.stringify(e.detail));
          this.statement(this.history, params.length / 6, insertHistorySql).run(...params, { review: reviewId, seq });
        }
        this.touch.run(shared);
        return seq;
      },
    );
  }

  /** Store the batch; resolves with the log position after it (unchanged for a batch of no update). */
  run(reviewId: string, updates: Uint8Array[], userId: string | null, history: HistoryEvent[]): number {
    return this.append(reviewId, updates, userId, history);
  }

  private statement(cache: Map<number, Database.Statement>, rows: number, sql: (rows: number) => string) {
    let stmt = cache.get(rows);
    if (!stmt) {
      stmt = this.db.prepare(sql(rows));
      cache.set(rows, stmt);
    }
    return stmt;
  }
}
