import { Descriptor } from './Descriptor.tsx';
import { lazy, Suspense, useMemo } from 'react';
import type { Criterion } from '../../shared/framework/schema.ts';
import type { Lock } from '../../shared/review/entities.ts';
import { Root } from '../../shared/review/roots.ts';
import { useMapValue } from '../collab/y-hooks.ts';
import { GridContext, useGrid } from './context.ts';
import { CriterionHistory } from './CriterionHistory.tsx';
import { Comments } from './Comments.tsx';
import { MakeAction } from '../decisions/MakeAction.tsx';
import { BestFitSuggestion } from './evidence/BestFitSuggestion.tsx';
import { EvidenceItems } from './evidence/EvidenceItems.tsx';
import { StatementMarks } from './evidence/StatementMarks.tsx';
import { ModerationOutcome } from './ModerationOutcome.tsx';

// The editor is the largest dependency; load it only when a criterion is opened.
const CollabText = lazy(() => import('../editor/CollabText.tsx'));

/** Focus, evidence and comments of a locked criterion are read-only for all but facilitators, as the server enforces. */
export function CriterionDetail({ criterion }: { criterion: Criterion }) {
  const grid = useGrid();
  const lock = useMapValue(grid.review.doc.getMap<Lock>(Root.locks), criterion.id);
  const locked = lock !== undefined && grid.live?.role !== 'facilitator';
  const value = useMemo(() => (locked ? { ...grid, readOnly: true } : grid), [grid, locked]);
  return (
    <GridContext.Provider value={value}>
      {locked && !grid.readOnly && (
        <p className="lock-note">Locked by {lock.byName}: only a facilitator can change this criterion now.</p>
      )}
      <CriterionFields criterion={criterion} />
      {/* Outside the lock's read-only context: a locked judgement is what moderation weighs. */}
      <GridContext.Provider value={grid}>
        <ModerationOutcome criterion={criterion.id} />
      </GridContext.Provider>
    </GridContext.Provider>
  );
}

/** Development focus and evidence for one criterion, with the source's evidence hints beside them. */
function CriterionFields({ criterion }: { criterion: Criterion }) {
  const { review, awareness, track, readOnly, onFocusCriterion } = useGrid();
  const trackLabel = review.framework.tracks.find((t) => t.id === track)?.label ?? track;
  const name = `${criterion.code ?? ''} ${criterion.title}`.trim();
  return (
    <div className="criterion-detail">
      <div className="detail-fields">
        <BestFitSuggestion criterion={criterion.id} />
        <EvidenceItems criterion={criterion.id} />
        <StatementMarks criterion={criterion.id} />
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
            <MakeAction criterion={criterion} />
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
              <Descriptor items={criterion.statements} />
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
