import type { RoundVote } from '../../shared/protocol/meeting.ts';
import type { MeetingStore, RoundRecord, StoredVote } from './meeting-types.ts';
import type { PgDb } from './postgres-db.ts';

interface RoundRow {
  id: string;
  review_id: string;
  criterion: string;
  phase: string;
  track: string;
  status: RoundRecord['status'];
  auto_reveal: boolean;
  opened_by: string;
  opened_at: string;
  revealed_at: string | null;
  closed_at: string | null;
  agreed: string | null;
}

export class PostgresMeetingStore implements MeetingStore {
  constructor(private readonly db: PgDb) {}

  async rounds(reviewId: string): Promise<RoundRecord[]> {
    const votes = new Map<string, StoredVote[]>();
    const voteRows = await this.db.rows<{
      round_id: string;
      user_id: string;
      user_name: string;
      level: string;
      at: string;
    }>(
      `SELECT v.round_id, v.user_id, v.user_name, v.level, v.at FROM meeting_votes v
       JOIN meeting_rounds r ON r.id = v.round_id WHERE r.review_id = $1 ORDER BY v.at, v.user_id`,
      [reviewId],
    );
    for (const v of voteRows) {
      const list = votes.get(v.round_id) ?? [];
      list.push({ userId: v.user_id, name: v.user_name, level: v.level, at: v.at });
      votes.set(v.round_id, list);
    }
    const rows = await this.db.rows<RoundRow>(
      'SELECT * FROM meeting_rounds WHERE review_id = $1 ORDER BY opened_at, pos',
      [reviewId],
    );
    return rows.map((r) => ({
      id: r.id,
      reviewId: r.review_id,
      criterion: r.criterion,
      phase: r.phase,
      track: r.track,
      status: r.status,
      autoReveal: r.auto_reveal,
      openedBy: r.opened_by,
      openedAt: r.opened_at,
      revealedAt: r.revealed_at,
      closedAt: r.closed_at,
      agreed: r.agreed,
      votes: votes.get(r.id) ?? [],
    }));
  }

  async openRound(r: RoundRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO meeting_rounds (id, review_id, criterion, phase, track, status, auto_reveal, opened_by, opened_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8)`,
      [r.id, r.reviewId, r.criterion, r.phase, r.track, r.autoReveal, r.openedBy, r.openedAt],
    );
  }

  async castVote(roundId: string, vote: RoundVote, at: string): Promise<void> {
    await this.db.run(
      `INSERT INTO meeting_votes (round_id, user_id, user_name, level, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (round_id, user_id) DO UPDATE SET level = excluded.level, at = excluded.at`,
      [roundId, vote.userId, vote.name, vote.level, at],
    );
  }

  async revealRound(roundId: string, at: string): Promise<void> {
    await this.db.run(
      "UPDATE meeting_rounds SET status = 'revealed', revealed_at = $1 WHERE id = $2 AND status = 'open'",
      [at, roundId],
    );
  }

  async closeRound(roundId: string, at: string, agreed: string | null): Promise<void> {
    await this.db.run("UPDATE meeting_rounds SET status = 'closed', closed_at = $1, agreed = $2 WHERE id = $3", [
      at,
      agreed,
      roundId,
    ]);
  }
}
