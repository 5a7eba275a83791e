import { memo } from 'react';
import type { Criterion, Level, Track } from '../../shared/framework/schema.ts';
import { agreedKey, ratingKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { useMeeting } from '../meeting/hooks.ts';
import { useMapValue } from '../collab/y-hooks.ts';
import { useGrid } from './context.ts';
import { Descriptor } from './Descriptor.tsx';

/** The agreed rating, and after a reveal how many voted for this level. */
function RoundMarks({ criterion, level }: { criterion: string; level: string }) {
  const { review, phase } = useGrid();
  const agreed = useMapValue(review.doc.getMap<string>(Root.agreed), agreedKey(criterion, phase));
  const { current } = useMeeting();
  const votes =
    current && current.status === 'revealed' && current.criterion === criterion && current.phase === phase
      ? (current.votes ?? []).filter((v) => v.level === level).length
      : 0;
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

function OtherTrackMark({ track, criterion, level }: { track: Track; criterion: string; level: string }) {
  const { review, phase } = useGrid();
  const rating = useMapValue(review.ratings, ratingKey(track.id, criterion, phase));
  if (rating !== level) return null;
  return <span className="track-mark">{track.label}</span>;
}

export interface LevelCellProps {
  criterion: Criterion;
  level: Level;
  rowIndex: number;
  colIndex: number;
  otherTracks: readonly Track[];
  locked: boolean;
}

/** One descriptor cell: clicking it makes this level the criterion's current rating for everyone. */
export const LevelCell = memo(function LevelCell({
  criterion,
  level,
  rowIndex,
  colIndex,
  otherTracks,
  locked,
}: LevelCellProps) {
  const { review, track, phase, readOnly, onFocusCriterion } = useGrid();
  const rating = useMapValue(review.ratings, ratingKey(track, criterion.id, phase));
  const selected = rating === level.id;
  const disabled = readOnly || locked || criterion.pending !== undefined;
  return (
    <td className={selected ? 'level selected' : 'level'} data-level={level.id}>
      <button
        type="button"
        className="level-button"
        aria-pressed={selected}
        aria-label={`${level.label}${selected ? ' (current rating)' : ''} — ${criterion.code ?? ''} ${criterion.title}`}
        disabled={disabled}
        data-row={rowIndex}
        data-col={colIndex}
        onFocus={() => onFocusCriterion(criterion.id)}
        onClick={() => review.setRating(track, criterion.id, phase, selected ? null : level.id)}
      >
        <Descriptor items={criterion.descriptors[level.id] ?? []} />
        {selected && <span className="selected-mark">Current rating</span>}
      </button>
      <RoundMarks criterion={criterion.id} level={level.id} />
      {otherTracks.map((t) => (
        <OtherTrackMark key={t.id} track={t} criterion={criterion.id} level={level.id} />
      ))}
    </td>
  );
});
