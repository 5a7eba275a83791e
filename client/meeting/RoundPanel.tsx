import { useState } from 'react';
import { consensus } from '../../shared/protocol/meeting.ts';
import { NOT_APPLICABLE } from '../../shared/review/keys.ts';
import { useGrid } from '../grid/context.ts';
import { useMeeting, useParticipants } from './hooks.ts';

/**
 * The round in progress: vote privately, see who has voted, reveal, agree, lock. Compact (beside
 * the criterion in meeting mode) names the criterion by its code alone.
 */
export function RoundPanel({ compact = false }: { compact?: boolean }) {
  const { review, awareness, live, readOnly } = useGrid();
  const { current: round, error } = useMeeting();
  const people = useParticipants(awareness);
  const [lock, setLock] = useState(true);
  const [choice, setChoice] = useState<string | null>(null);
  if (!live) return null;
  if (!round)
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : null;
  const fw = review.framework;
  const criterion = fw.sections.flatMap((s) => s.criteria).find((c) => c.id === round.criterion);
  const levels = [
    ...fw.scale.levels.map((l) => ({ id: l.id, label: l.label })),
    ...(fw.scale.notApplicable ? [{ id: NOT_APPLICABLE, label: fw.scale.notApplicable.label }] : []),
  ];
  const phase = fw.phases?.find((p) => p.id === round.phase)?.label;
  const eligible = new Set(people.filter((p) => p.role !== 'observer' && p.id).map((p) => p.id));
  const facilitator = live.role === 'facilitator';
  const suggested = round.votes ? consensus(round.votes) : null;
  const agreed = choice ?? suggested ?? '';

  return (
    <section className="round-panel" aria-labelledby="round-heading">
      <h2 id="round-heading">
        Silent rating:{' '}
        {compact ? (criterion?.code ?? criterion?.title) : `${criterion?.code ?? ''} ${criterion?.title}`}
        {phase && ` — ${phase}`}
      </h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {round.status === 'open' ? (
        <>
          <p aria-live="polite" data-testid="round-progress">
            {round.voters.length} of {Math.max(eligible.size, round.voters.length)} have voted
            {round.voters.length > 0 && `: ${round.voters.map((v) => v.name).join(', ')}`}.
            {round.autoReveal && ' Votes show when everyone has voted.'}
          </p>
          <div className="round-row">
            {live.role !== 'observer' && (
              <fieldset className="vote" disabled={readOnly}>
                <legend>Your judgement of the best fit (nobody sees it before the reveal)</legend>
                {levels.map((l) => (
                  <button
                    key={l.id}
                    type="button"
                    aria-pressed={round.myVote === l.id}
                    onClick={() => live.meeting.send({ t: 'vote', round: round.id, level: l.id })}
                  >
                    {l.label}
                  </button>
                ))}
              </fieldset>
            )}
            {facilitator && (
              <button
                type="button"
                className="primary"
                onClick={() => live.meeting.send({ t: 'reveal', round: round.id })}
              >
                Reveal the votes
              </button>
            )}
          </div>
        </>
      ) : (
        <>
          <ul className="distribution" aria-label="Votes">
            {levels.map((l) => {
              const votes = round.votes?.filter((v) => v.level === l.id) ?? [];
              return (
                <li key={l.id}>
                  <span className="level-name">{l.label}</span>
                  <span className="bar" style={{ width: `${votes.length * 2}rem` }} aria-hidden="true" />
                  <span>
                    {votes.length} {votes.length === 1 ? 'vote' : 'votes'}
                    {votes.length > 0 && ` (${votes.map((v) => v.name).join(', ')})`}
                  </span>
                </li>
              );
            })}
          </ul>
          {suggested && <p>Consensus: {levels.find((l) => l.id === suggested)?.label}.</p>}
          {facilitator ? (
            <form
              className="agree"
              onSubmit={(e) => {
                e.preventDefault();
                const level = agreed || null;
                review.doc.transact(() => {
                  review.setAgreed(round.criterion, round.phase, level);
                  // The meeting's outcome is the track's rating too, so the summary and progress count it.
                  if (level) review.setRating(round.track, round.criterion, round.phase, level);
                  if (lock && level) review.setLocked(round.criterion, live.me);
                });
                live.meeting.send({ t: 'close', round: round.id, agreed: level });
                setChoice(null);
              }}
            >
              <label>
                Agreed rating{' '}
                <select value={agreed} onChange={(e) => setChoice(e.target.value)}>
                  <option value="">None agreed</option>
                  {levels.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <input type="checkbox" checked={lock} onChange={(e) => setLock(e.target.checked)} /> Lock the criterion
              </label>
              <button type="submit" className="primary">
                Record and close the round
              </button>
            </form>
          ) : (
            <p className="muted">The facilitator records the agreed rating.</p>
          )}
        </>
      )}
    </section>
  );
}
