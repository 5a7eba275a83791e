import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { usePageTitle } from '../components/page-title.ts';
import { useAsync } from '../useAsync.ts';
import { cyclesApi, type Comparison, type Move } from './api.ts';

const moveText: Record<Move, string> = {
  up: 'up',
  down: 'down',
  same: 'same',
  rated: 'newly rated',
  cleared: 'rating cleared',
  changed: 'changed',
  unrated: 'not rated either time',
  added: 'new criterion',
  removed: 'criterion removed',
};

function MoveCell({ move, size }: { move: Move; size: number }) {
  const arrow = move === 'up' ? '↑' : move === 'down' ? '↓' : move === 'same' ? '=' : '';
  return (
    <td className={`move move-${move}`} data-move={move}>
      <span aria-hidden="true">{arrow} </span>
      {moveText[move]}
      {size > 0 ? ` ${size} ${size === 1 ? 'level' : 'levels'}` : ''}
    </td>
  );
}

function Diff({ parts }: { parts: Comparison['texts'][number]['diff'] }) {
  return (
    <p className="diff">
      {parts.map((p, i) =>
        p.op === 'added' ? (
          <ins key={i}>{p.text}</ins>
        ) : p.op === 'removed' ? (
          <del key={i}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

function Result({ reviewId, c, from, to }: { reviewId: string; c: Comparison; from: string; to: string }) {
  const [showUnrated, setShowUnrated] = useState(false);
  const rows = showUnrated ? c.ratings : c.ratings.filter((r) => r.move !== 'unrated');
  const phased = c.ratings.some((r) => r.phase !== '-');
  const side = (s: Comparison['from']) =>
    s.kind === 'live' ? `${s.reviewTitle} now` : s.kind === 'snapshot' ? `${s.label} (${s.reviewTitle})` : s.label;
  return (
    <>
      <h1>
        {side(c.from)} → {side(c.to)}
      </h1>
      <p className="compare-counts" role="status">
        {c.counts.up} up, {c.counts.down} down, {c.counts.same} the same
        {c.counts.rated > 0 && `, ${c.counts.rated} newly rated`}
        {c.counts.cleared > 0 && `, ${c.counts.cleared} cleared`}
        {c.texts.length > 0 && `; ${c.texts.length} ${c.texts.length === 1 ? 'text' : 'texts'} changed`}.
      </p>
      <p className="toolbar">
        <a href={cyclesApi.compareUrl(reviewId, from, to, 'csv')} download>
          Download as CSV
        </a>
        <label className="check">
          <input type="checkbox" checked={showUnrated} onChange={(e) => setShowUnrated(e.target.checked)} /> Show
          criteria not rated either time
        </label>
      </p>
      <div className="scroll-x">
        <table className="summary-table compare">
          <caption>Ratings, criterion by criterion</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              {phased && <th scope="col">Phase</th>}
              <th scope="col">{c.from.label}</th>
              <th scope="col">{c.to.label}</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={phased ? 5 : 4} className="muted">
                  Nothing was rated either time.
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={`${r.criterion}/${r.phase}`} data-criterion={r.criterion}>
                <th scope="row">
                  {r.code && <span className="code">{r.code} </span>}
                  {r.title}
                </th>
                {phased && <td>{r.phase === '-' ? '' : r.phase}</td>}
                <td>{r.fromLabel ?? <span className="muted">–</span>}</td>
                <td>{r.toLabel ?? <span className="muted">–</span>}</td>
                <MoveCell move={r.move} size={r.size} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="compare-texts">
        <h2 id="compare-texts">Foci and evidence</h2>
        {c.texts.length === 0 ? (
          <p className="muted">No development focus or evidence changed.</p>
        ) : (
          <>
            <p className="muted">Removed words are struck through, added words underlined.</p>
            {c.texts.map((t) => (
              <article key={`${t.criterion}/${t.track}/${t.field}`} className="text-change">
                <h3>
                  {t.code && `${t.code} `}
                  {t.title} — {t.field}
                  {t.track !== '-' && <span className="muted"> ({t.track})</span>}
                </h3>
                <Diff parts={t.diff} />
              </article>
            ))}
          </>
        )}
      </section>
    </>
  );
}

export function ComparePage({ reviewId }: { reviewId: string }) {
  const params = new URLSearchParams(useSearch());
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? 'live';
  usePageTitle('Compare');
  const [state] = useAsync(() => cyclesApi.compare(reviewId, from, to), [reviewId, from, to], { keepLast: true });
  return (
    <div className="compare-page" aria-busy={state.status === 'ready' && state.stale === true}>
      <p className="breadcrumb">
        <Link href="/">Reviews</Link> /{' '}
        <Link href={`/reviews/${reviewId}`}>
          {state.status === 'ready'
            ? ([state.value.from, state.value.to].find((s) => s.reviewId === reviewId)?.reviewTitle ?? 'the review')
            : 'the review'}
        </Link>{' '}
        / compare
      </p>
      {state.status === 'loading' && <p aria-busy="true">Comparing…</p>}
      {state.status === 'error' && (
        <>
          <h1>These could not be compared</h1>
          <p role="alert">{state.error.message}</p>
        </>
      )}
      {state.status === 'ready' && <Result reviewId={reviewId} c={state.value} from={from} to={to} />}
    </div>
  );
}
