import { useState } from 'react';
import type { Framework } from '../../shared/framework/schema.ts';
import { NOT_APPLICABLE } from '../../shared/review/keys.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { api } from '../api.ts';
import { useAsync } from '../useAsync.ts';

function describe(e: HistoryEvent, fw: Framework): string {
  const level = (id: string | null | undefined) =>
    id == null ? 'not rated' : id === NOT_APPLICABLE ? 'N/A' : (fw.scale.levels.find((l) => l.id === id)?.label ?? id);
  const track =
    e.detail.track && fw.tracks.length > 1
      ? ` (${fw.tracks.find((t) => t.id === e.detail.track)?.label ?? e.detail.track})`
      : '';
  const phase =
    e.detail.phase && e.detail.phase !== '-'
      ? `, ${fw.phases?.find((p) => p.id === e.detail.phase)?.label ?? e.detail.phase}`
      : '';
  switch (e.kind) {
    case 'rating':
      return `rating${track}${phase} ${level(e.detail.from)} → ${level(e.detail.to)}`;
    case 'agreed':
      return `agreed rating${phase} ${level(e.detail.from)} → ${level(e.detail.to)}`;
    case 'lock':
      return e.detail.to ? 'locked' : 'unlocked';
    case 'focus':
      return `edited the development focus${track}`;
    case 'evidence':
      return `edited the evidence${track}`;
    case 'evidence-item':
      return e.detail.deleted != null
        ? `deleted ${e.detail.author ?? 'someone'}'s evidence item "${e.detail.deleted}"`
        : 'changed the evidence items';
    case 'comment':
      return e.detail.deleted != null
        ? `deleted ${e.detail.author ?? 'someone'}'s comment "${e.detail.deleted}"`
        : 'commented';
    case 'statement-mark':
      return `marked a statement${track} ${e.detail.to ?? 'unmarked'}`;
    case 'moderation':
      return `moderation${phase}: ${e.detail.to ?? 'cleared'}${e.detail.reason ? ` ("${e.detail.reason}")` : ''}`;
    default:
      return `changed ${e.kind}`;
  }
}

function List({ reviewId, criterion, framework }: { reviewId: string; criterion: string; framework: Framework }) {
  const [state] = useAsync(() => api.history(reviewId, criterion), [reviewId, criterion]);
  if (state.status === 'loading') return <p aria-busy="true">Loading history…</p>;
  if (state.status === 'error') return <p role="alert">Could not load the history: {state.error.message}</p>;
  if (state.value.length === 0) return <p className="muted">No changes yet.</p>;
  return (
    <ol className="history">
      {state.value.map((e, i) => (
        <li key={i}>
          {describe(e, framework)} by {e.userName ?? 'someone'},{' '}
          <time dateTime={e.at}>
            {new Date(e.at).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}
          </time>
        </li>
      ))}
    </ol>
  );
}

/** Who changed this criterion and when; fetched when opened, from the history the server keeps. */
export function CriterionHistory({
  reviewId,
  criterion,
  framework,
}: {
  reviewId: string;
  criterion: string;
  framework: Framework;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className="criterion-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>History</summary>
      {open && <List reviewId={reviewId} criterion={criterion} framework={framework} />}
    </details>
  );
}
