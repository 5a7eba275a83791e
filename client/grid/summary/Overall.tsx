import type { Framework } from '../../../shared/framework/schema.ts';
import type { IndicativeOverall, OverallBy } from '../../../shared/review/judgement.ts';
import type { SummaryLabels } from './labels.ts';

function OverallCell({
  phase,
  overall,
  labels,
}: {
  phase: string;
  overall: IndicativeOverall | undefined;
  labels: SummaryLabels;
}) {
  if (!overall?.indicative)
    return (
      <td className="muted" data-phase={phase}>
        Not yet rated
      </td>
    );
  return (
    <td data-phase={phase} data-level={overall.indicative}>
      <span className={`rag rag-${labels.rag(overall.indicative)}`}>{labels.rating(overall.indicative)}</span>{' '}
      <span className="muted">
        from {overall.rated} {overall.rated === 1 ? 'rating' : 'ratings'}
      </span>
    </td>
  );
}

const key = (group: string | null, phase: string | null) => JSON.stringify([group, phase]);

/** Per track: a row per section group, a column per phase (and across phases), as the rule asks. */
export function Overalls({
  framework,
  by,
  overalls,
  labels,
}: {
  framework: Framework;
  by: OverallBy;
  overalls: IndicativeOverall[];
  labels: SummaryLabels;
}) {
  const groups = [...new Set(overalls.map((o) => o.group))];
  const phases = [...new Set(overalls.map((o) => o.phase))];
  const phaseHeading = (phase: string | null) =>
    phase !== null ? labels.phase(phase) : by === 'group' ? 'Overall' : 'All phases';
  return (
    <section className="summary-block" aria-labelledby="summary-overall">
      <h3 id="summary-overall">Indicative overall</h3>
      <p className="muted">
        The middle of the levels rated, rounded down to the worse level when it falls between two; not applicable is
        left out. The framework gives no formula: this only suggests, and the meeting decides the overall.
      </p>
      {framework.tracks.map((track) => {
        const mine = new Map(overalls.filter((o) => o.track === track.id).map((o) => [key(o.group, o.phase), o]));
        return (
          <div className="scroll-x" key={track.id}>
            <table className="summary-table summary-overall" data-track={track.id}>
              <caption>{track.label}: indicative overall</caption>
              <thead>
                <tr>
                  <th scope="col">{by === 'phase' ? 'Sections' : 'Group'}</th>
                  {phases.map((p) => (
                    <th key={p ?? 'all'} scope="col">
                      {phaseHeading(p)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g ?? 'all'} data-group={g ?? ''}>
                    <th scope="row">{g ?? 'All sections'}</th>
                    {phases.map((p) => (
                      <OverallCell key={p ?? 'all'} phase={p ?? 'all'} overall={mine.get(key(g, p))} labels={labels} />
                    ))}
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
