import { useSyncExternalStore } from 'react';
import { ratingKey } from '../../shared/review/keys.ts';
import { useGrid } from './context.ts';

/** "12 of 21 rated" for the track and phase on screen. */
export function Progress() {
  const { review, track, phase } = useGrid();
  const { ratings, model } = review;
  const criteria = [...model.criteria].filter((c) => model.phasesOf.get(c)?.includes(phase));
  const rated = useSyncExternalStore(
    (cb) => {
      ratings.observe(cb);
      return () => ratings.unobserve(cb);
    },
    () => criteria.filter((c) => ratings.has(ratingKey(track, c, phase))).length,
  );
  return (
    <p className="progress" aria-live="polite">
      <meter min={0} max={criteria.length} value={rated} aria-label="Criteria rated" /> {rated} of {criteria.length}{' '}
      rated
    </p>
  );
}
