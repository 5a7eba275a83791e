import type { HistoryEvent } from '../../shared/review/history.ts';
import type { ReviewRole } from './access-types.ts';
import type { AuditEntry } from './admin-types.ts';
import { toDeleted, toEvent, type DeletedRow, type HistoryRow, type StateRow } from './rows.ts';
import { recordAudit } from './postgres-admin.ts';
import type { PgDb, Queries } from './postgres-db.ts';
import { insertHistory } from './postgres-history.ts';
import type {
  DeletedReviewRecord,
  RecordStore,
  ReviewBundle,
  ReviewState,
  ReviewStatus,
  SignOff,
} from './record-types.ts';
import { ReviewGoneError } from './sqlite-records.ts';

const STATE = 'SELECT id, status, finalised_at, finalised_by, archived_at FROM reviews WHERE deleted_at IS NULL';
const PUT_SIGN_OFF = `INSERT INTO review_sign_offs (review_id, user_id, user_name, at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (review_id, user_id) DO UPDATE SET user_name = excluded.user_name, at = excluded.at`;
/** A deleted review's row, its updated_at its last append's when that is later (see review_log_heads). */
const DELETED = `SELECT r.id, r.workspace_id, r.title, r.framework_id, r.framework_version, r.created_at,
    greatest(r.updated_at, h.edited_at) AS updated_at, r.deleted_at, r.deleted_by
  FROM reviews r JOIN review_log_heads h ON h.review_id = r.id WHERE r.deleted_at IS NOT NULL`;
const SET_STATUS = 'UPDATE reviews SET status = $1, finalised_at = $2, finalised_by = $3 WHERE id = $4';

/** RecordStore over the same PostgreSQL database as the reviews. */
export class PostgresRecordStore implements RecordStore {
  constructor(private readonly db: PgDb) {}

