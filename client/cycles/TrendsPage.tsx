import * as Plot from '@observablehq/plot';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'wouter';
import { alphaInWords } from '../../shared/review/agreement.ts';
import { usePageTitle } from '../components/page-title.ts';
import { AlphaExplanation } from '../grid/summary/AlphaExplanation.tsx';
import { useAsync } from '../useAsync.ts';
import { cyclesApi, toneOf, type TermAgreement, type Trends } from './api.ts';

/** An Observable Plot chart (SVG, with its ARIA label and description), drawn into a figure. */
function Chart({ options, caption }: { options: Plot.PlotOptions; caption: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = Plot.plot(options);
    // One image to assistive technology, named and described; the table beside it holds the figures.
    // Plot also labels its marks' groups, which ARIA does not allow on a group without a role.
    const svgs = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll('svg[aria-label]')];
    for (const svg of svgs) svg.setAttribute('role', 'img');
    for (const g of chart.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);
  return (
    <figure className="chart">
      <div ref={ref} />
      <figcaption className="muted">{caption}</figcaption>
    </figure>
  );
}

const name = (l: { code: string | null; label: string }) => (l.code ? `${l.code} ${l.label}` : l.label);

function termName(t: Trends['terms'][number]): string {
  const from = t.source.kind === 'live' ? 'now' : t.source.label;
  return `${t.title} (${from})`;
}

