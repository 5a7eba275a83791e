import { statusLabels, type ReviewStatus } from '../../shared/protocol/review-record.ts';

/** Where a review stands, wherever it is listed: Draft, In moderation, Final. */
export function StatusBadge({ status, archived = false }: { status: ReviewStatus; archived?: boolean }) {
  return (
    <span className="status-badges">
      <span className={`status status-${status}`}>
        <span className="visually-hidden">Status: </span>
        {statusLabels[status]}
      </span>
      {archived && <span className="status status-archived">Archived</span>}
    </span>
  );
}
