import { useSyncExternalStore } from 'react';
import { agreedKey, ratingKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { useGrid } from './context.ts';

/** "12 of 21 rated" for the track and phase on screen. */
export function Progress() {
  const { review, track, phase } = useGrid();
  const { ratings, model } = review;
  const agreed = review.doc.getMap<string>(Root.agreed);
  const criteria = [...model.criteria].filter((c) => model.phasesOf.get(c)?.includes(phase));
  // A criterion counts once it has a rating on this track or an agreed one (a silent round's outcome).
  const rated = useSyncExternalStore(
    (cb) => {
      ratings.observe(cb);
      agreed.observe(cb);
      return () => {
        ratings.unobserve(cb);
        agreed.unobserve(cb);
      };
    },
    () => criteria.filter((c) => ratings.has(ratingKey(track, c, phase)) || agreed.has(agreedKey(c, phase))).length,
  );
  return (
    <p className="progress" aria-live="polite">
      <meter min={0} max={criteria.length} value={rated} aria-label="Criteria rated" /> {rated} of {criteria.length}{' '}
      rated
    </p>
  );
}
