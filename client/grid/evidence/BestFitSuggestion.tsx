import { NOT_APPLICABLE, ratingKey } from '../../../shared/review/keys.ts';
import { useMapValue } from '../../collab/y-hooks.ts';
import { useGrid } from '../context.ts';
import { useBestFit } from './useBestFit.ts';

/** The suggestion beside the current rating, never applied by itself; a difference is called out. */
export function BestFitSuggestion({ criterion }: { criterion: string }) {
  const { review, track, phase } = useGrid();
  const fit = useBestFit(criterion);
  const rating = useMapValue(review.ratings, ratingKey(track, criterion, phase));
  const label = (id: string | null | undefined) =>
    id == null
      ? 'not rated'
      : id === NOT_APPLICABLE
        ? 'Not applicable'
        : (review.framework.scale.levels.find((l) => l.id === id)?.label ?? id);
  const differs = fit.level !== null && rating !== undefined && rating !== fit.level;
  return (
    <section
      className={`best-fit${differs ? ' best-fit-differs' : ''}`}
      aria-label="Suggested best fit"
      data-testid="best-fit"
    >
      <h4>Suggested best fit</h4>
      <p>
        <span className="best-fit-level" data-level={fit.level ?? ''}>
          {fit.level ? label(fit.level) : 'No suggestion yet'}
        </span>
        <span className="muted"> · current rating: {label(rating)}</span>
      </p>
      <ul className="best-fit-reasons" aria-live="polite">
        {fit.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {differs && (
        <p className="best-fit-warning" role="note">
          The rating differs from the evidence marked: check the statements, or record why.
        </p>
      )}
      {fit.level === null && fit.tallies.length === 0 && (
        <p className="muted">Mark the statements below as evidenced to see which level fits best.</p>
      )}
    </section>
  );
}
