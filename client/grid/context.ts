import { createContext, useContext } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { UndoManager } from 'yjs';
import type { ReviewDoc } from '../../shared/review/accessors.ts';
import type { MeetingConnection } from '../collab/meeting.ts';
import type { LastTimeRatings } from '../cycles/LastTime.tsx';
import type { CriterionCursor } from './cursor.ts';
import type { RowRevealer } from './row-revealer.ts';

export interface GridContextValue {
  review: ReviewDoc;
  awareness: Awareness;
  /** The judgement track being rated, e.g. the self-evaluation. */
  track: string;
  /** The phase being rated, or NO_PHASE. */
  phase: string;
  readOnly: boolean;
  onFocusCriterion: (criterion: string) => void;
  /** The criterion this person is on: the facilitator's toolbar acts on it. */
  cursor: CriterionCursor;
  /** The grid's one tab stop among the rating cells ("row:col"); arrow keys move it (roving tabindex). */
  activeCell: CriterionCursor;
  /** Present in a live review, absent in a framework preview. */
  live?: LiveReview;
  /** Change the judgement or phase on screen (meeting mode has its own choice of them). */
  setTrack?: (track: string) => void;
  setPhase?: (phase: string) => void;
  /** Brings a criterion's row into the page (a large grid renders only the rows near the screen). */
  rowRevealer?: RowRevealer;
  /** Show a criterion in the grid (in that phase), scrolled to and its rating cell focused. */
  showCriterion?: (criterion: string, phase: string) => void;
  /** Last term's ratings, in a review started from a previous term's. */
  lastTime?: LastTimeRatings | null;
}

export interface LiveReview {
  role: 'facilitator' | 'editor' | 'observer';
  me: { id: string; name: string };
  meeting: MeetingConnection;
  undo: UndoManager;
  setSpotlight: (criterion: string | null) => void;
  /** Switch the review's tab, e.g. from the summary to the grid. */
  showView?: (view: 'grid' | 'summary' | 'people' | 'meeting') => void;
}

export const GridContext = createContext<GridContextValue | null>(null);

export function useGrid(): GridContextValue {
  const value = useContext(GridContext);
  if (!value) throw new Error('useGrid outside a rubric grid');
  return value;
}
