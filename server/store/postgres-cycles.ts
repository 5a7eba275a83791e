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
import type { PgDb } from './postgres-db.ts';

/** The latest final snapshot first, then the latest: the one a review reports. */
const REPORTED_ORDER = `(meta::jsonb->>'status' IS NOT DISTINCT FROM 'final') DESC, created_at DESC, pos DESC`;

export class PostgresCycleStore implements CycleStore {
  constructor(private readonly db: PgDb) {}

  async putSnapshot(s: FrozenSnapshotWithState): Promise<void> {
    await this.db.run(
      `INSERT INTO review_frozen (id, review_id, label, state, summary, meta, created_by, created_by_name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      snapshotValues(s),
    );
  }

  async snapshots(reviewId: string): Promise<FrozenSnapshot[]> {
    const rows = await this.db.rows<FrozenRow>(
      `SELECT id, review_id, label, meta, created_by, created_by_name, created_at FROM review_frozen
       WHERE review_id = $1 ORDER BY created_at, pos`,
      [reviewId],
    );
    return rows.map(toSnapshot);
  }

  async snapshot(id: string): Promise<FrozenSnapshotWithState | null> {
    const row = await this.db.row<FrozenRow>('SELECT * FROM review_frozen WHERE id = $1', [id]);
    return row ? withState(row) : null;
  }

  async reportedSnapshot(reviewId: string): Promise<FrozenSnapshotWithState | null> {
    const row = await this.db.row<FrozenRow>(
      `SELECT * FROM review_frozen WHERE review_id = $1 ORDER BY ${REPORTED_ORDER} LIMIT 1`,
      [reviewId],
    );
    return row ? withState(row) : null;
  }

  async link(link: ChainLink): Promise<void> {
    await this.db.run(
      'INSERT INTO review_chain (review_id, previous_review_id, carried_focus, created_at) VALUES ($1, $2, $3, $4)',
      [link.reviewId, link.previousReviewId, link.carriedFocus, link.createdAt],
    );
  }

  async linkOf(reviewId: string): Promise<ChainLink | null> {
    const row = await this.db.row<ChainRow>('SELECT * FROM review_chain WHERE review_id = $1', [reviewId]);
    return row ? toChainLink(row) : null;
  }

  async nextOf(reviewId: string): Promise<string[]> {
    const rows = await this.db.rows<{ review_id: string }>(
      'SELECT review_id FROM review_chain WHERE previous_review_id = $1 ORDER BY created_at, pos',
      [reviewId],
    );
    return rows.map((r) => r.review_id);
  }

  async putSummary(reviewId: string, uptoSeq: number, summary: RatingSummary): Promise<void> {
    await this.db.run(
      `INSERT INTO review_summaries (review_id, upto_seq, data, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (review_id) DO UPDATE SET upto_seq = excluded.upto_seq, data = excluded.data, updated_at = excluded.updated_at`,
      [reviewId, uptoSeq, JSON.stringify(summary), new Date().toISOString()],
    );
  }

  async summary(reviewId: string): Promise<{ summary: RatingSummary; uptoSeq: number } | null> {
    const row = await this.db.row<{ upto_seq: number; data: string }>(
      'SELECT upto_seq, data FROM review_summaries WHERE review_id = $1',
      [reviewId],
    );
    return row ? { summary: JSON.parse(row.data) as RatingSummary, uptoSeq: row.upto_seq } : null;
  }

  async overviewSnapshots(workspaceId: string): Promise<OverviewSnapshots> {
    const rows = await this.db.rows<FrozenRow>(
      `SELECT DISTINCT ON (f.review_id) f.id, f.review_id, f.label, f.summary, f.meta, f.created_at
       FROM review_frozen f JOIN reviews r ON r.id = f.review_id WHERE r.workspace_id = $1
       ORDER BY f.review_id, ${REPORTED_ORDER.replace(/(meta|created_at|pos)/g, 'f.$1')}`,
      [workspaceId],
    );
    return toOverviewSnapshots(rows);
  }

  async overviewRows(
    workspaceId: string,
    userId: string,
    page: { after: string; limit: number; snapshots: OverviewSnapshots },
  ): Promise<OverviewRow[]> {
    const rows = await this.db.rows<OverviewReviewRow>(
      `SELECT r.id, r.title, r.framework_id, r.framework_version, greatest(r.updated_at, h.edited_at) AS updated_at,
              c.previous_review_id, s.data AS summary, s.upto_seq, m.role, h.log_seq AS seq
       FROM reviews r
       JOIN review_log_heads h ON h.review_id = r.id
       LEFT JOIN review_chain c ON c.review_id = r.id
       LEFT JOIN review_summaries s ON s.review_id = r.id
       LEFT JOIN review_members m ON m.review_id = r.id AND m.user_id = $1
       WHERE r.workspace_id = $2 AND r.id > $3
       ORDER BY r.id
       LIMIT $4`,
      [userId, workspaceId, page.after, page.limit],
    );
    return rows.map((r) => toOverviewRow(r, page.snapshots));
  }

  async seqOf(reviewId: string): Promise<number> {
    return (
      (await this.db.row<{ log_seq: number }>('SELECT log_seq FROM review_log_heads WHERE review_id = $1', [reviewId]))
        ?.log_seq ?? 0
    );
  }
}
