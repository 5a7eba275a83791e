import { useSyncExternalStore } from 'react';
import type { Agreement as AgreementResult } from '../../../shared/review/agreement.ts';
import { alphaInWords } from '../../../shared/review/agreement.ts';
import { request } from '../../api.ts';
import { useAsync } from '../../useAsync.ts';
import type { LiveReview } from '../context.ts';
import { AlphaExplanation } from './AlphaExplanation.tsx';
import { criterionName, type SummaryLabels } from './labels.ts';

const noRounds = () => () => {};

/** Revealed rounds so far: the agreement is fetched again whenever one more is revealed. */
function useRevealedCount(live: LiveReview | undefined): number {
  return useSyncExternalStore(live?.meeting.subscribe ?? noRounds, () =>
    live ? live.meeting.getSnapshot().rounds.filter((r) => r.status !== 'open').length : 0,
  );
}

const format = (alpha: number | null) => (alpha === null ? '—' : alpha.toFixed(2));
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** Krippendorff's alpha over the silent rounds, explained for people who are not statisticians. */
export function Agreement({
  reviewId,
  live,
  labels,
}: {
  reviewId: string;
  live: LiveReview | undefined;
  labels: SummaryLabels;
}) {
  const revealed = useRevealedCount(live);
  const [state] = useAsync(() => request<AgreementResult>(`/api/reviews/${reviewId}/agreement`), [reviewId, revealed], {
    keepLast: true,
  });
  return (
    <section
      className="summary-section agreement"
      aria-labelledby="agreement-heading"
      aria-busy={state.status === 'ready' && state.stale === true}
    >
      <h3 id="agreement-heading">Agreement between raters</h3>
      {state.status === 'loading' && <p aria-busy="true">Working out agreement…</p>}
      {state.status === 'error' && <p className="error">Agreement could not be loaded: {state.error.message}</p>}
      {state.status === 'ready' && <AgreementBody result={state.value} labels={labels} />}
    </section>
  );
}

function AgreementBody({ result, labels }: { result: AgreementResult; labels: SummaryLabels }) {
  if (result.byRound.length === 0)
    return (
      <p className="empty">
        No silent rounds revealed yet. When people vote silently on a criterion, this shows how far their judgements
        agree.
      </p>
    );
  return (
    <>
      <p className="agreement-alpha" data-testid="agreement-alpha">
        Krippendorff’s alpha: <strong>{format(result.alpha)}</strong>
        {result.ci95 && (
          <span className="muted">
            {' '}
            (95% interval {format(result.ci95[0])} to {format(result.ci95[1])})
          </span>
        )}{' '}
        over {result.rounds} {result.rounds === 1 ? 'round' : 'rounds'} and {result.votes} votes.
      </p>
      <p>{alphaInWords(result.alpha)}</p>
      <AlphaExplanation />
      {result.groups.length > 1 && (
        <table className="agreement-groups">
          <caption>By judgement and phase</caption>
          <thead>
            <tr>
              <th scope="col">Judgement</th>
              <th scope="col">Phase</th>
              <th scope="col">Rounds</th>
              <th scope="col">Alpha</th>
            </tr>
          </thead>
          <tbody>
            {result.groups.map((g) => (
              <tr key={`${g.track}/${g.phase}`}>
                <td>{labels.track(g.track)}</td>
                <td>{labels.phase(g.phase)}</td>
                <td>{g.rounds}</td>
                <td>{format(g.alpha)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table className="agreement-rounds">
        <caption>Spread of each round</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Votes</th>
            <th scope="col">Range</th>
            <th scope="col">At the most common level</th>
          </tr>
        </thead>
        <tbody>
          {result.byRound.map((r) => (
            <tr key={r.round}>
              <td>{criterionName(labels, r.criterion)}</td>
              <td>
                {r.votes}
                {r.notApplicable > 0 && <span className="muted"> (+{r.notApplicable} N/A)</span>}
              </td>
              <td>
                {r.range
                  ? r.range.steps === 0
                    ? labels.rating(r.range.low)
                    : `${labels.rating(r.range.low)} to ${labels.rating(r.range.high)} (${r.range.steps} ${r.range.steps === 1 ? 'step' : 'steps'})`
                  : '—'}
              </td>
              <td>
                {percent(r.modeShare)}
                {r.modes.length > 0 && (
                  <span className="muted"> ({r.modes.map((m) => labels.rating(m)).join(', ')})</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
