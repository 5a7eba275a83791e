import type { DeletedReview } from '../../shared/protocol/review-record.ts';
import { RESTORE_DAYS } from '../../shared/protocol/review-record.ts';
import { ConfirmButton } from '../admin/ConfirmButton.tsx';
import { api } from '../api.ts';
import { useReviewAction } from './useReviewAction.ts';

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** Deleted reviews the person may restore (for 30 days) or, as an administrator, purge. */
export function RecentlyDeleted({ reviews, onChange }: { reviews: DeletedReview[]; onChange: () => void }) {
  const { busy, error, run } = useReviewAction();
  return (
    <section aria-labelledby="deleted-heading" className="recently-deleted">
      <h2 id="deleted-heading">Recently deleted</h2>
      {reviews.length === 0 ? (
        <p className="empty">Nothing deleted. Deleted reviews can be restored from here for {RESTORE_DAYS} days.</p>
      ) : (
        <ul className="review-list">
          {reviews.map((r) => (
            <li key={r.id} className="review-row">
              <div className="review-row-main">
                <span className="review-title">{r.title}</span>
                <span className="muted">
                  deleted <time dateTime={r.deletedAt}>{day(r.deletedAt)}</time> ·{' '}
                  {r.canRestore ? (
                    <>
                      restorable until <time dateTime={r.restorableUntil}>{day(r.restorableUntil)}</time>
                    </>
                  ) : (
                    'too late to restore'
                  )}
                </span>
              </div>
              <div className="review-row-actions">
                {r.canRestore && (
                  <button
                    type="button"
                    disabled={busy !== null}
                    onClick={() => run(`restore “${r.title}”`, () => api.restoreReview(r.id), onChange)}
                  >
                    Restore<span className="visually-hidden"> “{r.title}”</span>
                  </button>
                )}
                {r.canPurge && (
                  <ConfirmButton
                    label="Purge…"
                    className="danger-button"
                    title={`Purge “${r.title}” for good?`}
                    confirmLabel="Purge"
                    onConfirm={() => run(`purge “${r.title}”`, () => api.purgeReview(r.id), onChange)}
                  >
                    <p>The review, its history, rounds and invites are removed for good. This cannot be undone.</p>
                  </ConfirmButton>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {busy && (
        <p className="muted" role="status" aria-busy="true">
          Working: {busy}…
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
