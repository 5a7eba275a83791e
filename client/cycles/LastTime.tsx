import type { Criterion } from '../../shared/framework/schema.ts';
import { NOT_APPLICABLE, agreedKey, ratingKey } from '../../shared/review/keys.ts';
import { labelsOf } from '../grid/summary/labels.ts';
import { useGrid } from '../grid/context.ts';

/** Last term's ratings, as the grid shows them beside this term's ("Last time: Established"). */
export interface LastTimeRatings {
  title: string;
  /** `track/criterion/phase` → level id. */
  ratings: Record<string, string>;
  /** `criterion/phase` → level id. */
  agreed: Record<string, string>;
}

/** Under a criterion's title: what last term's review reported for it, in this track and phase. */
export function LastTime({ criterion }: { criterion: Criterion }) {
  const { review, track, phase, lastTime } = useGrid();
  if (!lastTime) return null;
  const rating =
    lastTime.ratings[ratingKey(track, criterion.id, phase)] ?? lastTime.agreed[agreedKey(criterion.id, phase)];
  const labels = labelsOf(review.framework);
  const text =
    rating === undefined
      ? 'not rated'
      : rating === NOT_APPLICABLE
        ? (review.framework.scale.notApplicable?.label ?? 'Not applicable')
        : labels.rating(rating);
  const code = rating && rating !== NOT_APPLICABLE ? labels.level(rating)?.code : undefined;
  return (
    <p className="last-time" data-last-time={rating ?? ''}>
      <span className="muted">Last time: </span>
      {rating === undefined ? (
        <span className="muted">{text}</span>
      ) : (
        <span className={`rag rag-${labels.rag(rating)}`} title={`${lastTime.title}: ${text}`}>
          {code && code !== text ? `${code} ` : ''}
          {text}
        </span>
      )}
    </p>
  );
}
