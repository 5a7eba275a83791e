import type { ReviewDoc } from '../../shared/review/accessors.ts';
import { useGrid } from './context.ts';
import { Agreement } from './summary/Agreement.tsx';
import { BestFitDifferences } from './summary/BestFitDifferences.tsx';
import { Dashboard } from './summary/Dashboard.tsx';
import { Distributions } from './summary/Distribution.tsx';
import { labelsOf } from './summary/labels.ts';
import { Moderation } from './summary/Moderation.tsx';
import { ModerationStatement } from './summary/ModerationStatement.tsx';
import { Overalls } from './summary/Overall.tsx';
import { Reminders } from './summary/Reminders.tsx';
import { useJudgement } from './summary/useJudgement.ts';

function SummaryContent({ review }: { review: ReviewDoc }) {
  const judgement = useJudgement(review);
  const framework = review.framework;
  const labels = labelsOf(framework);
  if (judgement.ratings === 0 && judgement.agreed === 0)
    return <p className="empty">Nothing rated yet — ratings appear here as the meeting records them.</p>;
  const remindsAtAll = (framework.rules ?? []).some(
    (r) => r.kind === 'any-condition' || r.kind === 'critical-criteria',
  );
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <>
      {/* One short line for screen readers, rather than re-reading the tables on every change. */}
      <p role="status" className="summary-status">
        {plural(judgement.ratings, 'rating', 'ratings')} and{' '}
        {plural(judgement.agreed, 'agreed rating', 'agreed ratings')} recorded
        {framework.tracks.length > 1 &&
          `; ${plural(judgement.disagreements.length, 'difference', 'differences')} between judgements`}
        .
      </p>
      <Dashboard review={review} overalls={judgement.overalls} labels={labels} />
      <Distributions framework={framework} distributions={judgement.distributions} labels={labels} />
      {judgement.overallBy && (
        <Overalls framework={framework} by={judgement.overallBy} overalls={judgement.overalls} labels={labels} />
      )}
      {framework.tracks.length > 1 && (
        <Moderation framework={framework} disagreements={judgement.disagreements} labels={labels} />
      )}
      {remindsAtAll && <Reminders reminders={judgement.reminders} labels={labels} />}
    </>
  );
}

/** The framework's rules applied to the ratings so far, live; worked out only while shown. */
export function SummaryPanel() {
  const { review, live } = useGrid();
  const reviewId = review.meta().reviewId;
  return (
    <section className="summary-panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <p className="muted">Ratings so far, indicative overall, differences and reminders.</p>
      <SummaryContent review={review} />
      <BestFitDifferences review={review} labels={labelsOf(review.framework)} />
      <ModerationStatement labels={labelsOf(review.framework)} />
      {reviewId !== 'preview' && <Agreement reviewId={reviewId} live={live} labels={labelsOf(review.framework)} />}
    </section>
  );
}
