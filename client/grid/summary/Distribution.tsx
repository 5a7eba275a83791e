import type { Framework } from '../../../shared/framework/schema.ts';
import type { Distribution as TrackPhase } from '../../../shared/review/judgement.ts';
import type { SummaryLabels } from './labels.ts';

/** A count with a bar for its share of the criteria; the number carries the meaning, the bar is a glance. */
function CountCell({ column, count, of, className }: { column: string; count: number; of: number; className: string }) {
  const share = of === 0 ? 0 : Math.round((count / of) * 100);
  return (
    <td className={`summary-count ${className}`} data-column={column}>
      <span className="summary-number">{count}</span>
      <span className="summary-bar" aria-hidden="true">
        <span style={{ inlineSize: `${share}%` }} />
      </span>
    </td>
  );
}

/** One table per track: a row per phase, a column per level, then N/A and not yet rated. */
export function Distributions({
  framework,
  distributions,
  labels,
}: {
  framework: Framework;
  distributions: TrackPhase[];
  labels: SummaryLabels;
}) {
  const na = framework.scale.notApplicable;
  return (
    <section className="summary-block" aria-labelledby="summary-distribution">
      <h3 id="summary-distribution">Ratings so far</h3>
      {framework.tracks.map((track) => {
        const rows = distributions.filter((d) => d.track === track.id);
        return (
          <div className="scroll-x" key={track.id}>
            <table className="summary-table" data-track={track.id}>
              <caption>{track.label}: ratings by level</caption>
              <thead>
                <tr>
                  <th scope="col">{framework.phases?.length ? 'Phase' : 'Criteria'}</th>
                  {framework.scale.levels.map((l) => (
                    <th key={l.id} scope="col">
                      {l.label}
                    </th>
                  ))}
                  {na && <th scope="col">{na.label}</th>}
                  <th scope="col">Not yet rated</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.phase} data-phase={d.phase}>
                    <th scope="row">
                      {labels.phase(d.phase)} <span className="muted">({d.criteria})</span>
                    </th>
                    {d.levels.map((l) => (
                      <CountCell
                        key={l.level}
                        column={l.level}
                        count={l.count}
                        of={d.criteria}
                        className={`bar-${labels.rag(l.level)}`}
                      />
                    ))}
                    {na && <CountCell column="n/a" count={d.notApplicable} of={d.criteria} className="bar-none" />}
                    <CountCell column="unrated" count={d.unrated} of={d.criteria} className="bar-unrated" />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
