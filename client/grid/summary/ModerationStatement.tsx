import { lazy, Suspense, useState } from 'react';
import { ApiError, request } from '../../api.ts';
import type { ModerationOutcome } from '../../../shared/review/entities.ts';
import { moderationTracks, outcomeLabels } from '../../../shared/review/moderation.ts';
import { Root } from '../../../shared/review/roots.ts';
import { useMapVersion } from '../../collab/y-map-version.ts';
import { useGrid } from '../context.ts';
import { criterionName, type SummaryLabels } from './labels.ts';

const CollabText = lazy(() => import('../../editor/CollabText.tsx'));

/** The outcomes recorded per criterion and the overall moderation statement. */
export function ModerationStatement({ labels }: { labels: SummaryLabels }) {
  const { review, awareness, readOnly } = useGrid();
  const map = review.doc.getMap<ModerationOutcome>(Root.moderation);
  useMapVersion(map);
  if (!moderationTracks(review.framework)) return <AddModerationTrack />;
  const outcomes = [...map.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  return (
    <section className="summary-section moderation-statement" aria-labelledby="moderation-statement-heading">
      <h3 id="moderation-statement-heading">Moderation outcomes</h3>
      {outcomes.length === 0 ? (
        <p className="muted">No moderation outcome recorded yet; record one in a criterion’s detail.</p>
      ) : (
        <ul>
          {outcomes.map(([key, o]) => {
            const [criterion = key, phase = '-'] = key.split('/');
            return (
              <li key={key}>
                <strong>{criterionName(labels, criterion)}</strong>
                {phase !== '-' && ` (${labels.phase(phase)})`}: {outcomeLabels[o.outcome]}
                {o.reason && ` — ${o.reason}`} <span className="muted">({o.byName})</span>
              </li>
            );
          })}
        </ul>
      )}
      <h4>Overall moderation statement</h4>
      <Suspense fallback={<p aria-busy="true">Loading editor…</p>}>
        <CollabText
          text={review.moderationStatement()}
          awareness={awareness}
          label="Overall moderation statement"
          placeholder="What moderation found overall, and what happens next"
          readOnly={readOnly}
        />
      </Suspense>
    </section>
  );
}

/** A facilitator may give a one-track review a moderation track; everyone reconnects to it. */
function AddModerationTrack() {
  const { review, live } = useGrid();
  const [state, setState] = useState<'idle' | 'busy' | { error: string }>('idle');
  if (live?.role !== 'facilitator') return null;
  return (
    <section className="summary-section moderation-statement" aria-labelledby="moderation-add-heading">
      <h3 id="moderation-add-heading">Moderation</h3>
      <p className="muted">
        This review has one judgement. Add a moderation track to record a moderator’s view beside the self-evaluation,
        with an outcome per criterion.
      </p>
      <button
        type="button"
        disabled={state === 'busy'}
        onClick={() => {
          setState('busy');
          request(`/api/reviews/${review.meta().reviewId}/moderation-track`, { method: 'POST' }).then(
            () => setState('idle'),
            (error: unknown) =>
              setState({ error: error instanceof ApiError ? error.message : 'Could not reach the server.' }),
          );
        }}
      >
        {state === 'busy' ? 'Adding…' : 'Add a moderation track'}
      </button>
      {typeof state === 'object' && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
    </section>
  );
}
