import { useMemo } from 'react';
import type { ReviewDoc } from '../../../shared/review/accessors.ts';
import { bestFitRows } from '../../../shared/review/report.ts';
import { Root } from '../../../shared/review/roots.ts';
import { useMapVersion } from '../../collab/y-map-version.ts';
import { criterionName, type SummaryLabels } from './labels.ts';

/** Where the rating and the best fit suggested by the marked evidence differ, with the reasons. */
export function BestFitDifferences({ review, labels }: { review: ReviewDoc; labels: SummaryLabels }) {
  const marks = useMapVersion(review.doc.getMap(Root.statementMarks));
  const ratings = useMapVersion(review.ratings);
  const rows = useMemo(
    () => bestFitRows(review),
    // The versions stand for the marks' and ratings' contents.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [review, marks, ratings],
  );
  if (rows.length === 0) return null;
  const differing = rows.filter((r) => r.differs);
  const multiTrack = review.framework.tracks.length > 1;
  return (
    <section className="summary-section best-fit-differences" aria-labelledby="best-fit-differences-heading">
      <h3 id="best-fit-differences-heading">Ratings and the evidence marked</h3>
      {differing.length === 0 ? (
        <p>Every rating with marked statements matches the best fit its evidence suggests.</p>
      ) : (
        <ul>
          {differing.map((r) => (
            <li key={`${r.track}/${r.criterion}/${r.phase}`}>
              <strong>{criterionName(labels, r.criterion)}</strong>
              {r.phase !== '-' && ` (${labels.phase(r.phase)})`}
              {multiTrack && `, ${labels.track(r.track)}`}: rated {labels.rating(r.rating!)}, evidence suggests{' '}
              {labels.rating(r.suggested!)} <span className="muted">— {r.reasons}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
