import type { Framework, Rule } from '../../shared/framework/schema.ts';

const headings: Record<Rule['kind'], string> = {
  'best-fit': 'Best fit',
  'any-condition': 'Inadequate if any applies',
  'critical-criteria': 'Critical criteria',
  'authoritative-track': 'Whose judgement stands',
  overall: 'Overall judgements',
  'evidence-of-impact': 'Evidence of impact',
  note: 'Note',
};

/** Critical marks of the framework, and how many of them the transcription inferred. */
function criticalMarks(framework: Framework): { all: number; inferred: number } {
  let all = 0;
  let inferred = 0;
  for (const section of framework.sections)
    for (const criterion of section.criteria)
      for (const items of Object.values(criterion.descriptors))
        for (const item of items) {
          if (typeof item === 'string' || item.critical !== true) continue;
          all++;
          if (item.criticalBasis?.source === 'inferred') inferred++;
        }
  return { all, inferred };
}

/** The scale's levels as the source describes them in full, one click away. */
function LevelsLegend({ framework }: { framework: Framework }) {
  const levels = framework.scale.levels.filter((l) => l.description);
  if (levels.length === 0) return null;
  return (
    <details className="rules-more level-legend">
      <summary>What each level means ({levels.length} descriptions)</summary>
      <dl>
        {levels.map((level) => (
          <div key={level.id} data-level={level.id}>
            <dt>
              {level.label}
              {level.code && level.code !== level.label && ` (${level.code})`}
            </dt>
            <dd>{level.description}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function CriticalSummary({ framework }: { framework: Framework }) {
  const { all, inferred } = criticalMarks(framework);
  if (all === 0) return null;
  return (
    <span className="editorial-note">
      {' '}
      <span className="tag">Transcription</span>{' '}
      {inferred === 0
        ? `${all} items are marked critical, each as the source states.`
        : inferred === all
          ? `All ${all} items marked critical here are inferred from the source's wording, not stated by it: each is tagged "inferred", with the reason.`
          : `${inferred} of the ${all} items marked critical are inferred from the source's wording, each tagged "inferred" with the reason.`}
    </span>
  );
}

/** The framework's rules of judgement: best fit up front, the rest one click away. */
export function RulesPanel({ framework }: { framework: Framework }) {
  const rules = framework.rules ?? [];
  if (rules.length === 0) return <LevelsLegend framework={framework} />;
  const bestFit = rules.find((r) => r.kind === 'best-fit');
  const others = rules.filter((r) => r !== bestFit);
  const levelLabel = (id: string) => framework.scale.levels.find((l) => l.id === id)?.label ?? id;
  return (
    <div className="rules">
      {bestFit && <p className="guidance">{bestFit.text}</p>}
      <LevelsLegend framework={framework} />
      {others.length > 0 && (
        <details className="rules-more">
          <summary>How judgements are made ({others.length} rules)</summary>
          <ul>
            {others.map((rule, i) => (
              <li key={i}>
                <strong>
                  {rule.kind === 'any-condition' ? `${levelLabel(rule.level)} if any applies` : headings[rule.kind]}:
                </strong>{' '}
                {rule.text}
                {rule.kind === 'critical-criteria' && <CriticalSummary framework={framework} />}
                {rule.kind === 'overall' && rule.note && (
                  <span className="editorial-note">
                    {' '}
                    <span className="tag">Editorial note</span> {rule.note}
                  </span>
                )}
                {rule.kind === 'any-condition' && (
                  <ul>
                    {rule.conditions.map((c, j) => (
                      <li key={j}>{c}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
