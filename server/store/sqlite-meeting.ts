import type Database from 'better-sqlite3';
import type { RoundVote } from '../../shared/protocol/meeting.ts';
import type { MeetingStore, RoundRecord, StoredVote } from './meeting-types.ts';

interface RoundRow {
  id: string;
  review_id: string;
  criterion: string;
  phase: string;
  track: string;
  status: RoundRecord['status'];
  auto_reveal: number;
  opened_by: string;
  opened_at: string;
  revealed_at: string | null;
  closed_at: string | null;
  agreed: string | null;
}

export class SqliteMeetingStore implements MeetingStore {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      rounds: db.prepare<[string], RoundRow>(
        'SELECT * FROM meeting_rounds WHERE review_id = ? ORDER BY opened_at, rowid',
      ),
      votes: db.prepare<[string], { round_id: string; user_id: string; user_name: string; level: string; at: string }>(
        `SELECT v.round_id, v.user_id, v.user_name, v.level, v.at FROM meeting_votes v
         JOIN meeting_rounds r ON r.id = v.round_id WHERE r.review_id = ? ORDER BY v.at, v.user_id`,
      ),
      open: db.prepare(
        `INSERT INTO meeting_rounds (id, review_id, criterion, phase, track, status, auto_reveal, opened_by, opened_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      ),
      vote: db.prepare(
        `INSERT INTO meeting_votes (round_id, user_id, user_name, level, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (round_id, user_id) DO UPDATE SET level = excluded.level, at = excluded.at`,
      ),
      reveal: db.prepare(
        "UPDATE meeting_rounds SET status = 'revealed', revealed_at = ? WHERE id = ? AND status = 'open'",
      ),
      close: db.prepare("UPDATE meeting_rounds SET status = 'closed', closed_at = ?, agreed = ? WHERE id = ?"),
    };
  }

  async rounds(reviewId: string): Promise<RoundRecord[]> {
    const votes = new Map<string, StoredVote[]>();
    for (const v of this.q.votes.all(reviewId)) {
      const list = votes.get(v.round_id) ?? [];
      list.push({ userId: v.user_id, name: v.user_name, level: v.level, at: v.at });
      votes.set(v.round_id, list);
    }
    return this.q.rounds.all(reviewId).map((r) => ({
      id: r.id,
      reviewId: r.review_id,
      criterion: r.criterion,
      phase: r.phase,
      track: r.track,
      status: r.status,
      autoReveal: r.auto_reveal === 1,
      openedBy: r.opened_by,
      openedAt: r.opened_at,
      revealedAt: r.revealed_at,
      closedAt: r.closed_at,
      agreed: r.agreed,
      votes: votes.get(r.id) ?? [],
    }));
  }

  async openRound(r: RoundRecord): Promise<void> {
    this.q.open.run(r.id, r.reviewId, r.criterion, r.phase, r.track, r.autoReveal ? 1 : 0, r.openedBy, r.openedAt);
  }

  async castVote(roundId: string, vote: RoundVote, at: string): Promise<void> {
    this.q.vote.run(roundId, vote.userId, vote.name, vote.level, at);
  }

  async revealRound(roundId: string, at: string): Promise<void> {
    this.q.reveal.run(at, roundId);
  }

  async closeRound(roundId: string, at: string, agreed: string | null): Promise<void> {
    this.q.close.run(at, agreed, roundId);
  }
}
