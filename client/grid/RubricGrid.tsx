import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  useReactTable,
  type Row,
} from '@tanstack/react-table';
import { Fragment, memo, useCallback, useMemo, useState, type KeyboardEvent } from 'react';
import type { Criterion, Framework, Section } from '../../shared/framework/schema.ts';
import { NOT_APPLICABLE, agreedKey, ratingKey, textKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { useMapValue, useTextContent } from '../collab/y-hooks.ts';
import type * as Y from 'yjs';
import { useGrid } from './context.ts';
import { useIsCurrent } from './cursor.ts';
import { CriterionDetail } from './CriterionDetail.tsx';
import { LevelCell } from './LevelCell.tsx';

type GridRow =
  | { kind: 'section'; id: string; section: Section; subRows: GridRow[] }
  | { kind: 'criterion'; id: string; criterion: Criterion; index: number };

const column = createColumnHelper<GridRow>();

/** The scale's "not applicable" (the LA standards' N/A), where the framework offers it. */
function NotApplicable({ criterion, locked }: { criterion: Criterion; locked: boolean }) {
  const { review, track, phase, readOnly } = useGrid();
  const na = review.framework.scale.notApplicable;
  const rating = useMapValue(review.ratings, ratingKey(track, criterion.id, phase));
  if (!na || !review.model.phasesOf.get(criterion.id)?.includes(phase)) return null;
  const on = rating === NOT_APPLICABLE;
  return (
    <button
      type="button"
      className={on ? 'na-toggle on' : 'na-toggle'}
      aria-pressed={on}
      disabled={readOnly || locked}
      onClick={() => review.setRating(track, criterion.id, phase, on ? null : NOT_APPLICABLE)}
    >
      {na.code}
      <span className="visually-hidden">
        {' '}
        ({na.label}) for {criterion.code ?? criterion.title}
      </span>
    </button>
  );
}

function CriterionHeading({
  criterion,
  expanded,
  onToggle,
}: {
  criterion: Criterion;
  expanded: boolean;
  onToggle: () => void;
}) {
  const { review, track, phase } = useGrid();
  const focusText = review.doc.getMap<Y.Text>(Root.focus).get(textKey(track, criterion.id));
  const focus = useTextContent(focusText);
  const lock = useMapValue(review.doc.getMap<{ byName: string }>(Root.locks), criterion.id);
  const agreed = useMapValue(review.doc.getMap<string>(Root.agreed), agreedKey(criterion.id, phase));
  return (
    <th scope="row" className="criterion">
      <p className="criterion-title">
        <span className="code">{criterion.code}</span> <span className="title">{criterion.title}</span>
      </p>
      {criterion.pending && <p className="pending">{criterion.pending} — no descriptors in the source yet.</p>}
      {lock && (
        <p className="lock">
          Locked by {lock.byName}
          <span className="muted">{agreed !== undefined ? ' — agreed' : ''}; only a facilitator can change it</span>
        </p>
      )}
      <NotApplicable criterion={criterion} locked={lock !== undefined} />
      {!expanded && focus && (
        <p className="focus-preview" title={focus}>
          Focus: {focus}
        </p>
      )}
      <button type="button" className="link-button" aria-expanded={expanded} onClick={onToggle}>
        {expanded ? 'Hide focus & evidence' : 'Focus & evidence'}
        <span className="visually-hidden">
          {' '}
          for {criterion.code ? `${criterion.code} ` : ''}
          {criterion.title}
        </span>
      </button>
    </th>
  );
}

const CriterionRow = memo(function CriterionRow({
  row,
  expanded,
  onToggle,
  columnCount,
}: {
  row: Row<GridRow>;
  expanded: boolean;
  onToggle: (id: string) => void;
  columnCount: number;
}) {
  const original = row.original;
  const { cursor, live } = useGrid();
  const id = original.kind === 'criterion' ? original.criterion.id : '';
  const current = useIsCurrent(cursor, id) && live?.role === 'facilitator';
  if (original.kind !== 'criterion') return null;
  return (
    <>
      <tr
        className={current ? 'criterion-row current' : 'criterion-row'}
        data-criterion={id}
        // Whatever is focused or clicked in a row makes it the current criterion (the facilitator's toolbar acts on it).
        onFocusCapture={() => cursor.set(id)}
        onClick={() => cursor.set(id)}
      >
        <CriterionHeading
          criterion={original.criterion}
          expanded={expanded}
          onToggle={() => onToggle(original.criterion.id)}
        />
        {row
          .getVisibleCells()
          .slice(1)
          .map((cell) => (
            <Fragment key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Fragment>
          ))}
      </tr>
      {expanded && (
        <tr className="detail-row">
          <td colSpan={columnCount}>
            <CriterionDetail criterion={original.criterion} />
          </td>
        </tr>
      )}
    </>
  );
});

function LockedLevelCell(props: Omit<Parameters<typeof LevelCell>[0], 'locked'>) {
  const { review, live } = useGrid();
  const lock = useMapValue(review.doc.getMap(Root.locks), props.criterion.id);
  // The server lets facilitators change a locked criterion; everyone else is refused, so say so here.
  return <LevelCell {...props} locked={lock !== undefined && live?.role !== 'facilitator'} />;
}

/** Move focus between descriptor cells with the arrow keys, like a spreadsheet. */
function onGridKeyDown(event: KeyboardEvent<HTMLTableElement>) {
  const target = event.target as HTMLElement;
  const row = Number(target.dataset.row);
  const col = Number(target.dataset.col);
  if (Number.isNaN(row) || Number.isNaN(col)) return;
  const delta: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  const move = delta[event.key];
  if (!move) return;
  const next = event.currentTarget.querySelector<HTMLButtonElement>(
    `[data-row="${row + move[0]}"][data-col="${col + move[1]}"]`,
  );
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

/** The rubric: sections as group rows, criteria as rows, the framework's levels as columns. */
export function RubricGrid({ framework }: { framework: Framework }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );

  const data = useMemo<GridRow[]>(() => {
    let index = 0;
    return framework.sections.map((section) => ({
      kind: 'section',
      id: `section:${section.id}`,
      section,
      subRows: section.criteria.map((criterion) => ({
        kind: 'criterion',
        id: criterion.id,
        criterion,
        index: index++,
      })),
    }));
  }, [framework]);

  const columns = useMemo(
    () => [
      column.display({ id: 'criterion', header: 'Criterion' }),
      ...framework.scale.levels.map((level, colIndex) =>
        column.display({
          id: level.id,
          header: () => (
            <span title={level.description}>
              {level.label}
              {level.code && level.code !== level.label && <span className="level-code"> ({level.code})</span>}
            </span>
          ),
          cell: ({ row }) =>
            row.original.kind === 'criterion' ? (
              <LockedLevelCell
                criterion={row.original.criterion}
                level={level}
                rowIndex={row.original.index}
                colIndex={colIndex}
              />
            ) : null,
        }),
      ),
    ],
    [framework],
  );

  const table = useReactTable({
    data,
    columns,
    getRowId: (row) => row.id,
    getSubRows: (row) => (row.kind === 'section' ? row.subRows : undefined),
    getCoreRowModel: getCoreRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    state: { expanded: true },
  });
  const columnCount = columns.length;

  return (
    <table
      className="rubric"
      onKeyDown={onGridKeyDown}
      aria-label={`${framework.title}: ${framework.scale.label} by criterion`}
    >
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                {flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) =>
          row.original.kind === 'section' ? (
            <tr key={row.id} className="section-row">
              <th colSpan={columnCount} scope="colgroup">
                {row.original.section.code && !row.original.section.title.startsWith(row.original.section.code) && (
                  <span className="code">{row.original.section.code} </span>
                )}
                {row.original.section.title}
                {row.original.section.summary && <p className="section-summary">{row.original.section.summary}</p>}
              </th>
            </tr>
          ) : (
            <CriterionRow
              key={row.id}
              row={row}
              expanded={expanded.has(row.original.id)}
              onToggle={toggle}
              columnCount={columnCount}
            />
          ),
        )}
      </tbody>
    </table>
  );
}
