import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getExpandedRowModel,
  useReactTable,
  type Row,
} from '@tanstack/react-table';
import { Fragment, memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Criterion, Framework, Section } from '../../shared/framework/schema.ts';
import { NOT_APPLICABLE, agreedKey, ratingKey, textKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { useMapValue, useTextContent } from '../collab/y-hooks.ts';
import type * as Y from 'yjs';
import { useGrid } from './context.ts';
import { useIsCurrent } from './cursor.ts';
import { CriterionDetail } from './CriterionDetail.tsx';
import { LevelCell } from './LevelCell.tsx';
import { differenceOf, RowDifference, useTrackRatings } from './moderation.tsx';
import { LastTime } from '../cycles/LastTime.tsx';

type GridRow =
  | { kind: 'section'; id: string; section: Section; subRows: GridRow[] }
  | { kind: 'criterion'; id: string; criterion: Criterion; index: number };

const column = createColumnHelper<GridRow>();

/** The scale's "not applicable" (the LA standards' N/A), where the framework offers it. */
function NotApplicable({ criterion, locked, rowIndex }: { criterion: Criterion; locked: boolean; rowIndex: number }) {
  const { review, track, phase, readOnly, activeCell } = useGrid();
  const na = review.framework.scale.notApplicable;
  const rating = useMapValue(review.ratings, ratingKey(track, criterion.id, phase));
  // After the last level in the grid's arrow-key order: the scale's option after its levels.
  const key = `${rowIndex}:${review.framework.scale.levels.length}`;
  const active = useIsCurrent(activeCell, key);
  if (!na || !review.model.phasesOf.get(criterion.id)?.includes(phase)) return null;
  const on = rating === NOT_APPLICABLE;
  const disabled = readOnly || locked;
  return (
    <button
      type="button"
      className={on ? 'na-toggle on' : 'na-toggle'}
      aria-pressed={on}
      aria-disabled={disabled}
      tabIndex={active ? 0 : -1}
      data-row={rowIndex}
      data-col={review.framework.scale.levels.length}
      onFocus={() => activeCell.set(key)}
      onClick={() => {
        if (!disabled) review.setRating(track, criterion.id, phase, on ? null : NOT_APPLICABLE);
      }}
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
  rowIndex,
  expanded,
  onToggle,
}: {
  criterion: Criterion;
  rowIndex: number;
  expanded: boolean;
  onToggle: () => void;
}) {
  const { review, track, phase, activeCell } = useGrid();
  // The row heading's button is the grid's column before the levels (arrow keys reach it).
  const key = `${rowIndex}:-1`;
  const active = useIsCurrent(activeCell, key);
  const focusText = review.doc.getMap<Y.Text>(Root.focus).get(textKey(track, criterion.id));
  const focus = useTextContent(focusText);
  const lock = useMapValue(review.doc.getMap<{ byName: string }>(Root.locks), criterion.id);
  const agreed = useMapValue(review.doc.getMap<string>(Root.agreed), agreedKey(criterion.id, phase));
  return (
    <th scope="row" className="criterion">
      <p className="criterion-title">
        <span className="code">{criterion.code}</span> <span className="title">{criterion.title}</span>
      </p>
      <RowDifference criterion={criterion.id} />
      <LastTime criterion={criterion} />
      {criterion.pending && <p className="pending">{criterion.pending} — no descriptors in the source yet.</p>}
      {lock && (
        <p className="lock">
          Locked by {lock.byName}
          <span className="muted">{agreed !== undefined ? ' — agreed' : ''}; only a facilitator can change it</span>
        </p>
      )}
      <NotApplicable criterion={criterion} locked={lock !== undefined} rowIndex={rowIndex} />
      {!expanded && focus && (
        <p className="focus-preview" title={focus}>
          Focus: {focus}
        </p>
      )}
      <button
        type="button"
        className="link-button"
        aria-expanded={expanded}
        onClick={onToggle}
        tabIndex={active ? 0 : -1}
        data-row={rowIndex}
        data-col={-1}
        onFocus={() => activeCell.set(key)}
      >
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
  const { cursor, live, review } = useGrid();
  const id = original.kind === 'criterion' ? original.criterion.id : '';
  const current = useIsCurrent(cursor, id) && live?.role === 'facilitator';
  // Where the two judgements differ, the row says so, and by how much.
  const difference = differenceOf(review.framework, useTrackRatings(id));
  if (original.kind !== 'criterion') return null;
  const classes = [
    'criterion-row',
    current && 'current',
    difference && `differs gap-${Math.min(difference.gap ?? 1, 2)}`,
  ];
  return (
    <>
      <tr
        className={classes.filter(Boolean).join(' ')}
        data-criterion={id}
        // Whatever is focused or clicked in a row makes it the current criterion (the facilitator's toolbar acts on it).
        onFocusCapture={() => cursor.set(id)}
        onClick={() => cursor.set(id)}
      >
        <CriterionHeading
          criterion={original.criterion}
          rowIndex={original.index}
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

/**
 * The ARIA grid pattern's keys: arrows move between a row's heading button, its level cells and its N/A,
 * and between criteria (skipping cells with nothing to focus, such as criteria not judged in the phase);
 * Home and End go to the row's first and last level.
 */
function onGridKeyDown(event: KeyboardEvent<HTMLTableElement>) {
  const target = event.target as HTMLElement;
  const row = Number(target.dataset.row);
  const col = Number(target.dataset.col);
  if (target.dataset.row === undefined || Number.isNaN(row) || Number.isNaN(col)) return;
  const grid = event.currentTarget;
  const at = (r: number, c: number) => grid.querySelector<HTMLElement>(`[data-row="${r}"][data-col="${c}"]`);
  const levels = grid.querySelectorAll('thead th').length - 1;
  const rows = grid.querySelectorAll('tr.criterion-row').length;
  let next: HTMLElement | null = null;
  if (event.key === 'Home') next = at(row, 0);
  else if (event.key === 'End') next = at(row, levels - 1);
  else {
    const move = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
    if (!move) return;
    for (let [r, c] = [row + move[0]!, col + move[1]!]; r >= 0 && r < rows && c >= -1 && c <= levels;) {
      next = at(r, c);
      if (next) break;
      [r, c] = [r + move[0]!, c + move[1]!];
    }
  }
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
            <>
              {level.label}
              {level.code && level.code !== level.label && <span className="level-code"> ({level.code})</span>}
            </>
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

  // The grid keeps its one tab stop: if the cell that had it has gone (another phase, where that
  // criterion is not judged), the first cell that can take focus gets it.
  const { phase, activeCell } = useGrid();
  const tableRef = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    const table = tableRef.current;
    if (!table || table.querySelector('[data-row][tabindex="0"]')) return;
    const first = table.querySelector<HTMLElement>('.level-button[data-row]');
    if (first) activeCell.set(`${first.dataset.row}:${first.dataset.col}`);
  }, [phase, activeCell]);

  return (
    // Scrolls sideways on its own when the screen is narrow (or zoomed), so the page around it does not.
    <div className="rubric-scroll">
      <table
        ref={tableRef}
        className="rubric"
        role="grid"
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
    </div>
  );
}
