import { useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { RESTORE_DAYS } from '../../shared/protocol/review-record.ts';
import { ConfirmButton } from '../admin/ConfirmButton.tsx';
import { api, type Review } from '../api.ts';
import { useReviewAction } from './useReviewAction.ts';

export type ManageChange =
  | { kind: 'renamed'; title: string }
  | { kind: 'archived'; archivedAt: string | null }
  | { kind: 'duplicated'; review: Review }
  | { kind: 'deleted' };

/**
 * "Manage" for one review: rename, duplicate, archive or unarchive, delete. A disclosure (not a
 * menu widget), so it reads and works the same with a keyboard and a screen reader.
 */
export function ManageReview({
  review,
  onChange,
  openCopy = false,
}: {
  review: Review;
  onChange: (change: ManageChange) => void;
  /** Open the copy once duplicated (in a review); on the home page it is listed instead. */
  openCopy?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(review.title);
  const [withPeople, setWithPeople] = useState(false);
  const { busy, error, run } = useReviewAction();
  const [, navigate] = useLocation();
  const id = useId();
  const facilitator = review.role === 'facilitator';
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    // Like any menu: Escape or a click elsewhere closes it (a confirmation dialog counts as inside).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      setOpen(false);
      toggle.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  const final = review.status === 'final';

  return (
    <div className="manage" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="manage-toggle"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
      >
        Manage<span className="visually-hidden"> “{review.title}”</span> <span aria-hidden="true">▾</span>
      </button>
      <div id={`${id}-panel`} className="manage-panel card" hidden={!open}>
        {renaming ? (
          <form
            className="manage-rename"
            onSubmit={(e) => {
              e.preventDefault();
              run(
                'rename the review',
                () => api.renameReview(review.id, title),
                (r) => {
                  setRenaming(false);
                  setOpen(false);
                  onChange({ kind: 'renamed', title: r.title });
                },
              );
            }}
          >
            <label htmlFor={`${id}-title`}>New title</label>
            <input
              id={`${id}-title`}
              value={title}
              maxLength={200}
              required
              autoFocus
              onChange={(e) => setTitle(e.target.value)}
            />
            <button type="submit" className="primary" disabled={busy !== null}>
              Save title
            </button>
            <button type="button" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <ul className="manage-actions">
            {facilitator && (
              <li>
                <button
                  type="button"
                  disabled={final}
                  title={final ? 'A final review keeps its title; reopen it to rename it' : undefined}
                  onClick={() => {
                    setTitle(review.title);
                    setRenaming(true);
                  }}
                >
                  Rename…
                </button>
              </li>
            )}
            <li className="manage-duplicate">
              <button
                type="button"
                disabled={busy !== null}
                onClick={() =>
                  run(
                    'duplicate the review',
                    () => api.duplicateReview(review.id, { withPeople }),
                    (copy) => {
                      setOpen(false);
                      onChange({ kind: 'duplicated', review: copy });
                      if (openCopy) navigate(`/reviews/${copy.id}`);
                    },
                  )
                }
              >
                Duplicate
              </button>
              {facilitator && (
                <label>
                  <input type="checkbox" checked={withPeople} onChange={(e) => setWithPeople(e.target.checked)} /> with
                  the same people
                </label>
              )}
            </li>
            {facilitator && (
              <li>
                <button
                  type="button"
                  disabled={busy !== null}
                  onClick={() =>
                    run(
                      review.archivedAt ? 'unarchive the review' : 'archive the review',
                      () => api.archiveReview(review.id, !review.archivedAt),
                      (s) => {
                        setOpen(false);
                        onChange({ kind: 'archived', archivedAt: s.archivedAt });
                      },
                    )
                  }
                >
                  {review.archivedAt ? 'Unarchive' : 'Archive'}
                </button>
              </li>
            )}
            {facilitator && (
              <li>
                <ConfirmButton
                  label="Delete…"
                  className="danger-button"
                  title={`Delete “${review.title}”?`}
                  confirmLabel="Delete review"
                  onConfirm={() =>
                    run(
                      'delete the review',
                      () => api.deleteReview(review.id),
                      () => onChange({ kind: 'deleted' }),
                    )
                  }
                >
                  <p>
                    Everyone in it loses access at once. A facilitator or an owner of its workspace can restore it from{' '}
                    <em>Recently deleted</em> for {RESTORE_DAYS} days.
                  </p>
                </ConfirmButton>
              </li>
            )}
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
      </div>
    </div>
  );
}
