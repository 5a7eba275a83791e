import { memo, useSyncExternalStore } from 'react';
import type { Criterion, DescriptorItem, Level, Track } from '../../shared/framework/schema.ts';
import { agreedKey, ratingKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { useMapValue, useMapValueIs } from '../collab/y-hooks.ts';
import { useGrid } from './context.ts';
import { useIsCurrent } from './cursor.ts';
import { Descriptor } from './Descriptor.tsx';
import { trackShortLabel } from './track-label.ts';

/** After a reveal, how many voted for this level of this criterion: a number, so other cells do not render when a round moves. */
function useRevealedVotes(criterion: string, phase: string, level: string): number {
  const { live } = useGrid();
  return useSyncExternalStore(
    (cb) => live?.meeting.subscribe(cb) ?? (() => {}),
    () => {
      const current = live?.meeting.getSnapshot().current;
      return current && current.status === 'revealed' && current.criterion === criterion && current.phase === phase
        ? (current.votes ?? []).filter((v) => v.level === level).length
        : 0;
    },
  );
}

/** The agreed rating, and after a reveal how many voted for this level. */
export function RoundMarks({ criterion, level }: { criterion: string; level: string }) {
  const { review, phase } = useGrid();
  const agreed = useMapValue(review.doc.getMap<string>(Root.agreed), agreedKey(criterion, phase));
  const votes = useRevealedVotes(criterion, phase, level);
  return (
    <>
      {agreed === level && <span className="track-mark agreed">Agreed</span>}
      {votes > 0 && (
        <span className="track-mark votes">
          {votes} {votes === 1 ? 'vote' : 'votes'}
        </span>
      )}
    </>
  );
}

/** Another track's rating on its level, marked with that track's short name ("LA", "NS"). */
export function OtherTrackMark({ track, criterion, level }: { track: Track; criterion: string; level: string }) {
  const { review, phase } = useGrid();
  const rated = useMapValueIs(review.ratings, ratingKey(track.id, criterion, phase), level);
  if (!rated) return null;
  const short = trackShortLabel(track);
  return (
    <span className="track-mark other-track" title={`${track.label}'s rating`}>
      {short}
      <span className="visually-hidden">{short === track.label ? "'s rating" : ` (${track.label}'s rating)`}</span>
    </span>
  );
}

/** In a framework with two judgements, the one being rated is marked with its short name too ("LA"). */
function OwnTrackMark({ track }: { track: string }) {
  const { review } = useGrid();
  const t = review.framework.tracks.find((x) => x.id === track);
  if (!t) return null;
  const short = trackShortLabel(t);
  return (
    <span className="track-mark own-track">
      {short}
      <span className="visually-hidden">{short === t.label ? '' : ` (${t.label})`}</span>
    </span>
  );
}

/** One empty list, so a level without a descriptor keeps the same props (its Descriptor is memoised). */
const NO_ITEMS: readonly DescriptorItem[] = [];

export interface LevelCellProps {
  criterion: Criterion;
  level: Level;
  rowIndex: number;
  colIndex: number;
  locked: boolean;
}

/** A cell of a criterion the framework does not judge in the phase on screen: nothing to rate. */
function NotJudgedCell({ level }: { level: Level }) {
  const { review, phase } = useGrid();
  const label = review.framework.phases?.find((p) => p.id === phase)?.label ?? phase;
  return (
    <td className="level not-judged" data-level={level.id}>
      <span className="not-judged-note">Not judged in {label}</span>
    </td>
  );
}

/** One descriptor cell: clicking anywhere in it makes this level the criterion's current rating for everyone. */
export const LevelCell = memo(function LevelCell({ criterion, level, rowIndex, colIndex, locked }: LevelCellProps) {
  const { review, track, phase, readOnly, onFocusCriterion, activeCell } = useGrid();
  // Only whether this level is the rating: a rating moving re-renders the two cells it leaves and reaches.
  const selected = useMapValueIs(review.ratings, ratingKey(track, criterion.id, phase), level.id);
  const cellKey = `${rowIndex}:${colIndex}`;
  const active = useIsCurrent(activeCell, cellKey);
  if (!review.model.phasesOf.get(criterion.id)?.includes(phase)) return <NotJudgedCell level={level} />;
  const disabled = readOnly || locked || criterion.pending !== undefined;
  const otherTracks = review.framework.tracks.filter((t) => t.id !== track);
  return (
    <td className={selected ? 'level selected' : 'level'} data-level={level.id}>
      <button
        type="button"
        className="level-button"
        aria-pressed={selected}
        // Focusable even when it cannot be changed, so its descriptor can still be read and navigated.
        aria-disabled={disabled}
        tabIndex={active ? 0 : -1}
        data-row={rowIndex}
        data-col={colIndex}
        onFocus={() => {
          activeCell.set(cellKey);
          onFocusCriterion(criterion.id);
        }}
        onClick={(event) => {
          if (disabled) return;
          // The second click of a double click would clear the rating the first one set.
          if (event.detail > 1) return;
          review.setRating(track, criterion.id, phase, selected ? null : level.id);
        }}
      >
        <span className="visually-hidden">
          {level.label} for {criterion.code ?? criterion.title}:{' '}
        </span>
        <Descriptor items={criterion.descriptors[level.id] ?? NO_ITEMS} />
        <span className="cell-marks">
          {selected && otherTracks.length > 0 && <OwnTrackMark track={track} />}
          {selected && <span className="selected-mark">Current rating</span>}
          <RoundMarks criterion={criterion.id} level={level.id} />
          {otherTracks.map((t) => (
            <OtherTrackMark key={t.id} track={t} criterion={criterion.id} level={level.id} />
          ))}
        </span>
      </button>
    </td>
  );
});
