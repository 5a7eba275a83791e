import { lazy, Suspense } from 'react';
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
  if (!moderationTracks(review.framework)) return null;
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
