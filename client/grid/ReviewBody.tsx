import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { Awareness } from 'y-protocols/awareness';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import { NO_PHASE } from '../../shared/review/keys.ts';
import { scrollRowToTop } from '../components/motion.ts';
import { FormsPanel } from '../framework/FormsPanel.tsx';
import { ReferencesPanel } from '../framework/ReferencesPanel.tsx';
import { RulesPanel } from '../framework/RulesPanel.tsx';
import type { LastTimeRatings } from '../cycles/LastTime.tsx';
import { GridContext, type GridContextValue, type LiveReview } from './context.ts';
import { FacilitatorToolbar } from '../meeting/FacilitatorToolbar.tsx';
import { FollowControl } from '../meeting/FollowControl.tsx';
import { RatingAnnouncer } from '../meeting/RatingAnnouncer.tsx';
import { CriterionCursor } from './cursor.ts';
import { RowRevealer } from './row-revealer.ts';
import { RoundPanel } from '../meeting/RoundPanel.tsx';
import { UndoButtons } from '../meeting/UndoButtons.tsx';
import { StandsNote } from './moderation.tsx';
import { Progress } from './Progress.tsx';
import { RatingHelp } from './RatingHelp.tsx';
import { RubricGrid } from './RubricGrid.tsx';
import { TablesPanel } from './TablesPanel.tsx';

// The tabs other than the grid load when first opened, so a cold load reaches the grid sooner.
const SummaryPanel = lazy(() => import('./SummaryPanel.tsx').then((m) => ({ default: m.SummaryPanel })));
const OverallPanel = lazy(() => import('../decisions/OverallPanel.tsx').then((m) => ({ default: m.OverallPanel })));
const ActionPlanPanel = lazy(() =>
  import('../decisions/ActionPlanPanel.tsx').then((m) => ({ default: m.ActionPlanPanel })),
);
const MeetingMode = lazy(() => import('../meeting/MeetingMode.tsx').then((m) => ({ default: m.MeetingMode })));
const loading = <p aria-busy="true">Loading…</p>;

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
  /** Which part of a live review is shown: the grid (with its records) or the summary. */
  view?: 'grid' | 'summary' | 'overall' | 'actions' | 'people' | 'terms' | 'meeting';
  /**
   * Where the meeting bar (facilitator toolbar, following, round panel) goes: the page's sticky
   * header, null until that has mounted; without one, above the grid.
   */
  headerSlot?: HTMLElement | null;
  /** Last term's ratings, shown in each row as "Last time". */
  lastTime?: LastTimeRatings | null;
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
  headerSlot,
  view = 'grid',
  lastTime = null,
}: ReviewBodyProps) {
  const framework = review.framework;
  const [track, setTrack] = useState(framework.tracks[0]?.id ?? 'self');
  const phases = framework.phases ?? [];
  const [phase, setPhase] = useState(phases[0]?.id ?? NO_PHASE);
  const [activeCell] = useState(() => new CriterionCursor('0:0'));
  const [cursor] = useState(() => new CriterionCursor(framework.sections[0]?.criteria[0]?.id ?? null));
  const [rowRevealer] = useState(() => new RowRevealer());
  // A facilitator's spotlight carries the phase on their screen, so followers see the same ratings.
  const spotlitLive = useMemo<LiveReview | undefined>(
    () =>
      live && {
        ...live,
        setSpotlight: (criterion) => {
          live.setSpotlight(criterion);
          awareness.setLocalStateField('spotlightPhase', criterion ? phase : null);
        },
      },
    [live, awareness, phase],
  );
  useEffect(() => {
    const mine = awareness.getLocalState() as { spotlight?: string | null } | null;
    if (live?.role === 'facilitator' && mine?.spotlight) awareness.setLocalStateField('spotlightPhase', phase);
  }, [live, awareness, phase]);
  const context = useMemo<GridContextValue>(
    () => ({
      review,
      awareness,
      track,
      phase,
      readOnly,
      onFocusCriterion: (criterion) => {
        cursor.set(criterion);
        onFocusCriterion?.(criterion);
      },
      cursor,
      activeCell,
      rowRevealer,
      live: spotlitLive,
      lastTime,
      setTrack,
      setPhase,
      showCriterion: (criterion, at) => {
        if (at !== NO_PHASE) setPhase(at);
        cursor.set(criterion);
        live?.showView?.('grid');
        // After the grid is shown and the phase applied: bring the row below the sticky header, focus its cell.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            void rowRevealer.row(criterion).then((row) => {
              if (!row) return;
              scrollRowToTop(row);
              const cell =
                row.querySelector<HTMLElement>('td.level.selected .level-button') ??
                row.querySelector<HTMLElement>('.level-button');
              cell?.focus({ preventScroll: true });
            });
          }),
        );
      },
    }),
    [
      review,
      awareness,
      track,
      phase,
      readOnly,
      onFocusCriterion,
      cursor,
      activeCell,
      rowRevealer,
      live,
      spotlitLive,
      lastTime,
    ],
  );
  // In meeting mode the round panel and controls sit beside the criterion instead.
  const meetingBar = live && view !== 'meeting' && (
    <div className="meeting-bar">
      <div className="meeting-controls">
        <FacilitatorToolbar />
        <FollowControl />
      </div>
      <RoundPanel />
      <RatingAnnouncer />
    </div>
  );
  return (
    <GridContext.Provider value={context}>
      <div
        id="panel-grid"
        role={live ? 'tabpanel' : undefined}
        aria-labelledby={live ? 'tab-grid' : undefined}
        hidden={view !== 'grid'}
      >
        <div className="toolbar">
          {framework.tracks.length > 1 && (
            <Choice legend="Judgement" name="track" options={framework.tracks} value={track} onChange={setTrack} />
          )}
          <StandsNote framework={framework} />
          {phases.length > 0 && (
            <Choice legend="Phase" name="phase" options={phases} value={phase} onChange={setPhase} />
          )}
          {showProgress && <Progress />}
          {live && <RatingHelp />}
          {live && <UndoButtons />}
          {toolbar}
        </div>
        <RulesPanel framework={framework} />
        <RubricGrid framework={framework} />
        <TablesPanel framework={framework} />
        <FormsPanel framework={framework} />
        <ReferencesPanel framework={framework} />
      </div>
      {live && view === 'summary' && (
        <div id="panel-summary" role="tabpanel" aria-labelledby="tab-summary">
          <Suspense fallback={loading}>
            <SummaryPanel />
          </Suspense>
        </div>
      )}
      {live && view === 'overall' && (
        <div id="panel-overall" role="tabpanel" aria-labelledby="tab-overall">
          <Suspense fallback={loading}>
            <OverallPanel />
          </Suspense>
        </div>
      )}
      {live && view === 'actions' && (
        <div id="panel-actions" role="tabpanel" aria-labelledby="tab-actions">
          <Suspense fallback={loading}>
            <ActionPlanPanel />
          </Suspense>
        </div>
      )}
      {live && view === 'meeting' && (
        <div id="panel-meeting" role="tabpanel" aria-labelledby="tab-meeting">
          <RatingAnnouncer />
          <Suspense fallback={loading}>
            <MeetingMode />
          </Suspense>
        </div>
      )}
      {/* A slot not yet mounted (null) gets the bar once it is: drawn here first, the bar was built, torn
          down and built again there on every cold load. */}
      {headerSlot === undefined ? meetingBar : headerSlot && createPortal(meetingBar, headerSlot)}
    </GridContext.Provider>
  );
}
