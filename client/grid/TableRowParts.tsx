import { useState } from 'react';
import type * as Y from 'yjs';
import type { TableRow } from '../../shared/review/entities.ts';
import { ROW_NAME, cellKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import { ConfirmButton } from '../admin/ConfirmButton.tsx';
import { useMapValue, useTextContent } from '../collab/y-hooks.ts';
import { useGrid } from './context.ts';

/** An added row's name as shown: its own, else its place. */
export function useRowName(table: string, row: string, fallback: string): string {
  const { review } = useGrid();
  const text = useMapValue(review.doc.getMap<Y.Text>(Root.tableCells), cellKey(table, row, ROW_NAME));
  return useTextContent(text).trim() || fallback;
}

/**
 * The heading cell of a row someone added: its name, who added it, and — for its author or a
 * facilitator, as the server allows — a field to rename it and a button to remove it.
 */
export function AddedRowHeading({
  table,
  tableTitle,
  row,
  place,
}: {
  table: string;
  tableTitle: string;
  row: TableRow;
  place: string;
}) {
  const { review, live, readOnly } = useGrid();
  const name = useRowName(table, row.id, place);
  const named = name !== place;
  const [draft, setDraft] = useState<string | null>(null);
  const mayChange = !readOnly && live !== undefined && (live.role === 'facilitator' || live.me.id === row.by);
  const commit = () => {
    if (draft !== null && draft.trim() !== (named ? name : '')) review.renameTableRow(table, row.id, draft);
    setDraft(null);
  };
  return (
    <th scope="row" className="added-row">
      {mayChange ? (
        <input
          className="row-name"
          aria-label={`Name of ${named ? `row “${name}”` : place.toLowerCase()} in ${tableTitle}`}
          placeholder={place}
          maxLength={Limits.maxRowNameLength}
          value={draft ?? (named ? name : '')}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(null);
          }}
        />
      ) : (
        <span>{name}</span>
      )}
      <span className="muted added-by"> added by {row.byName}</span>
      {mayChange && (
        <ConfirmButton
          label={`Remove ${named ? `“${name}”` : place.toLowerCase()}`}
          title={`Remove ${named ? `“${name}”` : place.toLowerCase()} from ${tableTitle}?`}
          confirmLabel="Remove the row"
          onConfirm={() => review.removeTableRow(table, row.id)}
        >
          <p>The row and what is written in it leave the table for everyone.</p>
        </ConfirmButton>
      )}
    </th>
  );
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** A date column's cell: a date picker writing an ISO date (yyyy-mm-dd) into the cell's text. */
export function DateCell({ text, label }: { text: Y.Text; label: string }) {
  const { readOnly } = useGrid();
  const value = useTextContent(text);
  return (
    <input
      type="date"
      className="date-cell"
      aria-label={label}
      // Text written before dates were pickers, if not a date, is kept and shown beside.
      value={isoDate.test(value) ? value : ''}
      readOnly={readOnly}
      onChange={(e) => {
        const next = e.target.value;
        text.doc?.transact(() => {
          text.delete(0, text.length);
          if (next) text.insert(0, next);
        });
      }}
    />
  );
}

/** Whether a date cell's text is something other than a date (older free text), to show as it is. */
export const isFreeText = (value: string): boolean => value.trim() !== '' && !isoDate.test(value.trim());
