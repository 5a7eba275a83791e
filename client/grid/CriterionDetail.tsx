import { lazy, Suspense } from 'react';
import type { Criterion } from '../../shared/framework/schema.ts';
import { useGrid } from './context.ts';
import { CriterionHistory } from './CriterionHistory.tsx';
import { Comments } from './Comments.tsx';

// The editor is the largest dependency; load it only when a criterion is opened.
const CollabText = lazy(() => import('../editor/CollabText.tsx'));

/** Development focus and evidence for one criterion, with the source's evidence hints beside them. */
export function CriterionDetail({ criterion }: { criterion: Criterion }) {
  const { review, awareness, track, readOnly, onFocusCriterion } = useGrid();
  const trackLabel = review.framework.tracks.find((t) => t.id === track)?.label ?? track;
  const name = `${criterion.code ?? ''} ${criterion.title}`.trim();
  return (
    <div className="criterion-detail">
      <div className="detail-fields">
        <Suspense fallback={<p aria-busy="true">Loading editor…</p>}>
          <div className="field">
            <h4>Development focus</h4>
            <CollabText
              text={review.focus(track, criterion.id)}
              awareness={awareness}
              label={`Development focus for ${name} (${trackLabel})`}
              placeholder="What will move this criterion to the next level?"
              readOnly={readOnly}
              onFocus={() => onFocusCriterion(criterion.id)}
            />
          </div>
          <div className="field">
            <h4>Evidence</h4>
            <CollabText
              text={review.evidence(track, criterion.id)}
              awareness={awareness}
              label={`Evidence for ${name} (${trackLabel})`}
              placeholder="What shows this? Documents, data, observations…"
              readOnly={readOnly}
              onFocus={() => onFocusCriterion(criterion.id)}
            />
          </div>
        </Suspense>
        <Comments criterion={criterion.id} />
        {review.meta().reviewId !== 'preview' && (
          <CriterionHistory reviewId={review.meta().reviewId} criterion={criterion.id} framework={review.framework} />
        )}
      </div>
      {(criterion.evidence?.length || criterion.links?.length || criterion.statements?.length) && (
        <aside className="detail-guidance" aria-label={`Guidance for ${name}`}>
          {criterion.statements && criterion.statements.length > 0 && (
            <>
              <h4>The standard</h4>
              <ul>
                {criterion.statements.map((s, i) => (
                  <li key={i}>{typeof s === 'string' ? s : s.text}</li>
                ))}
              </ul>
            </>
          )}
          {criterion.evidence && criterion.evidence.length > 0 && (
            <>
              <h4>Examples of evidence</h4>
              <ul>
                {criterion.evidence.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            </>
          )}
          {criterion.links?.map((group) => (
            <div key={group.label}>
              <h4>{group.label}</h4>
              <ul>
                {group.items.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ul>
            </div>
          ))}
        </aside>
      )}
    </div>
  );
}
