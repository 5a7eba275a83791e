import { useId, useState } from 'react';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { ConfirmButton } from '../admin/ConfirmButton.tsx';
import { api, type Review } from '../api.ts';
import { RecordHistory } from './RecordHistory.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { useReviewAction } from './useReviewAction.ts';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * The review's status in its header: who has signed off, and for facilitators the next step
 * (to moderation, sign off, finalise, reopen). Everyone can download a backup.
 */
export function RecordBar({
  review,
  state,
  meId,
  onState,
}: {
  review: Review;
  state: ReviewState;
  meId: string;
  onState: (state: ReviewState) => void;
}) {
  const { busy, error, run } = useReviewAction();
  const [reason, setReason] = useState('');
  const id = useId();
  const facilitator = review.role === 'facilitator';
  const signed = state.signOffs.some((s) => s.userId === meId);
  const disabled = busy !== null;
  return (
    <div className="record-bar" role="group" aria-label="Status and sign-off">
      <StatusBadge status={state.status} archived={!!state.archivedAt} />
      {state.signOffs.length > 0 && (
        <span className="sign-offs">
          Signed off by{' '}
          {state.signOffs.map((s, i) => (
            <span key={s.userId}>
              {i > 0 && ', '}
              <strong>{s.name}</strong> (<time dateTime={s.at}>{when(s.at)}</time>)
            </span>
          ))}
        </span>
      )}
      {state.status === 'final' && (
        <span className="muted">read-only{facilitator ? '' : '; a facilitator can reopen it'}</span>
      )}
      {facilitator && state.status !== 'final' && (
        <>
          {state.status === 'draft' ? (
            <button
              type="button"
              disabled={disabled}
              onClick={() => run('move it to moderation', () => api.setStatus(review.id, 'moderation'), onState)}
            >
              Move to moderation
            </button>
          ) : (
            <button
              type="button"
              disabled={disabled}
              onClick={() => run('move it back to draft', () => api.setStatus(review.id, 'draft'), onState)}
            >
              Back to draft
            </button>
          )}
          {signed ? (
            <button
              type="button"
              disabled={disabled}
              onClick={() => run('withdraw your sign-off', () => api.withdrawSignOff(review.id), onState)}
            >
              Withdraw my sign-off
            </button>
          ) : (
            <button
              type="button"
              disabled={disabled}
              onClick={() => run('sign off', () => api.signOff(review.id), onState)}
            >
              Sign off
            </button>
          )}
          <ConfirmButton
            label="Finalise…"
            className="primary"
            title="Make this review final?"
            confirmLabel="Finalise"
            onConfirm={() => run('finalise the review', () => api.finalise(review.id), onState)}
          >
            <p>
              The judgements are recorded as final
              {state.signOffs.length > 0
                ? `, signed off by ${[...new Set([...state.signOffs.map((s) => s.name)])].join(', ')} and you`
                : ', signed off by you'}
              . Nobody can change the review until a facilitator reopens it; everyone in it sees that at once.
            </p>
          </ConfirmButton>
        </>
      )}
      {facilitator && state.status === 'final' && (
        <ConfirmButton
          label="Reopen…"
          className="primary"
          title="Reopen this review?"
          confirmLabel="Reopen"
          onConfirm={() => run('reopen the review', () => api.reopen(review.id, reason.trim() || undefined), onState)}
        >
          <p>It goes back to moderation and the sign-offs are cleared; the history keeps them.</p>
          <label htmlFor={`${id}-reason`}>Why (optional, kept in the history)</label>
          <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </ConfirmButton>
      )}
      <a className="backup-link" href={api.backupUrl(review.id)} download>
        Download backup
      </a>
      <RecordHistory reviewId={review.id} version={JSON.stringify(state)} />
      {busy && (
        <span className="muted" role="status" aria-busy="true">
          Working: {busy}…
        </span>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
