import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { Framework } from '../../shared/framework/schema.ts';
import { NOT_APPLICABLE, ratingKey } from '../../shared/review/keys.ts';
import { subscribeKeys } from '../collab/y-hooks.ts';
import { useGrid } from './context.ts';
import { trackShortLabel } from './track-label.ts';

/** Every track's rating of a criterion in the phase on screen, in the framework's track order. */
export function useTrackRatings(criterion: string): (string | undefined)[] {
  const { review, phase } = useGrid();
  const keys = useMemo(
    () => review.framework.tracks.map((t) => ratingKey(t.id, criterion, phase)),
    [review, criterion, phase],
  );
  // Told only of this criterion's own keys, so an edit elsewhere in the review costs the row nothing.
  const subscribe = useCallback((cb: () => void) => subscribeKeys(review.ratings, keys, cb), [review, keys]);
  // One string, so the row re-renders only when one of its own ratings changes.
  const joined = useSyncExternalStore(subscribe, () => keys.map((k) => review.ratings.get(k) ?? '').join('\u0000'));
  return joined.split('\u0000').map((r) => r || undefined);
}

/** The row's class where the first two tracks differ ("differs gap-1"), else null: a string, so the row renders only when it changes. */
export function useDifferenceClass(criterion: string): string | null {
  const { review, phase } = useGrid();
  const keys = useMemo(
    () => review.framework.tracks.map((t) => ratingKey(t.id, criterion, phase)),
    [review, criterion, phase],
  );
  const subscribe = useCallback((cb: () => void) => subscribeKeys(review.ratings, keys, cb), [review, keys]);
  return useSyncExternalStore(subscribe, () => {
    const difference = differenceOf(
      review.framework,
      keys.map((k) => review.ratings.get(k)),
    );
    return difference && `differs gap-${Math.min(difference.gap ?? 1, 2)}`;
  });
}

/** How many grades apart two ratings are on the framework's scale; null when either is N/A or unknown. */
export function gradeGap(framework: Framework, a: string, b: string): number | null {
  if (a === NOT_APPLICABLE || b === NOT_APPLICABLE) return null;
  const order = [...framework.scale.levels].sort((x, y) => x.value - y.value).map((l) => l.id);
  const [i, j] = [order.indexOf(a), order.indexOf(b)];
  return i < 0 || j < 0 ? null : Math.abs(i - j);
}

/** The difference the row shows: set when the first two tracks have both rated and differ. */
export function differenceOf(framework: Framework, ratings: (string | undefined)[]): { gap: number | null } | null {
  const [a, b] = ratings;
  if (framework.tracks.length < 2 || a === undefined || b === undefined || a === b) return null;
  return { gap: gradeGap(framework, a, b) };
}

const grades = (n: number) => (n === 1 ? 'one grade' : n === 2 ? 'two grades' : `${n} grades`);

/** On a criterion's row: both tracks' ratings, short-labelled, and how far apart they are. */
export function RowDifference({ criterion }: { criterion: string }) {
  const { review } = useGrid();
  const fw = review.framework;
  const ratings = useTrackRatings(criterion);
  const difference = differenceOf(fw, ratings);
  if (!difference) return null;
  const label = (id: string) =>
    id === NOT_APPLICABLE
      ? (fw.scale.notApplicable?.code ?? 'N/A')
      : (fw.scale.levels.find((l) => l.id === id)?.label ?? id);
  const size = difference.gap === null ? 'differ' : `${grades(difference.gap)} apart`;
  return (
    <p className={`moderation-gap gap-${Math.min(difference.gap ?? 1, 2)}`} data-gap={difference.gap ?? ''}>
      <strong>Judgements differ, {size}:</strong>{' '}
      {fw.tracks.map((t, i) => (
        <span key={t.id} className="moderation-rating">
          <abbr title={t.label}>{trackShortLabel(t)}</abbr> {label(ratings[i] ?? '')}
          {i < fw.tracks.length - 1 ? ' · ' : ''}
        </span>
      ))}
    </p>
  );
}

/** Which judgement stands where the tracks differ: the framework's authoritative-track rule, in its words. */
export function StandsNote({ framework }: { framework: Framework }) {
  if (framework.tracks.length < 2) return null;
  const rule = framework.rules?.find((r) => r.kind === 'authoritative-track');
  const track = framework.tracks.find((t) => t.id === rule?.track) ?? framework.tracks.find((t) => t.authoritative);
  if (!track)
    return (
      <p className="stands-note muted">
        The framework names no judgement that stands where they differ: the meeting agrees one.
      </p>
    );
  return (
    <details className="stands-note">
      <summary>
        Where judgements differ, the <strong>{track.label}</strong> ({trackShortLabel(track)}) stands
      </summary>
      {rule && <p>The framework: “{rule.text}”</p>}
    </details>
  );
}
