import { lazy, Suspense, useState } from 'react';
import type { Framework, Table } from '../../shared/framework/schema.ts';
import { useSession } from '../session.ts';
import { useArray, useMapValue, useTextContent } from '../collab/y-hooks.ts';
import { EXAMPLE_LABEL, exampleRowItem } from '../../shared/review/model.ts';
import { checkKey } from '../../shared/review/overall-scopes.ts';
import { useGrid } from './context.ts';
import { AddedRowHeading, DateCell, isFreeText, useRowName } from './TableRowParts.tsx';

const CollabText = lazy(() => import('../editor/CollabText.tsx'));

/** One cell: a date picker in a date column (unless it already holds other text), else collaborative text. */
function Cell({
  table,
  row,
  column,
  rowLabel,
}: {
  table: Table;
  row: string;
  column: Table['columns'][number];
  rowLabel: string;
}) {
  const { review, awareness, readOnly } = useGrid();
  const text = review.cell(table.id, row, column.id);
  // An added row's cells are named by the row's name, once it has one.
  const label = `${table.title}: ${useRowName(table.id, row, rowLabel)}, ${column.label}`;
  if (column.kind === 'date' && !isFreeText(text.toJSON())) return <DateCell text={text} label={label} />;
  return <CollabText text={text} awareness={awareness} label={label} readOnly={readOnly} />;
}

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
  const { review, readOnly, live } = useGrid();
  const { me } = useSession();
  const added = useArray(table.openRows ? review.addedRows(table.id) : undefined);
  const rows = [
    ...table.rows.map((r) => ({
      id: r.id,
      label: r.label,
      group: r.group,
      values: r.values,
      example: r.example,
      added: undefined,
    })),
    ...added.map((r, i) => ({
      id: r.id,
      label: `Row ${table.rows.length + i + 1}`,
      group: undefined,
      values: undefined,
      example: undefined,
      added: r,
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
          {/* A wide table (the action plan has 14 columns) scrolls in its own box, not the page. */}
          <div className="scroll-x">
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
                    {row.added ? (
                      <AddedRowHeading table={table.id} tableTitle={table.title} row={row.added} place={row.label} />
                    ) : row.example ? (
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
                          <Cell table={table} row={row.id} column={c} rowLabel={row.label} />
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
