import { useMemo, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { Awareness } from 'y-protocols/awareness';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import { NO_PHASE } from '../../shared/review/keys.ts';
import { FormsPanel } from '../framework/FormsPanel.tsx';
import { ReferencesPanel } from '../framework/ReferencesPanel.tsx';
import { RulesPanel } from '../framework/RulesPanel.tsx';
import { GridContext, type GridContextValue, type LiveReview } from './context.ts';
import { FollowControl } from '../meeting/FollowControl.tsx';
import { RoundPanel } from '../meeting/RoundPanel.tsx';
import { UndoButtons } from '../meeting/UndoButtons.tsx';
import { Progress } from './Progress.tsx';
import { RubricGrid } from './RubricGrid.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import { TablesPanel } from './TablesPanel.tsx';

function Choice<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: { id: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="choice">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.id} className={o.id === value ? 'chosen' : undefined}>
          <input type="radio" name={name} value={o.id} checked={o.id === value} onChange={() => onChange(o.id)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export interface ReviewBodyProps {
  review: ReviewDoc;
  awareness: Awareness;
  readOnly: boolean;
  onFocusCriterion?: (criterion: string) => void;
  /** Extra toolbar items (progress, presence) for a live review. */
  toolbar?: ReactNode;
  live?: LiveReview;
  showProgress?: boolean;
  /** Where the round panel goes: the page's sticky header, so it never covers the row being voted on. */
  roundSlot?: HTMLElement | null;
}

/** Everything a framework asks a review to record: the rubric, its tables and forms, its guidance. */
export function ReviewBody({
  review,
  awareness,
  readOnly,
  onFocusCriterion,
  toolbar,
  live,
  showProgress = false,
  roundSlot,
}: ReviewBodyProps) {
  const framework = review.framework;
  const [track, setTrack] = useState(framework.tracks[0]?.id ?? 'self');
  const phases = framework.phases ?? [];
  const [phase, setPhase] = useState(phases[0]?.id ?? NO_PHASE);
  const context = useMemo<GridContextValue>(
    () => ({ review, awareness, track, phase, readOnly, onFocusCriterion: onFocusCriterion ?? (() => {}), live }),
    [review, awareness, track, phase, readOnly, onFocusCriterion, live],
  );
  return (
    <GridContext.Provider value={context}>
      <div className="toolbar">
        {framework.tracks.length > 1 && (
          <Choice legend="Judgement" name="track" options={framework.tracks} value={track} onChange={setTrack} />
        )}
        {phases.length > 0 && <Choice legend="Phase" name="phase" options={phases} value={phase} onChange={setPhase} />}
        {showProgress && <Progress />}
        {live && <UndoButtons />}
        {live && <FollowControl />}
        {toolbar}
      </div>
      <RulesPanel framework={framework} />
      {live && (roundSlot ? createPortal(<RoundPanel />, roundSlot) : <RoundPanel />)}
      <RubricGrid framework={framework} />
      {live && <SummaryPanel />}
      <TablesPanel framework={framework} />
      <FormsPanel framework={framework} />
      <ReferencesPanel framework={framework} />
    </GridContext.Provider>
  );
}
