import { lazy, Suspense, useState } from 'react';
import type { Framework, Table } from '../../shared/framework/schema.ts';
import { useSession } from '../session.ts';
import { useArray, useMapValue, useTextContent } from '../collab/y-hooks.ts';
import { EXAMPLE_LABEL, exampleRowItem } from '../../shared/review/model.ts';
import { checkKey } from '../../shared/review/overall-scopes.ts';
import { useGrid } from './context.ts';

const CollabText = lazy(() => import('../editor/CollabText.tsx'));

/**
 * A row the source gives as an example ("for example:"): the review may put its own wording in
 * its place, or remove it (and put it back). Both are shared with everyone in the review.
 */
function ExampleRowHeader({ table, row }: { table: Table; row: { id: string; label: string; group?: string } }) {
  const { review, awareness, readOnly, live } = useGrid();
  const { me } = useSession();
  const item = exampleRowItem(table.id, row.id);
  const removed = useMapValue(review.checks, checkKey('example', item));
  const editable = live !== undefined && !readOnly;
  const wordingText = review.cell(table.id, row.id, EXAMPLE_LABEL);
  const wording = useTextContent(wordingText);
  const setRemoved = (value: boolean) =>
    review.setTicked('example', item, { id: me.user.id, name: me.user.name }, value);
  return (
    <th scope="row" className={removed ? 'example-row removed' : 'example-row'}>
      {row.group && <span className="muted">{row.group}: </span>}
      {removed ? <s>{row.label}</s> : row.label}{' '}
      <span className="example-tag" title="The source gives this row as an example: use it, reword it or remove it">
        Example
      </span>
      {removed ? (
        <p className="muted">
          Removed from this review by {removed.byName}.{' '}
          {editable && (
            <button type="button" className="link-button" onClick={() => setRemoved(false)}>
              Put it back
            </button>
          )}
        </p>
      ) : editable ? (
        <>
          <CollabText
            text={wordingText}
            awareness={awareness}
            label={`Your own wording in place of the example "${row.label}"`}
            placeholder="Your own wording (optional)"
          />
          <button type="button" className="link-button" onClick={() => setRemoved(true)}>
            Remove this example
          </button>
        </>
      ) : (
        // Those who only read see the review's wording, if it has one.
        wording.trim() !== '' && <p className="example-wording">In this review: {wording}</p>
      )}
    </th>
  );
}

function TableEditor({ table }: { table: Table }) {
  const { review, awareness, readOnly, live } = useGrid();
  const { me } = useSession();
  const added = useArray(table.openRows ? review.addedRows(table.id) : undefined);
  const rows = [
    ...table.rows.map((r) => ({ id: r.id, label: r.label, group: r.group, values: r.values, example: r.example })),
    ...added.map((r, i) => ({
      id: r.id,
      label: `Added by ${r.byName}`,
      group: `Row ${table.rows.length + i + 1}`,
      values: undefined,
      example: undefined,
    })),
  ];
  const [open, setOpen] = useState(false);
  // A live review keeps its action plan, priority by priority, in the Action plan tab; a flattened
  // table already filled in stays as it was.
  const inPlan = table.id === 'action-plan' && live !== undefined && added.length === 0;
  return (
    <details className="table-panel" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h3>{table.title}</h3>
      </summary>
      {table.description && <p className="muted">{table.description}</p>}
      {open && inPlan && (
        <p className="notice">
          This review keeps its action plan in the <strong>Action plan</strong> tab at the top: each priority with its
          current position, success criteria, targets and how often, then its activity rows.
        </p>
      )}
      {open && !inPlan && (
        <Suspense fallback={<p aria-busy="true">Loading editor…</p>}>
          <table className="record-table">
            <thead>
              <tr>
                <th scope="col">{table.rowHeader ?? ''}</th>
                {table.columns.map((c) => (
                  <th key={c.id} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-row={row.id}>
                  {row.example ? (
                    <ExampleRowHeader table={table} row={row} />
                  ) : (
                    <th scope="row">
                      {row.group && <span className="muted">{row.group}: </span>}
                      {row.label}
                    </th>
                  )}
                  {table.columns.map((c) => (
                    <td key={c.id}>
                      {row.values?.[c.id] !== undefined ? (
                        // Fixed by the source: shown as it prints it, not editable.
                        <span className="source-value" data-source-value={c.id}>
                          {row.values[c.id]}
                        </span>
                      ) : (
                        <CollabText
                          text={review.cell(table.id, row.id, c.id)}
                          awareness={awareness}
                          label={`${table.title}: ${row.label}, ${c.label}`}
                          readOnly={readOnly}
                        />
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Suspense>
      )}
      {open && table.openRows && !readOnly && !inPlan && (
        <button type="button" onClick={() => review.addTableRow(table.id, { id: me.user.id, name: me.user.name })}>
          Add a row
        </button>
      )}
    </details>
  );
}

/** The framework's record tables (membership, outcomes, action plans), each opened on demand. */
export function TablesPanel({ framework }: { framework: Framework }) {
  if (!framework.tables?.length) return null;
  return (
    <section className="tables" aria-label="Records">
      <h2>Records</h2>
      {framework.tables.map((t) => (
        <TableEditor key={t.id} table={t} />
      ))}
    </section>
  );
}
