import type { HistoryEvent } from '../../shared/review/history.ts';
import type { Queries } from './postgres-db.ts';

/** The columns of events, one array each, for `unnest` to turn back into rows in order. */
export function historyColumns(events: HistoryEvent[]): (string | null)[][] {
  const columns: (string | null)[][] = [[], [], [], [], [], []];
  for (const e of events) {
    columns[0]!.push(e.at);
    columns[1]!.push(e.userId);
    columns[2]!.push(e.userName);
    columns[3]!.push(e.criterion);
    columns[4]!.push(e.kind);
    columns[5]!.push(JSON.stringify(e.detail));
  }
  return columns;
}

/** Rows of history from six text arrays (parameters `$first`..`$first+5`), in the arrays' order. */
export function historyRows(first: number): string {
  const p = (i: number) => `$${first + i}::text[]`;
  return `unnest(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}) WITH ORDINALITY
    AS h(at, user_id, user_name, criterion, kind, detail, n)`;
}

/**
 * Write history events in the caller's transaction in one statement, numbered with `seq` or else
 * the review's log position now, so they sort among the edits around them.
 */
export async function insertHistory(q: Queries, reviewId: string, events: HistoryEvent[], seq?: number): Promise<void> {
  if (events.length === 0) return;
  await q.run(
    `INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail)
     SELECT $1, coalesce($2::integer, (SELECT log_seq FROM review_log_heads WHERE review_id = $1), 0),
       h.at, h.user_id, h.user_name, h.criterion, h.kind, h.detail
     FROM ${historyRows(3)} ORDER BY h.n`,
    [reviewId, seq ?? null, ...historyColumns(events)],
  );
}
