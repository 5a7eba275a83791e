import type { Framework, Section } from '../../../shared/framework/schema.ts';
import type { ReviewDoc } from '../../../shared/review/accessors.ts';
import { groupOf } from '../../../shared/review/indicative-overall.ts';
import type { IndicativeOverall } from '../../../shared/review/judgement.ts';
import { NO_PHASE, NOT_APPLICABLE } from '../../../shared/review/keys.ts';
import type { SummaryLabels } from './labels.ts';

/** A rating in the short form the source prints on its dashboard ("OS", "G", "N/A"), its label on hover. */
function RatingCode({ framework, labels, rating }: { framework: Framework; labels: SummaryLabels; rating: string }) {
  const code =
    rating === NOT_APPLICABLE
      ? (framework.scale.notApplicable?.code ?? 'N/A')
      : (labels.level(rating)?.code ?? labels.rating(rating));
  return (
    <abbr className={`rag rag-${labels.rag(rating)}`} title={labels.rating(rating)}>
      {code}
    </abbr>
  );
}

function RatingCell({
  review,
  labels,
  track,
  criterion,
  phase,
}: {
  review: ReviewDoc;
  labels: SummaryLabels;
  track: string;
  criterion: string;
  phase: string;
}) {
  if (!review.model.phasesOf.get(criterion)?.includes(phase))
    return (
      <td className="dashboard-cell muted" data-phase={phase}>
        <span aria-label="not judged in this phase">·</span>
      </td>
    );
  // Where the track has no rating, the meeting's agreed one (a silent round's outcome) stands in.
  const rating = review.getRating(track, criterion, phase) ?? review.getAgreed(criterion, phase);
  if (rating === undefined)
    return (
      <td className="dashboard-cell muted" data-phase={phase}>
        <span aria-label="not yet rated">–</span>
      </td>
    );
  return (
    <td className="dashboard-cell" data-phase={phase} data-rating={rating}>
      <RatingCode framework={review.framework} labels={labels} rating={rating} />
    </td>
  );
}

/** Sections grouped as the overall groups them (a RAG group, or a section of its own), in the framework's order. */
function groupsOf(framework: Framework): { group: string; heading: boolean; sections: Section[] }[] {
  const groups: { group: string; heading: boolean; sections: Section[] }[] = [];
  for (const section of framework.sections) {
    const group = groupOf(section);
    const last = groups.at(-1);
    if (last?.group === group) last.sections.push(section);
    else groups.push({ group, heading: section.group !== undefined, sections: [section] });
  }
  return groups;
}

function OverallRow({
  framework,
  labels,
  heading,
  columns,
  overallOf,
}: {
  framework: Framework;
  labels: SummaryLabels;
  heading: string;
  columns: (string | null)[];
  overallOf: (phase: string | null) => IndicativeOverall | undefined;
}) {
  return (
    <tr className="dashboard-overall">
      <th scope="row">{heading}</th>
      {columns.map((phase) => {
        const level = overallOf(phase)?.indicative ?? null;
        return (
          <td key={phase ?? 'all'} className="dashboard-cell" data-phase={phase ?? 'all'} data-rating={level ?? ''}>
            {level ? (
              <RatingCode framework={framework} labels={labels} rating={level} />
            ) : (
              <span className="muted">–</span>
            )}
          </td>
        );
      })}
    </tr>
  );
}

/**
 * The dashboard the source reports: every criterion against every phase, one code per cell
 * (OS, G, NI, SI, N/A for the LA standards), with the indicative overall under each group.
 */
export function Dashboard({
  review,
  overalls,
  labels,
}: {
  review: ReviewDoc;
  overalls: IndicativeOverall[];
  labels: SummaryLabels;
}) {
  const framework = review.framework;
  const phases = framework.phases?.length ? framework.phases.map((p) => p.id) : [NO_PHASE];
  // The overall across phases gets its own column when the rule asks for one.
  const acrossPhases = overalls.some((o) => o.phase === null && o.group !== null) && phases[0] !== NO_PHASE;
  const columns: (string | null)[] = acrossPhases ? [...phases, null] : phases;
  const groups = groupsOf(framework);
  const grouped = overalls.some((o) => o.group !== null);
  const spansAll = overalls.some((o) => o.group === null);
  return (
    <section className="summary-block" aria-labelledby="summary-dashboard">
      <h3 id="summary-dashboard">Dashboard</h3>
      {framework.tracks.map((track) => {
        const mine = overalls.filter((o) => o.track === track.id);
        const overallOf = (group: string | null) => (phase: string | null) =>
          mine.find((o) => o.group === group && o.phase === (phase === NO_PHASE ? null : phase));
        return (
          <div className="scroll-x" key={track.id}>
            <table className="summary-table dashboard" data-track={track.id}>
              <caption>{track.label}: dashboard</caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  {columns.map((p) => (
                    <th key={p ?? 'all'} scope="col">
                      {p === null ? 'All phases' : p === NO_PHASE ? framework.scale.label : labels.phase(p)}
                    </th>
                  ))}
                </tr>
              </thead>
              {groups.map(({ group, heading, sections }) => (
                <tbody key={group} data-group={group}>
                  {heading && (
                    <tr className="dashboard-group">
                      <th scope="colgroup" colSpan={columns.length + 1}>
                        {group}
                      </th>
                    </tr>
                  )}
                  {sections.flatMap((s) =>
                    s.criteria
                      .filter((c) => !c.pending)
                      .map((c) => (
                        <tr key={c.id} data-criterion={c.id}>
                          <th scope="row">
                            {c.code && <span className="code">{c.code}</span>} {c.title}
                          </th>
                          {columns.map((p) =>
                            p === null ? (
                              <td key="all" className="dashboard-cell" />
                            ) : (
                              <RatingCell
                                key={p}
                                review={review}
                                labels={labels}
                                track={track.id}
                                criterion={c.id}
                                phase={p}
                              />
                            ),
                          )}
                        </tr>
                      )),
                  )}
                  {grouped && (
                    <OverallRow
                      framework={framework}
                      labels={labels}
                      heading={`Overall (indicative)`}
                      columns={columns}
                      overallOf={overallOf(group)}
                    />
                  )}
                </tbody>
              ))}
              {spansAll && (
                <tbody>
                  <OverallRow
                    framework={framework}
                    labels={labels}
                    heading="Overall, all sections (indicative)"
                    columns={columns}
                    overallOf={overallOf(null)}
                  />
                </tbody>
              )}
            </table>
          </div>
        );
      })}
    </section>
  );
}
