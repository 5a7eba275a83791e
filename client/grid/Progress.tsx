import { useMemo, useSyncExternalStore } from 'react';
import { Root } from '../../shared/review/roots.ts';
import { useGrid } from './context.ts';
import { RatedCount } from './rated-count.ts';

/** "12 of 21 rated" for the track and phase on screen. */
export function Progress() {
  const { review, track, phase } = useGrid();
  // A criterion counts once it has a rating on this track or an agreed one (a silent round's outcome).
  const count = useMemo(() => {
    const { ratings, model } = review;
    const criteria = [...model.criteria].filter((c) => model.phasesOf.get(c)?.includes(phase));
    return new RatedCount(ratings, review.doc.getMap(Root.agreed), criteria, track, phase);
  }, [review, track, phase]);
  const rated = useSyncExternalStore(count.subscribe, count.get);
  return (
    <p className="progress" aria-live="polite">
      <meter min={0} max={count.total} value={rated} aria-label="Criteria rated" /> {rated} of {count.total} rated
    </p>
  );
}
