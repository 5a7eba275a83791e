import { useEffect, useRef, useState } from 'react';
import { statusLabels, type ReviewStatus } from '../../shared/protocol/review-record.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { api } from '../api.ts';
import { useAsync } from '../useAsync.ts';

const status = (s: string | null | undefined) => (s ? (statusLabels[s as ReviewStatus] ?? s) : '');

/** One review-wide change in people's words: "finalised, signed off by A, B". */
export function describeRecordEvent(e: HistoryEvent): string {
  const d = e.detail;
  switch (d.action) {
    case 'signed-off':
      return 'signed off';
    case 'sign-off-withdrawn':
      return 'withdrew their sign-off';
    case 'renamed':
      return `renamed “${d.from ?? ''}” to “${d.to ?? ''}”`;
    case 'duplicated':
      return `made this review as a copy of “${d.fromTitle ?? ''}”`;
    case 'imported':
      return 'restored this review from a backup';
    case 'archived':
    case 'unarchived':
    case 'deleted':
    case 'restored':
      return d.action;
  }
  if (d.to === 'final') return `finalised, signed off by ${d.signedOffBy ?? ''}`;
  if (d.from === 'final') {
    const signed = d.signedOffBy ? ` (it had been signed off by ${d.signedOffBy})` : '';
    return `reopened${signed}${d.reason ? `: “${d.reason}”` : ''}`;
  }
  return `moved from ${status(d.from)} to ${status(d.to)}`;
}

/** The review's status and management history, loaded when opened. */
export function RecordHistory({ reviewId, version }: { reviewId: string; version: string }) {
  const [open, setOpen] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!open) return;
    // It floats over the grid: a click elsewhere or Escape puts it away.
    const close = () => {
      if (details.current) details.current.open = false;
    };
    const onPointer = (e: PointerEvent) => {
      if (!details.current?.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <details ref={details} className="record-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Status history</summary>
      {open && <Events reviewId={reviewId} version={version} />}
    </details>
  );
}

function Events({ reviewId, version }: { reviewId: string; version: string }) {
  const [state] = useAsync(() => api.record(reviewId), [reviewId, version]);
  if (state.status === 'loading') return <p aria-busy="true">Loading…</p>;
  if (state.status === 'error') return <p role="alert">Could not load the history: {state.error.message}</p>;
  const events = state.value.events;
  if (events.length === 0) return <p className="empty">No status changes yet.</p>;
  return (
    <ol className="record-events">
      {events.map((e, i) => (
        <li key={i}>
          <time dateTime={e.at}>{new Date(e.at).toLocaleString('en-GB')}</time> — {e.userName ?? 'someone'}{' '}
          {describeRecordEvent(e)}
        </li>
      ))}
    </ol>
  );
}
