import type { Framework } from '../../../shared/framework/schema.ts';
import type { Disagreement } from '../../../shared/review/judgement.ts';
import { NO_PHASE } from '../../../shared/review/keys.ts';
import { useGrid } from '../context.ts';
import { gradeGap, StandsNote } from '../moderation.tsx';
import { criterionName, type SummaryLabels } from './labels.ts';

function ReportedNote({ item, stands, labels }: { item: Disagreement; stands: string | null; labels: SummaryLabels }) {
  const { reported } = item;
  if (!reported)
    return (
      <p className="muted">
        {stands
          ? `Nothing reported yet: ${labels.track(stands)} has not rated this and no rating is agreed.`
          : 'No rating agreed yet.'}
      </p>
    );
  if (reported.by === 'agreed')
    return (
      <p>
        Reported: <strong className="summary-reported">{labels.rating(reported.rating)}</strong> (agreed)
      </p>
    );
  return item.agreed !== null && item.agreed !== reported.rating ? (
    <p className="muted">Agreed in the meeting: {labels.rating(item.agreed)}</p>
  ) : null;
}

function DisagreementItem({
  item,
  stands,
  labels,
}: {
  item: Disagreement;
  stands: string | null;
  labels: SummaryLabels;
}) {
  const { review, showCriterion } = useGrid();
  const criterion = labels.criterion(item.criterion);
  const reportedTrack = item.reported?.by === 'authoritative-track' ? item.reported.track : null;
  const [a, b] = item.ratings;
  const gap = a && b ? gradeGap(review.framework, a.rating, b.rating) : null;
  const name = (
    <>
      <strong>{criterionName(labels, item.criterion)}</strong>
      {item.phase !== NO_PHASE && <> — {labels.phase(item.phase)}</>}
    </>
  );
  return (
    <li className="summary-disagreement" data-criterion={item.criterion} data-phase={item.phase}>
      <p className="summary-criterion">
        {showCriterion ? (
          // Takes the person to the criterion's row in the grid, its rating cell focused.
          <a
            href={`#criterion-${item.criterion}`}
            onClick={(e) => {
              e.preventDefault();
              showCriterion(item.criterion, item.phase);
            }}
          >
            {name}
            <span className="visually-hidden"> (show in the grid)</span>
          </a>
        ) : (
          name
        )}
        {criterion?.code && <span className="summary-title muted"> {criterion.title}</span>}
        {gap !== null && gap > 0 && (
          <span className={`gap-size gap-${Math.min(gap, 2)}`}>
            {' '}
            {gap === 1 ? 'one grade apart' : gap === 2 ? 'two grades apart' : `${gap} grades apart`}
          </span>
        )}
      </p>
      <ul className="summary-track-ratings">
        {item.ratings.map((r) => (
          <li key={r.track} className={r.track === reportedTrack ? 'reported' : undefined}>
            {labels.track(r.track)}: <strong>{labels.rating(r.rating)}</strong>
            {r.track === reportedTrack && (
              <>
                {' '}
                <span className="track-mark reported-mark">Reported — this judgement stands</span>
              </>
            )}
          </li>
        ))}
      </ul>
      <ReportedNote item={item} stands={stands} labels={labels} />
    </li>
  );
}

/** Where the tracks' ratings differ, with the rating the framework says is reported. */
export function Moderation({
  framework,
  disagreements,
  labels,
}: {
  framework: Framework;
  disagreements: Disagreement[];
  labels: SummaryLabels;
}) {
  const stands = framework.rules?.find((r) => r.kind === 'authoritative-track')?.track ?? null;
  return (
    <section className="summary-block" aria-labelledby="summary-moderation">
      <h3 id="summary-moderation">Where judgements differ</h3>
      <StandsNote framework={framework} />
      {disagreements.length === 0 ? (
        <p className="muted">No differences between {framework.tracks.map((t) => t.label).join(' and ')} so far.</p>
      ) : (
        <ul className="summary-list">
          {disagreements.map((d) => (
            <DisagreementItem key={`${d.criterion}/${d.phase}`} item={d} stands={stands} labels={labels} />
          ))}
        </ul>
      )}
    </section>
  );
}