function CriterionTrend({ trends }: { trends: Trends }) {
  const id = useId();
  const rated = trends.criteria.filter((c) => c.ratings.some((r) => r !== null));
  const [chosen, setChosen] = useState(rated[0]?.id ?? trends.criteria[0]?.id ?? '');
  const criterion = trends.criteria.find((c) => c.id === chosen);
  const levels = useMemo(() => new Map(trends.scale.levels.map((l) => [l.id, l])), [trends]);
  const points = useMemo(
    () =>
      (criterion?.ratings ?? []).flatMap((r, i) => {
        const level = r ? levels.get(r) : undefined;
        return level ? [{ term: i + 1, rank: level.rank, label: name(level), name: termName(trends.terms[i]!) }] : [];
      }),
    [criterion, levels, trends],
  );
  const top = trends.scale.levels.length - 1;
  const byRank = useMemo(() => new Map(trends.scale.levels.map((l) => [l.rank, l.code ?? l.label])), [trends]);
  const title = criterion ? `${criterion.code ? `${criterion.code} ` : ''}${criterion.title}` : '';
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      ariaLabel: `${title}: ${trends.scale.label} by term`,
      ariaDescription: points.map((p) => `${p.name}: ${p.label}`).join('; ') || 'not rated in any term',
      height: 240,
      width: 560,
      marginLeft: 110,
      x: { label: 'Term', domain: trends.terms.map((_, i) => i + 1), type: 'point' },
      y: {
        label: trends.scale.label,
        domain: [0, top],
        ticks: trends.scale.levels.map((l) => l.rank),
        tickFormat: (d: number) => byRank.get(d) ?? '',
      },
      marks: [
        Plot.ruleY([0]),
        Plot.line(points, { x: 'term', y: 'rank', stroke: '#1f4e9c' }),
        Plot.dot(points, { x: 'term', y: 'rank', fill: '#1f4e9c', r: 5 }),
      ],
    }),
    [title, trends, points, top, byRank],
  );
  return (
    <section aria-labelledby={`${id}-h`} className="trend">
      <h2 id={`${id}-h`}>A criterion over the terms</h2>
      <label htmlFor={`${id}-c`}>Criterion</label>{' '}
      <select id={`${id}-c`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {trends.criteria.map((c) => (
          <option key={c.id} value={c.id}>
            {c.code ? `${c.code} ` : ''}
            {c.title}
          </option>
        ))}
      </select>
      <div className="chart-with-table">
        <Chart options={options} caption={`${title}, term by term (1 is the earliest).`} />
        <div className="scroll-x">
          <table className="summary-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">Term</th>
                <th scope="col">{trends.scale.label}</th>
              </tr>
            </thead>
            <tbody>
              {trends.terms.map((t, i) => {
                const r = criterion?.ratings[i];
                const level = r ? levels.get(r) : undefined;
                return (
                  <tr key={t.reviewId}>
                    <th scope="row">
                      {i + 1}. {termName(t)}
                    </th>
                    <td>
                      {level ? (
                        <span className={`rag rag-${toneOf(level.rank, trends.scale.levels.length)}`}>
                          {name(level)}
                        </span>
                      ) : (
                        <span className="muted">{r === 'n/a' ? 'N/A' : 'not rated'}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

const alphaText = (alpha: number | null) => (alpha === null ? '—' : alpha.toFixed(2));
const intervalText = (ci95: [number, number] | null) => (ci95 ? `${alphaText(ci95[0])} to ${alphaText(ci95[1])}` : '—');

/** Krippendorff's alpha of each term's silent rounds, and of all the terms' rounds together. */
function AgreementTrend({ trends }: { trends: Trends }) {
  const id = useId();
  const { agreement } = trends;
  const byTerm = useMemo(() => new Map(agreement.terms.map((t) => [t.reviewId, t])), [agreement]);
  const rows = trends.terms.map((t, i) => ({ term: t, index: i + 1, figures: byTerm.get(t.reviewId) }));
  const points = rows.flatMap(({ term, index, figures }) =>
    figures && figures.alpha !== null
      ? [{ term: index, alpha: figures.alpha, lo: figures.ci95?.[0], hi: figures.ci95?.[1], name: termName(term) }]
      : [],
  );
  const lowest = Math.min(0, ...points.map((p) => p.lo ?? p.alpha));
  const [options] = useState<Plot.PlotOptions>(() => ({
    ariaLabel: "Krippendorff's alpha by term",
    ariaDescription:
      points
        .map(
          (p) =>
            `${p.name}: ${alphaText(p.alpha)}${p.lo === undefined ? '' : ` (95% interval ${p.lo.toFixed(2)} to ${p.hi!.toFixed(2)})`}`,
        )
        .join('; ') || 'no term has enough varied votes yet',
    height: 220,
    width: 560,
    marginLeft: 50,
    x: { label: 'Term', domain: trends.terms.map((_, i) => i + 1), type: 'point' },
    y: { label: 'Alpha', domain: [lowest, 1], grid: true },
    marks: [
      Plot.ruleY([0]),
      // Krippendorff's thresholds: tentative conclusions from 0.667, reliable from 0.8.
      Plot.ruleY([0.667, 0.8], { stroke: '#6b6b6b', strokeDasharray: '4,3' }),
      Plot.ruleX(
        points.filter((p) => p.lo !== undefined),
        { x: 'term', y1: 'lo', y2: 'hi', stroke: '#1f4e9c', strokeWidth: 2 },
      ),
      Plot.dot(points, { x: 'term', y: 'alpha', fill: '#1f4e9c', r: 5 }),
    ],
  }));
  const all = trends.terms.length;
  return (
    <section aria-labelledby={`${id}-h`} className="trend agreement-trend">
      <h2 id={`${id}-h`}>Agreement between raters over the terms</h2>
      <p className="agreement-alpha" data-testid="cycle-alpha">
        Krippendorff’s alpha over {all === 1 ? 'this term' : `all ${all} terms`}:{' '}
        <strong>{alphaText(agreement.alpha)}</strong>
        {agreement.ci95 && <span className="muted"> (95% interval {intervalText(agreement.ci95)})</span>} from{' '}
        {agreement.rounds} {agreement.rounds === 1 ? 'round' : 'rounds'} and {agreement.votes} votes.
      </p>
      <p>{alphaInWords(agreement.alpha)}</p>
      {agreement.leftOut > 0 && (
        <p className="muted">
          {agreement.leftOut === 1 ? 'One term' : `${agreement.leftOut} terms`} you are not a member of{' '}
          {agreement.leftOut === 1 ? 'is' : 'are'} left out.
        </p>
      )}
      <AlphaExplanation />
      <div className="chart-with-table">
        {points.length > 0 && (
          <Chart options={options} caption="Each term’s alpha with its 95% interval; dashed lines at 0.667 and 0.8." />
        )}
        <div className="scroll-x">
          <table className="summary-table">
            <caption>Agreement by term</caption>
            <thead>
              <tr>
                <th scope="col">Term</th>
                <th scope="col">Rounds</th>
                <th scope="col">Votes</th>
                <th scope="col">Alpha</th>
                <th scope="col">95% interval</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ term, index, figures }) => (
                <AgreementRow key={term.reviewId} name={`${index}. ${termName(term)}`} figures={figures} />
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

function AgreementRow({ name, figures }: { name: string; figures: TermAgreement | undefined }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{figures?.rounds ?? 0}</td>
      <td>{figures?.votes ?? 0}</td>
      <td>{alphaText(figures?.alpha ?? null)}</td>
      <td>{intervalText(figures?.ci95 ?? null)}</td>
    </tr>
  );
}

function Outcomes({ outcomes }: { outcomes: NonNullable<Trends['outcomes']> }) {
  const id = useId();
  const points = outcomes.rows.flatMap((row, r) =>
    row.values.flatMap((v, i) =>
      v.number === null
        ? []
        : [{ column: outcomes.columns[i]!.label, value: v.number, row: `KO${r + 1}`, label: row.label }],
    ),
  );
  const [options] = useState<Plot.PlotOptions>(() => ({
    ariaLabel: `${outcomes.title}: each outcome's figure from baseline through the terms`,
    ariaDescription: points.map((p) => `${p.row} ${p.column}: ${p.value}`).join('; ') || 'no figures yet',
    height: 260,
    x: { label: null, domain: outcomes.columns.map((c) => c.label), type: 'point' },
    y: { label: 'Figure', grid: true },
    color: { legend: true },
    marks: [
      Plot.line(points, { x: 'column', y: 'value', stroke: 'row' }),
      Plot.dot(points, { x: 'column', y: 'value', fill: 'row' }),
    ],
  }));
  return (
    <section aria-labelledby={`${id}-h`} className="trend">
      <h2 id={`${id}-h`}>{outcomes.title}: baseline through the terms</h2>
      {points.length === 0 ? (
        <p className="muted">No figures in the table yet: the chart draws the first number written in each cell.</p>
      ) : (
        <Chart options={options} caption="The first number in each cell, per outcome (KO1 is the first row)." />
      )}
      <div className="scroll-x">
        <table className="summary-table">
          <caption>{outcomes.title}</caption>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              {outcomes.columns.map((c) => (
                <th key={c.id} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {outcomes.rows.map((row, r) => (
              <tr key={row.id}>
                <th scope="row">
                  KO{r + 1}: {row.label}
                </th>
                {row.values.map((v, i) => (
                  <td key={i}>{v.text || <span className="muted">–</span>}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function TrendsPage({ reviewId }: { reviewId: string }) {
  usePageTitle('Trends');
  const [state] = useAsync(() => cyclesApi.trends(reviewId), [reviewId]);
  return (
    <div className="trends-page">
      <p className="breadcrumb">
        <Link href="/">Reviews</Link> /{' '}
        <Link href={`/reviews/${reviewId}`}>
          {state.status === 'ready' ? (state.value.terms.find((t) => t.current)?.title ?? 'the review') : 'the review'}
        </Link>{' '}
        / trends
      </p>
      <h1>Trends over the terms</h1>
      {state.status === 'loading' && <p aria-busy="true">Loading the terms…</p>}
      {state.status === 'error' && <p role="alert">Could not load the trends: {state.error.message}</p>}
      {state.status === 'ready' && (
        <>
          <p className="muted">
            {state.value.terms.length === 1
              ? 'This is the first term: start next term’s review from the Terms tab to see movement.'
              : `${state.value.terms.length} terms; each term’s figures come from its final snapshot, else its latest snapshot, else the review as it stands.`}
          </p>
          <CriterionTrend trends={state.value} />
          <AgreementTrend trends={state.value} />
          {state.value.outcomes && <Outcomes outcomes={state.value.outcomes} />}
        </>
      )}
    </div>
  );
}
