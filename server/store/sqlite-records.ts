import type Database from 'better-sqlite3';
import type { HistoryEvent } from '../../shared/review/history.ts';
import type { ReviewRole } from './access-types.ts';
import type { AuditEntry } from './admin-types.ts';
import { toDeleted, toEvent, type DeletedRow, type HistoryRow, type StateRow } from './rows.ts';
import type {
  DeletedReviewRecord,
  RecordStore,
  ReviewBundle,
  ReviewState,
  ReviewStatus,
  SignOff,
} from './record-types.ts';

/** Changes that must find a live (not deleted) review; anything else is a caller's mistake. */
export class ReviewGoneError extends Error {}

/** RecordStore over the same SQLite database as the reviews. */
export class SqliteRecordStore implements RecordStore {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      state: db.prepare<[string], StateRow>(
        'SELECT id, status, finalised_at, finalised_by, archived_at FROM reviews WHERE id = ? AND deleted_at IS NULL',
      ),
      signOffs: db.prepare<[string], { user_id: string; user_name: string; at: string }>(
        'SELECT user_id, user_name, at FROM review_sign_offs WHERE review_id = ? ORDER BY at, rowid',
      ),
      setStatus: db.prepare(
        'UPDATE reviews SET status = ?, finalised_at = ?, finalised_by = ? WHERE id = ? AND deleted_at IS NULL',
      ),
      putSignOff: db.prepare(
        `INSERT INTO review_sign_offs (review_id, user_id, user_name, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (review_id, user_id) DO UPDATE SET user_name = excluded.user_name, at = excluded.at`,
      ),
      deleteSignOff: db.prepare('DELETE FROM review_sign_offs WHERE review_id = ? AND user_id = ?'),
      clearSignOffs: db.prepare('DELETE FROM review_sign_offs WHERE review_id = ?'),
      rename: db.prepare('UPDATE reviews SET title = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL'),
      archive: db.prepare('UPDATE reviews SET archived_at = ? WHERE id = ? AND deleted_at IS NULL'),
      softDelete: db.prepare('UPDATE reviews SET deleted_at = ?, deleted_by = ? WHERE id = ? AND deleted_at IS NULL'),
      restore: db.prepare(
        'UPDATE reviews SET deleted_at = NULL, deleted_by = NULL WHERE id = ? AND deleted_at IS NOT NULL',
      ),
      deleted: db.prepare<[string], DeletedRow>('SELECT * FROM reviews WHERE id = ? AND deleted_at IS NOT NULL'),
      deletedAll: db.prepare<[], DeletedRow>(
        'SELECT * FROM reviews WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC',
      ),
      purge: db.prepare('DELETE FROM reviews WHERE id = ? AND deleted_at IS NOT NULL'),
      roleInAny: db.prepare<[string, string], { role: ReviewRole }>(
        'SELECT role FROM review_members WHERE review_id = ? AND user_id = ?',
      ),
      seq: db.prepare<[string, string], { seq: number }>(
        `SELECT coalesce((SELECT max(seq) FROM review_updates WHERE review_id = ?),
                         (SELECT upto_seq FROM review_snapshots WHERE review_id = ?), 0) AS seq`,
      ),
      insertHistory: db.prepare(
        'INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      reviewEvents: db.prepare<[string, number], HistoryRow>(
        `SELECT * FROM review_history WHERE review_id = ? AND kind IN ('status', 'review')
         ORDER BY seq DESC, rowid DESC LIMIT ?`,
      ),
      fullHistory: db.prepare<[string], HistoryRow>(
        'SELECT * FROM review_history WHERE review_id = ? ORDER BY seq, rowid',
      ),
      insertAudit: db.prepare(
        'INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertReview: db.prepare(
        `INSERT INTO reviews (id, workspace_id, title, framework_id, framework_version, created_at, updated_at,
           status, finalised_at, finalised_by, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertSnapshot: db.prepare(
        'INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES (?, 0, ?, ?)',
      ),
      insertRound: db.prepare(
        `INSERT INTO meeting_rounds (id, review_id, criterion, phase, track, status, auto_reveal, opened_by, opened_at,
           revealed_at, closed_at, agreed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertVote: db.prepare(
        'INSERT INTO meeting_votes (round_id, user_id, user_name, level, at) VALUES (?, ?, ?, ?, ?)',
      ),
      insertMember: db.prepare(
        `INSERT INTO review_members (review_id, user_id, role, invite_id, created_at) VALUES (?, ?, ?, NULL, ?)
         ON CONFLICT (review_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
    };
  }

  private stateOf(row: StateRow): ReviewState {
    return {
      status: row.status,
      signOffs: this.q.signOffs.all(row.id).map((s) => ({ userId: s.user_id, name: s.user_name, at: s.at })),
      finalisedAt: row.finalised_at,
      finalisedBy: row.finalised_by,
      archivedAt: row.archived_at,
    };
  }

  private live(reviewId: string): StateRow {
    const row = this.q.state.get(reviewId);
    if (!row) throw new ReviewGoneError(`no review "${reviewId}"`);
    return row;
  }

  private record(reviewId: string, e: HistoryEvent): void {
    // coalesce(…, 0) with no FROM always answers one row.
    const seq = this.q.seq.get(reviewId, reviewId)!.seq;
    this.q.insertHistory.run(reviewId, seq, e.at, e.userId, e.userName, e.criterion, e.kind, JSON.stringify(e.detail));
  }

  private audit(a: AuditEntry): void {
    this.q.insertAudit.run(a.at, a.actorId, a.actorName, a.action, a.subject, a.detail);
  }

  /** Run `change` on a live review with its event, in one transaction; resolves with the state after it. */
  private change(reviewId: string, event: HistoryEvent, change: (row: StateRow) => void): ReviewState {
    return this.db.transaction(() => {
      change(this.live(reviewId));
      this.record(reviewId, event);
      return this.stateOf(this.live(reviewId));
    })();
  }

  async state(reviewId: string): Promise<ReviewState | null> {
    const row = this.q.state.get(reviewId);
    return row ? this.stateOf(row) : null;
  }

  async states(reviewIds: readonly string[]): Promise<Map<string, ReviewState>> {
    const states = new Map<string, ReviewState>();
    for (const id of reviewIds) {
      const row = this.q.state.get(id);
      if (row) states.set(id, this.stateOf(row));
    }
    return states;
  }

  async setStatus(reviewId: string, status: Exclude<ReviewStatus, 'final'>, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, () => this.q.setStatus.run(status, null, null, reviewId));
  }

  async signOff(reviewId: string, s: SignOff, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, () => this.q.putSignOff.run(reviewId, s.userId, s.name, s.at));
  }

  async withdrawSignOff(reviewId: string, userId: string, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, () => this.q.deleteSignOff.run(reviewId, userId));
  }

  async finalise(reviewId: string, s: SignOff, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, () => {
      const signed = this.q.signOffs.all(reviewId).some((o) => o.user_id === s.userId);
      if (!signed) this.q.putSignOff.run(reviewId, s.userId, s.name, s.at);
      this.q.setStatus.run('final', s.at, s.userId, reviewId);
    });
  }

  async reopen(reviewId: string, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, () => {
      this.q.clearSignOffs.run(reviewId);
      this.q.setStatus.run('moderation', null, null, reviewId);
    });
  }

  async rename(reviewId: string, title: string, event: HistoryEvent): Promise<void> {
    this.change(reviewId, event, () => this.q.rename.run(title, event.at, reviewId));
  }

  async setArchived(reviewId: string, archivedAt: string | null, event: HistoryEvent): Promise<ReviewState> {
    return this.change(reviewId, event, () => this.q.archive.run(archivedAt, reviewId));
  }

  async softDelete(reviewId: string, by: string, at: string, event: HistoryEvent, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.live(reviewId);
      this.record(reviewId, event);
      this.q.softDelete.run(at, by, reviewId);
      this.audit(audit);
    })();
  }

  async deleted(reviewId: string): Promise<DeletedReviewRecord | null> {
    const row = this.q.deleted.get(reviewId);
    return row ? toDeleted(row) : null;
  }

  async deletedReviews(): Promise<DeletedReviewRecord[]> {
    return this.q.deletedAll.all().map(toDeleted);
  }

  async roleInAny(reviewId: string, userId: string): Promise<ReviewRole | null> {
    return this.q.roleInAny.get(reviewId, userId)?.role ?? null;
  }

  async restore(reviewId: string, event: HistoryEvent, audit: AuditEntry): Promise<void> {
    this.db.transaction(() => {
      if (this.q.restore.run(reviewId).changes === 0) throw new ReviewGoneError(`no deleted review "${reviewId}"`);
      this.record(reviewId, event);
      this.audit(audit);
    })();
  }

  async purge(reviewId: string, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(() => {
      const gone = this.q.purge.run(reviewId).changes > 0;
      if (gone) this.audit(audit);
      return gone;
    })();
  }

  async reviewEvents(reviewId: string, limit = 200): Promise<HistoryEvent[]> {
    return this.q.reviewEvents.all(reviewId, limit).map(toEvent);
  }

  async fullHistory(reviewId: string): Promise<HistoryEvent[]> {
    return this.q.fullHistory.all(reviewId).map(toEvent);
  }

  async createFrom(b: ReviewBundle, event: HistoryEvent): Promise<void> {
    const r = b.review;
    const s = b.state;
    this.db.transaction(() => {
      this.q.insertReview.run(
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
      );
      this.q.insertSnapshot.run(r.id, Buffer.from(b.document), r.updatedAt);
      for (const o of s.signOffs) this.q.putSignOff.run(r.id, o.userId, o.name, o.at);
      for (const e of b.history) {
        this.q.insertHistory.run(r.id, 0, e.at, e.userId, e.userName, e.criterion, e.kind, JSON.stringify(e.detail));
      }
      for (const round of b.rounds) {
        this.q.insertRound.run(
          round.id,
          r.id,
          round.criterion,
          round.phase,
          round.track,
          round.status,
          round.autoReveal ? 1 : 0,
          round.openedBy,
          round.openedAt,
          round.revealedAt,
          round.closedAt,
          round.agreed,
        );
        for (const v of round.votes) this.q.insertVote.run(round.id, v.userId, v.name, v.level, v.at);
      }
      for (const m of b.members) this.q.insertMember.run(r.id, m.userId, m.role, r.createdAt);
      this.record(r.id, event);
    })();
  }
}
