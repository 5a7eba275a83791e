import { useState } from 'react';
import type { ModerationOutcome as Outcome, ModerationOutcomeKind } from '../../shared/review/entities.ts';
import { NOT_APPLICABLE, agreedKey, ratingKey } from '../../shared/review/keys.ts';
import { defaultOutcome, moderationTracks, outcomeLabels } from '../../shared/review/moderation.ts';
import { Root } from '../../shared/review/roots.ts';
import { useMapValue } from '../collab/y-hooks.ts';
import { useGrid } from './context.ts';

const kinds = Object.keys(outcomeLabels) as ModerationOutcomeKind[];

/** Per criterion and phase: whose judgement stands, and why; the framework's rule gives the default. */
export function ModerationOutcome({ criterion }: { criterion: string }) {
  const { review, phase, live, readOnly } = useGrid();
  const tracks = moderationTracks(review.framework);
  const recorded = useMapValue(review.doc.getMap<Outcome>(Root.moderation), agreedKey(criterion, phase));
  const selfRating = useMapValue(review.ratings, ratingKey(tracks?.self ?? '', criterion, phase));
  const modRating = useMapValue(review.ratings, ratingKey(tracks?.moderator ?? '', criterion, phase));
  const [choice, setChoice] = useState<ModerationOutcomeKind | null>(null);
  const [reason, setReason] = useState('');
  if (!tracks || !review.model.agreedKeys.has(agreedKey(criterion, phase))) return null;
  const trackLabel = (id: string) => review.framework.tracks.find((t) => t.id === id)?.label ?? id;
  const level = (id: string | undefined) =>
    id === undefined
      ? 'not rated'
      : id === NOT_APPLICABLE
        ? 'N/A'
        : (review.framework.scale.levels.find((l) => l.id === id)?.label ?? id);
  const suggested = defaultOutcome(tracks, selfRating, modRating);
  const picked = choice ?? recorded?.outcome ?? suggested;
  // Rendered outside the criterion's lock (CriterionDetail): moderation follows a locked judgement.
  const editable = live !== undefined && !readOnly;
  return (
    <section className="moderation-outcome" aria-label="Moderation outcome">
      <h4>Moderation</h4>
      <p>
        {trackLabel(tracks.self)}: <strong>{level(selfRating)}</strong> · {trackLabel(tracks.moderator)}:{' '}
        <strong>{level(modRating)}</strong>
      </p>
      {recorded ? (
        <p className="moderation-recorded" role="status">
          Recorded by {recorded.byName}: <strong>{outcomeLabels[recorded.outcome]}</strong>
          {recorded.reason && <> — {recorded.reason}</>}
        </p>
      ) : (
        <p className="muted">
          No outcome recorded.
          {suggested && ` The framework suggests: ${outcomeLabels[suggested]}.`}
        </p>
      )}
      {editable && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!picked) return;
            review.setModeration(criterion, phase, live.me, picked, reason || recorded?.reason || '');
            setChoice(null);
            setReason('');
          }}
        >
          <fieldset className="choice">
            <legend>Outcome</legend>
            {kinds.map((k) => (
              <label key={k} className={k === picked ? 'chosen' : undefined}>
                <input
                  type="radio"
                  name={`moderation-${criterion}-${phase}`}
                  checked={k === picked}
                  onChange={() => setChoice(k)}
                />
                {outcomeLabels[k]}
              </label>
            ))}
          </fieldset>
          <label>
            Reason
            <textarea
              rows={2}
              maxLength={2000}
              value={reason}
              placeholder={recorded?.reason || 'Why this judgement stands'}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button type="submit" disabled={!picked}>
            Record outcome
          </button>
        </form>
      )}
    </section>
  );
}
