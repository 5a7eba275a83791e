import type { HistoryEvent } from '../../shared/review/history.ts';
import type { Queries } from './postgres-db.ts';

export interface HistoryRow {
  at: string;
  user_id: string | null;
  user_name: string | null;
  criterion: string | null;
  kind: string;
  detail: string;
}

export const toEvent = (r: HistoryRow): HistoryEvent => ({
  at: r.at,
  userId: r.user_id,
  userName: r.user_name,
  criterion: r.criterion,
  kind: r.kind as HistoryEvent['kind'],
  detail: JSON.parse(r.detail) as HistoryEvent['detail'],
});

/**
 * Write history events in the caller's transaction, numbered with `seq` or else the review's log
 * position now, so they sort among the edits around them.
 */
export async function insertHistory(q: Queries, reviewId: string, events: HistoryEvent[], seq?: number): Promise<void> {
  if (events.length === 0) return;
  const at =
    seq ?? (await q.row<{ log_seq: number }>('SELECT log_seq FROM reviews WHERE id = $1', [reviewId]))?.log_seq ?? 0;
  for (const e of events) {
    await q.run(
      `INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [reviewId, at, e.at, e.userId, e.userName, e.criterion, e.kind, JSON.stringify(e.detail)],
    );
  }
}
