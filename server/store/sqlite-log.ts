import type Database from 'better-sqlite3';
import type { HistoryEvent } from '../../shared/review/history.ts';

/**
 * Appends a batch to a review's update log on SQLite, in one transaction: the log position read
 * in one statement (never the snapshot's data), then one prepared insert per update and per
 * history event. better-sqlite3 runs in-process with no round trip, and a multi-row insert
 * measured no cheaper (bench/store/sqlite-insert-shapes.ts), so the prepared single-row ones stay.
 */
export class SqliteLogAppender {
  private readonly append;

  constructor(db: Database.Database) {
    const seqOf = db.prepare<[string, string], { seq: number }>(
      `SELECT coalesce((SELECT max(seq) FROM review_updates WHERE review_id = ?),
         (SELECT upto_seq FROM review_snapshots WHERE review_id = ?), 0) AS seq`,
    );
    const insertUpdate = db.prepare(
      'INSERT INTO review_updates (review_id, seq, data, created_at, user_id) VALUES (?, ?, ?, ?, ?)',
    );
    const insertEvent = db.prepare(
      'INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const touch = db.prepare('UPDATE reviews SET updated_at = ? WHERE id = ?');
    this.append = db.transaction(
      (reviewId: string, updates: Uint8Array[], userId: string | null, events: HistoryEvent[]): number => {
        const at = new Date().toISOString();
        let seq = seqOf.get(reviewId, reviewId)!.seq;
        for (const u of updates)
          insertUpdate.run(reviewId, ++seq, Buffer.from(u.buffer, u.byteOffset, u.byteLength), at, userId);
        for (const e of events)
          insertEvent.run(reviewId, seq, e.at, e.userId, e.userName, e.criterion, e.kind, JSON.stringify(e.detail));
        touch.run(at, reviewId);
        return seq;
      },
    );
  }

  /** Store the batch; resolves with the log position after it (unchanged for a batch of no update). */
  run(reviewId: string, updates: Uint8Array[], userId: string | null, history: HistoryEvent[]): number {
    return this.append(reviewId, updates, userId, history);
  }
}