  private async stateOf(q: Queries, rows: StateRow[]): Promise<Map<string, ReviewState>> {
    const signOffs = await q.rows<{ review_id: string; user_id: string; user_name: string; at: string }>(
      'SELECT review_id, user_id, user_name, at FROM review_sign_offs WHERE review_id = ANY($1) ORDER BY at, pos',
      [rows.map((r) => r.id)],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          status: row.status,
          signOffs: signOffs
            .filter((s) => s.review_id === row.id)
            .map((s) => ({ userId: s.user_id, name: s.user_name, at: s.at })),
          finalisedAt: row.finalised_at,
          finalisedBy: row.finalised_by,
          archivedAt: row.archived_at,
        },
      ]),
    );
  }

  /**
   * The live review's row, locked until the transaction ends (NO KEY: appends, which refer to the
   * row, are not held back by a status change, nor it by them).
   */
  private async live(q: Queries, reviewId: string): Promise<StateRow> {
    const row = await q.row<StateRow>(`${STATE} AND id = $1 FOR NO KEY UPDATE`, [reviewId]);
    if (!row) throw new ReviewGoneError(`no review "${reviewId}"`);
    return row;
  }

  /** Run `change` on a live review with its event, in one transaction; resolves with the state after it. */
  private change(
    reviewId: string,
    event: HistoryEvent,
    change: (q: Queries) => Promise<unknown>,
  ): Promise<ReviewState> {
    return this.db.tx(async (q) => {
      await this.live(q, reviewId);
      await change(q);
      await insertHistory(q, reviewId, [event]);
      const row = await this.live(q, reviewId);
      return (await this.stateOf(q, [row])).get(reviewId)!;
    });
  }

  async state(reviewId: string): Promise<ReviewState | null> {
    return (await this.states([reviewId])).get(reviewId) ?? null;
  }

  async states(reviewIds: readonly string[]): Promise<Map<string, ReviewState>> {
    const rows = await this.db.rows<StateRow>(`${STATE} AND id = ANY($1)`, [reviewIds]);
    return this.stateOf(this.db, rows);
  }

  async setStatus(reviewId: string, status: Exclude<ReviewStatus, 'final'>, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, (q) => q.run(SET_STATUS, [status, null, null, reviewId]));
  }

  async signOff(reviewId: string, s: SignOff, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, (q) => q.run(PUT_SIGN_OFF, [reviewId, s.userId, s.name, s.at]));
  }

  async withdrawSignOff(reviewId: string, userId: string, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, (q) =>
      q.run('DELETE FROM review_sign_offs WHERE review_id = $1 AND user_id = $2', [reviewId, userId]),
    );
  }

  async finalise(reviewId: string, s: SignOff, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, async (q) => {
      // Adds the finaliser's sign-off only if they had not signed yet (an earlier one keeps its time).
      await q.run(
        `INSERT INTO review_sign_offs (review_id, user_id, user_name, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (review_id, user_id) DO NOTHING`,
        [reviewId, s.userId, s.name, s.at],
      );
      await q.run(SET_STATUS, ['final', s.at, s.userId, reviewId]);
    });
  }

  async reopen(reviewId: string, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, async (q) => {
      await q.run('DELETE FROM review_sign_offs WHERE review_id = $1', [reviewId]);
      await q.run(SET_STATUS, ['moderation', null, null, reviewId]);
    });
  }

  async rename(reviewId: string, title: string, event: HistoryEvent): Promise<void> {
    await this.change(reviewId, event, (q) =>
      q.run('UPDATE reviews SET title = $1, updated_at = $2 WHERE id = $3', [title, event.at, reviewId]),
    );
  }

  async setArchived(reviewId: string, archivedAt: string | null, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, (q) =>
      q.run('UPDATE reviews SET archived_at = $1 WHERE id = $2', [archivedAt, reviewId]),
    );
  }

  async softDelete(reviewId: string, by: string, at: string, event: HistoryEvent, audit: AuditEntry): Promise<void> {
    await this.db.tx(async (q) => {
      await this.live(q, reviewId);
      await insertHistory(q, reviewId, [event]);
      await q.run('UPDATE reviews SET deleted_at = $1, deleted_by = $2 WHERE id = $3', [at, by, reviewId]);
      await recordAudit(q, audit);
    });
  }

  async deleted(reviewId: string): Promise<DeletedReviewRecord | null> {
    const row = await this.db.row<DeletedRow>(`${DELETED} AND r.id = $1`, [reviewId]);
    return row ? toDeleted(row) : null;
  }

  async deletedReviews(): Promise<DeletedReviewRecord[]> {
    const rows = await this.db.rows<DeletedRow>(`${DELETED} ORDER BY r.deleted_at DESC, r.id`);
    return rows.map(toDeleted);
  }

  async roleInAny(reviewId: string, userId: string): Promise<ReviewRole | null> {
    const row = await this.db.row<{ role: ReviewRole }>(
      'SELECT role FROM review_members WHERE review_id = $1 AND user_id = $2',
      [reviewId, userId],
    );
    return row?.role ?? null;
  }

  async restore(reviewId: string, event: HistoryEvent, audit: AuditEntry): Promise<void> {
    await this.db.tx(async (q) => {
      const restored = await q.run(
        'UPDATE reviews SET deleted_at = NULL, deleted_by = NULL WHERE id = $1 AND deleted_at IS NOT NULL',
        [reviewId],
      );
      if (restored === 0) throw new ReviewGoneError(`no deleted review "${reviewId}"`);
      await insertHistory(q, reviewId, [event]);
      await recordAudit(q, audit);
    });
  }

  async purge(reviewId: string, audit: AuditEntry): Promise<boolean> {
    return this.db.tx(async (q) => {
      const gone = (await q.run('DELETE FROM reviews WHERE id = $1 AND deleted_at IS NOT NULL', [reviewId])) > 0;
      if (gone) await recordAudit(q, audit);
      return gone;
    });
  }

  async reviewEvents(reviewId: string, limit = 200): Promise<HistoryEvent[]> {
    const rows = await this.db.rows<HistoryRow>(
      `SELECT * FROM review_history WHERE review_id = $1 AND kind IN ('status', 'review')
       ORDER BY seq DESC, pos DESC LIMIT $2`,
      [reviewId, limit],
    );
    return rows.map(toEvent);
  }

  async fullHistory(reviewId: string): Promise<HistoryEvent[]> {
    const rows = await this.db.rows<HistoryRow>('SELECT * FROM review_history WHERE review_id = $1 ORDER BY seq, pos', [
      reviewId,
    ]);
    return rows.map(toEvent);
  }

  async createFrom(b: ReviewBundle, event: HistoryEvent): Promise<void> {
    const r = b.review;
    const s = b.state;
    await this.db.tx(async (q) => {
      await q.run(
        `INSERT INTO reviews (id, workspace_id, title, framework_id, framework_version, created_at, updated_at,
           status, finalised_at, finalised_by, archived_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          r.id,
          r.workspaceId,
          r.title,
          r.frameworkId,
          r.frameworkVersion,
          r.createdAt,
          r.updatedAt,
          s.status,
          s.finalisedAt,
          s.finalisedBy,
          s.archivedAt,
        ],
      );
      await q.run('INSERT INTO review_log_heads (review_id) VALUES ($1)', [r.id]);
      await q.run('INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES ($1, 0, $2, $3)', [
        r.id,
        Buffer.from(b.document),
        r.updatedAt,
      ]);
      for (const o of s.signOffs) await q.run(PUT_SIGN_OFF, [r.id, o.userId, o.name, o.at]);
      await insertHistory(q, r.id, b.history, 0);
      for (const round of b.rounds) {
        await q.run(
          `INSERT INTO meeting_rounds (id, review_id, criterion, phase, track, status, auto_reveal, opened_by, opened_at,
             revealed_at, closed_at, agreed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            round.id,
            r.id,
            round.criterion,
            round.phase,
            round.track,
            round.status,
            round.autoReveal,
            round.openedBy,
            round.openedAt,
            round.revealedAt,
            round.closedAt,
            round.agreed,
          ],
        );
        for (const v of round.votes) {
          await q.run(
            'INSERT INTO meeting_votes (round_id, user_id, user_name, level, at) VALUES ($1, $2, $3, $4, $5)',
            [round.id, v.userId, v.name, v.level, v.at],
          );
        }
      }
      for (const m of b.members) {
        await q.run(
          `INSERT INTO review_members (review_id, user_id, role, invite_id, created_at) VALUES ($1, $2, $3, NULL, $4)
           ON CONFLICT (review_id, user_id) DO UPDATE SET role = excluded.role`,
          [r.id, m.userId, m.role, r.createdAt],
        );
      }
      await insertHistory(q, r.id, [event]);
    });
  }
}
