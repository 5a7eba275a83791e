import { useMemo } from 'react';
import type { EvidenceItem } from '../../../shared/review/entities.ts';
import { markKey } from '../../../shared/review/keys.ts';
import { statementsOf, type Mark, type Statement } from '../../../shared/review/statements.ts';
import { useArray, useMapValue } from '../../collab/y-hooks.ts';
import { useMapVersion } from '../../collab/y-map-version.ts';
import { useGrid } from '../context.ts';

const choices: { mark: Mark; label: string; condition: string }[] = [
  { mark: 'evidenced', label: 'Evidenced', condition: 'Applies' },
  { mark: 'partly', label: 'Partly', condition: 'Partly' },
  { mark: 'not-evidenced', label: 'Not evidenced', condition: 'Does not apply' },
];

function StatementRow({
  criterion,
  statement,
  items,
}: {
  criterion: string;
  statement: Statement;
  items: readonly EvidenceItem[];
}) {
  const { review, track, live, readOnly } = useGrid();
  const mark = useMapValue(review.statementMarks, markKey(track, criterion, statement.ref));
  const editable = live !== undefined && !readOnly;
  const name = `mark-${track}-${criterion}-${statement.ref}`;
  const set = (next: Mark | null, linked?: string[]) =>
    live && review.setMark(track, criterion, statement.ref, live.me, next, linked);
  const linked = new Set(mark?.items ?? []);
  return (
    <li className={`statement statement-${mark?.mark ?? 'unmarked'}`} data-ref={statement.ref}>
      <fieldset disabled={!editable}>
        <legend>
          {statement.critical && <strong className="critical-tag">Critical </strong>}
          {statement.text}
        </legend>
        <div className="statement-marks">
          {choices.map((c) => (
            <label key={c.mark}>
              <input type="radio" name={name} checked={mark?.mark === c.mark} onChange={() => set(c.mark)} />
              {statement.kind === 'condition' ? c.condition : c.label}
            </label>
          ))}
          {mark && editable && (
            <button type="button" className="link-button" onClick={() => set(null)}>
              Clear
            </button>
          )}
          {mark && mark.by !== live?.me.id && <span className="muted"> marked by {mark.byName}</span>}
        </div>
        {mark && items.length > 0 && (
          <details className="statement-links">
            <summary>Linked evidence ({linked.size})</summary>
            {items.map((item) => (
              <label key={item.id}>
                <input
                  type="checkbox"
                  checked={linked.has(item.id)}
                  onChange={(e) => {
                    const next = new Set(linked);
                    if (e.target.checked) next.add(item.id);
                    else next.delete(item.id);
                    set(mark.mark, [...next].slice(0, 20));
                  }}
                />
                {item.text}
              </label>
            ))}
          </details>
        )}
      </fieldset>
    </li>
  );
}

/** One level's statements, folded away until opened, with how many are evidenced in the summary line. */
function StatementGroup({
  title,
  criterion,
  list,
  items,
}: {
  title: string;
  criterion: string;
  list: Statement[];
  items: readonly EvidenceItem[];
}) {
  const { review, track } = useGrid();
  useMapVersion(review.statementMarks);
  const marked = list.map((s) => review.getMark(track, criterion, s.ref)?.mark);
  const evidenced = marked.filter((m) => m === 'evidenced').length;
  const partly = marked.filter((m) => m === 'partly').length;
  return (
    <details className="statement-group">
      <summary>
        {title}{' '}
        <span className="muted">
          — {evidenced} of {list.length} evidenced{partly > 0 && `, ${partly} partly`}
        </span>
      </summary>
      <ol>
        {list.map((s) => (
          <StatementRow key={s.ref} criterion={criterion} statement={s} items={items} />
        ))}
      </ol>
    </details>
  );
}

/** Every statement of the criterion, grouped by level, to mark for the grid's track. */
export function StatementMarks({ criterion }: { criterion: string }) {
  const { review } = useGrid();
  const statements = useMemo(() => statementsOf(review.framework, criterion), [review, criterion]);
  const items = useArray(review.evidenceItems(criterion));
  if (statements.length === 0) return null;
  const levels = review.framework.scale.levels;
  const groups = [
    ...levels.map((l) => ({
      key: l.id,
      title: l.label,
      list: statements.filter((s) => s.kind === 'descriptor' && s.level === l.id),
    })),
    {
      key: 'conditions',
      title: 'Conditions that set a lower level',
      list: statements.filter((s) => s.kind === 'condition'),
    },
  ].filter((g) => g.list.length > 0);
  return (
    <section className="statement-marking" aria-label="Statements and their evidence">
      <h4>Statements and their evidence</h4>
      {groups.map((g) => (
        <StatementGroup key={g.key} title={g.title} criterion={criterion} list={g.list} items={items} />
      ))}
    </section>
  );
}
