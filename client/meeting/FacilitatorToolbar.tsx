import { useMemo } from 'react';
import { scrollBehaviour } from '../components/motion.ts';
import { useLock } from '../doc/hooks.ts';
import { useGrid } from '../grid/context.ts';
import { useCursor } from '../grid/cursor.ts';
import { criterionRow } from '../grid/row-revealer.ts';
import { CriterionPicker } from './CriterionPicker.tsx';
import { useMeeting, useParticipants } from './hooks.ts';

/**
 * One toolbar for the facilitator's current criterion (the one last focused, or chosen here):
 * step through criteria, spotlight, open a silent round, lock. Replaces buttons in every row.
 */
export function FacilitatorToolbar() {
  const { review, live, phase, track, awareness, cursor, readOnly, rowRevealer } = useGrid();
  const { current: round } = useMeeting();
  const people = useParticipants(awareness);
  const id = useCursor(cursor);
  const lock = useLock(review, id);
  const criteria = useMemo(() => review.framework.sections.flatMap((s) => s.criteria), [review.framework]);
  if (live?.role !== 'facilitator') return null;
  const index = criteria.findIndex((c) => c.id === id);
  const criterion = criteria[index];
  const mySpotlight = people.find((p) => p.id === live.me.id && p.spotlight)?.spotlight ?? null;
  const moveTo = (next: string) => {
    cursor.set(next);
    // A large grid renders only the rows near the screen: ask it for the row.
    void (rowRevealer?.row(next) ?? Promise.resolve(criterionRow(next))).then((row) =>
      row?.scrollIntoView({ block: 'nearest', behavior: scrollBehaviour() }),
    );
  };
  // Stepping carries a spotlight along; choosing from the list lets the facilitator look ahead alone.
  const go = (step: number) => {
    const next = criteria[index + step];
    if (!next) return;
    moveTo(next.id);
    if (mySpotlight) live.setSpotlight(next.id);
  };
  const name = criterion ? (criterion.code ?? criterion.title) : '';
  const judged = criterion ? review.model.phasesOf.get(criterion.id)?.includes(phase) : false;
  return (
    <div className="facilitator-toolbar" role="toolbar" aria-label="Facilitator tools">
      <button type="button" onClick={() => go(-1)} disabled={index <= 0} aria-label="Previous criterion">
        ‹
      </button>
      <CriterionPicker criteria={criteria} current={id} onPick={moveTo} />
      <button
        type="button"
        onClick={() => go(1)}
        disabled={index < 0 || index >= criteria.length - 1}
        aria-label="Next criterion"
      >
        ›
      </button>
      {criterion && (
        <>
          {mySpotlight === criterion.id ? (
            <button type="button" aria-pressed="true" onClick={() => live.setSpotlight(null)}>
              End spotlight on {name}
            </button>
          ) : (
            <button type="button" onClick={() => live.setSpotlight(criterion.id)}>
              Spotlight {name}
            </button>
          )}
          <button
            type="button"
            disabled={readOnly || round !== null || criterion.pending !== undefined || !judged}
            title={readOnly ? 'This review is final' : round ? 'A round is already open' : undefined}
            onClick={() => {
              live.setSpotlight(criterion.id);
              live.meeting.send({ t: 'open', criterion: criterion.id, phase, track, autoReveal: true });
            }}
          >
            Silent round on {name}
          </button>
          <button
            type="button"
            disabled={readOnly}
            onClick={() => review.setLocked(criterion.id, lock ? null : live.me)}
          >
            {lock ? 'Unlock' : 'Lock'} {name}
          </button>
        </>
      )}
    </div>
  );
}
