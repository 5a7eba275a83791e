import type Database from 'better-sqlite3';
import type { RatingSummary } from '../../shared/cycles/figures.ts';
import type { ChainLink, CycleStore, FrozenSnapshot, FrozenSnapshotWithState, OverviewRow } from './cycles-types.ts';
import {
  snapshotValues,
  toChainLink,
  toOverviewRow,
  toOverviewSnapshots,
  toSnapshot,
  withState,
  type ChainRow,
  type FrozenRow,
  type OverviewReviewRow,
  type OverviewSnapshots,
} from './cycles-rows.ts';

/** The latest final snapshot first, then the latest: the one a review reports. */
const REPORTED_ORDER = `(json_extract(meta, '$.status') IS 'final') DESC, created_at DESC, rowid DESC`;

export class SqliteCycleStore implements CycleStore {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      insertSnapshot: db.prepare(
        `INSERT INTO review_frozen (id, review_id, label, state, summary, meta, created_by, created_by_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      snapshots: db.prepare<[string], FrozenRow>(
        `SELECT id, review_id, label, meta, created_by, created_by_name, created_at FROM review_frozen
         WHERE review_id = ? ORDER BY created_at, rowid`,
      ),
      snapshot: db.prepare<[string], FrozenRow>('SELECT * FROM review_frozen WHERE id = ?'),
      reported: db.prepare<[string], FrozenRow>(
        `SELECT * FROM review_frozen WHERE review_id = ? ORDER BY ${REPORTED_ORDER} LIMIT 1`,
      ),
      link: db.prepare(
        'INSERT INTO review_chain (review_id, previous_review_id, carried_focus, created_at) VALUES (?, ?, ?, ?)',
      ),
      linkOf: db.prepare<[string], ChainRow>('SELECT * FROM review_chain WHERE review_id = ?'),
      nextOf: db.prepare<[string], { review_id: string }>(
        'SELECT review_id FROM review_chain WHERE previous_review_id = ? ORDER BY created_at, rowid',
      ),
      putSummary: db.prepare(
        `INSERT INTO review_summaries (review_id, upto_seq, data, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (review_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, updated_at = excluded.updated_at`,
      ),
      summary: db.prepare<[string], { upto_seq: number; data: string }>(
        'SELECT upto_seq, data FROM review_summaries WHERE review_id = ?',
      ),
      seqOf: db.prepare<[string, string], { seq: number }>(
        `SELECT coalesce((SELECT max(seq) FROM review_updates WHERE review_id = ?),
                         (SELECT upto_seq FROM review_snapshots WHERE review_id = ?), 0) AS seq`,
      ),
      overviewReviews: db.prepare<[string, string, string, number], OverviewReviewRow>(
        `SELECT r.id, r.title, r.framework_id, r.framework_version, r.updated_at, c.previous_review_id,
                s.data AS summary, s.upto_seq, m.role,
                coalesce((SELECT max(seq) FROM review_updates u WHERE u.review_id = r.id),
                         (SELECT upto_seq FROM review_snapshots p WHERE p.review_id = r.id), 0) AS seq
         FROM reviews r
         LEFT JOIN review_chain c ON c.review_id = r.id
         LEFT JOIN review_summaries s ON s.review_id = r.id
         LEFT JOIN review_members m ON m.review_id = r.id AND m.user_id = ?
         WHERE r.workspace_id = ? AND r.id > ?
         ORDER BY r.id
         LIMIT ?`,
      ),
      overviewSnapshots: db.prepare<[string], FrozenRow>(
        `SELECT id, review_id, label, summary, meta, created_by, created_by_name, created_at FROM (
           SELECT f.*, row_number() OVER (PARTITION BY f.review_id ORDER BY ${REPORTED_ORDER.replace(/(meta|created_at|rowid)/g, 'f.$1')}) AS n
           FROM review_frozen f JOIN reviews r ON r.id = f.review_id WHERE r.workspace_id = ?
         ) WHERE n = 1`,
      ),
    };
  }

  async putSnapshot(s: FrozenSnapshotWithState): Promise<void> {
    this.stmt.insertSnapshot.run(snapshotValues(s));
  }

  async snapshots(reviewId: string): Promise<FrozenSnapshot[]> {
    return this.stmt.snapshots.all(reviewId).map(toSnapshot);
  }

  async snapshot(id: string): Promise<FrozenSnapshotWithState | null> {
    const row = this.stmt.snapshot.get(id);
    return row ? withState(row) : null;
  }

  async reportedSnapshot(reviewId: string): Promise<FrozenSnapshotWithState | null> {
    const row = this.stmt.reported.get(reviewId);
    return row ? withState(row) : null;
  }

  async link(link: ChainLink): Promise<void> {
    this.stmt.link.run(link.reviewId, link.previousReviewId, link.carriedFocus ? 1 : 0, link.createdAt);
  }

  async linkOf(reviewId: string): Promise<ChainLink | null> {
    const row = this.stmt.linkOf.get(reviewId);
    return row ? toChainLink(row) : null;
  }

  async nextOf(reviewId: string): Promise<string[]> {
    return this.stmt.nextOf.all(reviewId).map((r) => r.review_id);
  }

  async putSummary(reviewId: string, uptoSeq: number, summary: RatingSummary): Promise<void> {
    this.stmt.putSummary.run(reviewId, uptoSeq, JSON.stringify(summary), new Date().toISOString());
  }

  async summary(reviewId: string): Promise<{ summary: RatingSummary; uptoSeq: number } | null> {
    const row = this.stmt.summary.get(reviewId);
    return row ? { summary: JSON.parse(row.data) as RatingSummary, uptoSeq: row.upto_seq } : null;
  }

  async overviewSnapshots(workspaceId: string): Promise<OverviewSnapshots> {
    return toOverviewSnapshots(this.stmt.overviewSnapshots.all(workspaceId));
  }

  async overviewRows(
    workspaceId: string,
    userId: string,
    page: { after: string; limit: number; snapshots: OverviewSnapshots },
  ): Promise<OverviewRow[]> {
    return this.stmt.overviewReviews
      .all(userId, workspaceId, page.after, page.limit)
      .map((r) => toOverviewRow(r, page.snapshots));
  }

  async seqOf(reviewId: string): Promise<number> {
    // coalesce(…, 0) with no FROM always answers one row.
    return this.stmt.seqOf.get(reviewId, reviewId)!.seq;
  }
}
