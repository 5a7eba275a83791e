import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import { flushSync } from 'react-dom';
import type { Criterion, Framework, Level, Section } from '../../shared/framework/schema.ts';
import { NOT_APPLICABLE, agreedKey, ratingKey, textKey } from '../../shared/review/keys.ts';
import { Root } from '../../shared/review/roots.ts';
import { useMapValue, useMapValueIs, useTextContent } from '../collab/y-hooks.ts';
import type * as Y from 'yjs';
import { useGrid } from './context.ts';
import { useIsCurrent } from './cursor.ts';
import { CriterionDetail } from './CriterionDetail.tsx';
import { LevelCell } from './LevelCell.tsx';
import { RowDifference, useDifferenceClass } from './moderation.tsx';
import { LastTime } from '../cycles/LastTime.tsx';
import { cellKey, nextCell, parseCellKey, type GridCell } from './grid-keys.ts';
import { settled } from './row-revealer.ts';
import { useVirtualRows } from './virtual-rows-loader.ts';

/**
 * Grids with more criteria than this render only the rows near the screen. Below it every row is in
 * the page, so the browser's find-in-page and a screen reader's table reading see the whole
 * framework (the built-in frameworks all have fewer).
 */
export const VIRTUALISE_ABOVE = 150;

type GridRow =
  | { kind: 'section'; id: string; section: Section; subRows: GridRow[] }
  | { kind: 'criterion'; id: string; criterion: Criterion; index: number };

/** A rendered or virtualised item of the grid: a section heading or a criterion. */
interface GridItem {
  id: string;
  original: GridRow;
}

const column = createColumnHelper<GridRow>();
/** The table model gives the column headings only: building its rows cost work for every criterion before the first paint. */
const NO_ROWS: GridRow[] = [];

/** The scale's "not applicable" (the LA standards' N/A), where the framework offers it. */
function NotApplicable({ criterion, locked, rowIndex }: { criterion: Criterion; locked: boolean; rowIndex: number }) {
  const { review, track, phase, readOnly, activeCell } = useGrid();
  const na = review.framework.scale.notApplicable;
  const on = useMapValueIs(review.ratings, ratingKey(track, criterion.id, phase), NOT_APPLICABLE);
  // After the last level in the grid's arrow-key order: the scale's option after its levels.
  const key = `${rowIndex}:${review.framework.scale.levels.length}`;
  const active = useIsCurrent(activeCell, key);
  if (!na || !review.model.phasesOf.get(criterion.id)?.includes(phase)) return null;
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
  levels,
  expanded,
  onToggle,
  columnCount,
  ariaRowIndex,
}: {
  row: GridItem;
  levels: readonly Level[];
  expanded: boolean;
  onToggle: (id: string) => void;
  columnCount: number;
  /** Its place among all the grid's rows (1 is the column headings), rendered or not. */
  ariaRowIndex: number;
}) {
  const original = row.original;
  const { cursor, live } = useGrid();
  const id = original.kind === 'criterion' ? original.criterion.id : '';
  const current = useIsCurrent(cursor, id) && live?.role === 'facilitator';
  // Where the two judgements differ, the row says so, and by how much.
  const differs = useDifferenceClass(id);
  if (original.kind !== 'criterion') return null;
  const classes = ['criterion-row', current && 'current', differs];
  return (
    <>
      <tr
        className={classes.filter(Boolean).join(' ')}
        aria-rowindex={ariaRowIndex}
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
        {levels.map((level, colIndex) => (
          <LockedLevelCell
            key={level.id}
            criterion={original.criterion}
            level={level}
            rowIndex={original.index}
            colIndex={colIndex}
          />
        ))}
      </tr>
      {expanded && (
        <tr className="detail-row" aria-rowindex={ariaRowIndex + 1}>
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

/** Roughly how tall an item is before it is measured: a section heading, or a criterion and its descriptors. */
const estimateHeight = (row: GridRow | undefined): number => (row?.kind === 'section' ? 48 : 170);

/** While the page is printed, every row is rendered: the print stylesheet prints the whole grid. */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    // Synchronously, so the rows are in the page before the browser lays out the print.
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    const media = window.matchMedia('print');
    const change = (event: MediaQueryListEvent) => (event.matches ? before() : after());
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    media.addEventListener('change', change);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
      media.removeEventListener('change', change);
    };
  }, []);
  return printing;
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
      ...framework.scale.levels.map((level) =>
        column.display({
          id: level.id,
          header: () => (
            <span title={level.description}>
              {level.label}
              {level.code && level.code !== level.label && <span className="level-code"> ({level.code})</span>}
            </span>
          ),
        }),
      ),
    ],
    [framework],
  );

  const table = useReactTable({ data: NO_ROWS, columns, getCoreRowModel: getCoreRowModel() });
  const columnCount = columns.length;
  // Every row in order (section headings and criteria): the items rendered, or virtualised.
  const rows = useMemo<GridItem[]>(
    () =>
      data.flatMap((section) => [
        { id: section.id, original: section },
        ...(section.kind === 'section' ? section.subRows : []).map((row) => ({ id: row.id, original: row })),
      ]),
    [data],
  );
  const { criteria, itemOfCriterion } = useMemo(() => {
    const criteria: Criterion[] = [];
    const itemOfCriterion: number[] = [];
    rows.forEach((row, item) => {
      if (row.original.kind !== 'criterion') return;
      criteria.push(row.original.criterion);
      itemOfCriterion.push(item);
    });
    return { criteria, itemOfCriterion };
  }, [rows]);
  // Each item's first aria-rowindex: after the headings' row, counting open detail rows above it.
  const { rowIndexOf, rowCount } = useMemo(() => {
    const rowIndexOf: number[] = [];
    let next = 2;
    for (const row of rows) {
      rowIndexOf.push(next);
      next += row.original.kind === 'criterion' && expanded.has(row.original.id) ? 2 : 1;
    }
    return { rowIndexOf, rowCount: next - 1 };
  }, [rows, expanded]);

  const { review, phase, activeCell, rowRevealer } = useGrid();
  const tableRef = useRef<HTMLTableElement>(null);
  const printing = usePrinting();
  // The row with the grid's tab stop stays rendered, so focus never falls out of the page.
  const activeRow = useSyncExternalStore(activeCell.subscribe, () => parseCellKey(activeCell.get())?.row ?? -1);
  const [shown, setShown] = useState<{ criterion: string } | null>(null);
  const shownItem = shown ? (itemOfCriterion[criteria.findIndex((c) => c.id === shown.criterion)] ?? -1) : -1;
  const pinned = useMemo(() => [itemOfCriterion[activeRow] ?? -1, shownItem], [itemOfCriterion, activeRow, shownItem]);
  const virtualise = criteria.length > VIRTUALISE_ABOVE && !printing;
  const virtualRows = useVirtualRows(virtualise);
  const estimate = useCallback((index: number) => estimateHeight(rows[index]?.original), [rows]);
  const keyOf = useCallback((index: number) => rows[index]?.id ?? String(index), [rows]);

  // Set by the virtualiser while it is on screen: scroll to an item by its measured position.
  const scrollToItem = useRef<((index: number) => void) | null>(null);
  // Rows asked for (a summary link, the facilitator's toolbar, a spotlight) resolve once rendered.
  const waiting = useRef<{ criterion: string; resolve: (row: HTMLElement | null) => void }[]>([]);
  useEffect(
    () =>
      rowRevealer?.attach(
        (criterion) =>
          new Promise((resolve) => {
            if (!criteria.some((c) => c.id === criterion)) return resolve(null);
            waiting.current.push({ criterion, resolve });
            // A new object each time, so the grid renders (and resolves) even when it was already shown.
            setShown({ criterion });
          }),
      ),
    [rowRevealer, criteria],
  );
  // Focus asked for by a key on a row that was not rendered yet.
  const pendingFocus = useRef<GridCell | null>(null);
  useLayoutEffect(() => {
    const grid = tableRef.current;
    if (!grid) return;
    waiting.current = waiting.current.filter(({ criterion, resolve }) => {
      const row = grid.querySelector<HTMLElement>(`tr[data-criterion="${CSS.escape(criterion)}"]`);
      if (!row) return true;
      const item = itemOfCriterion[criteria.findIndex((c) => c.id === criterion)];
      if (!scrollToItem.current || item === undefined) resolve(row);
      else {
        // Rows above it are measured as they render and move it: let it come to rest before anyone scrolls to it.
        scrollToItem.current(item);
        void settled(row).then(() => resolve(row));
      }
      return false;
    });
    const focus = pendingFocus.current;
    const target = focus && grid.querySelector<HTMLElement>(`[data-row="${focus.row}"][data-col="${focus.col}"]`);
    if (target) {
      pendingFocus.current = null;
      target.focus();
    }
  });

  // The grid keeps its one tab stop: if the cell that had it has gone (another phase, where that
  // criterion is not judged), the first cell that can take focus gets it.
  useLayoutEffect(() => {
    const table = tableRef.current;
    if (!table || table.querySelector('[data-row][tabindex="0"]')) return;
    const first = table.querySelector<HTMLElement>('.level-button[data-row]');
    if (first) activeCell.set(`${first.dataset.row}:${first.dataset.col}`);
  }, [phase, activeCell]);

  const levels = framework.scale.levels.length;
  const focusable = ({ row, col }: GridCell): boolean => {
    const criterion = criteria[row];
    if (!criterion) return false;
    if (col === -1) return true;
    if (!review.model.phasesOf.get(criterion.id)?.includes(phase)) return false;
    return col < levels || (col === levels && framework.scale.notApplicable !== undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const target = event.target as HTMLElement;
    const from = parseCellKey(target.dataset.row === undefined ? null : `${target.dataset.row}:${target.dataset.col}`);
    if (!from) return;
    const next = nextCell(from, event.key, { rows: criteria.length, levels }, focusable);
    if (!next) return;
    event.preventDefault();
    const element = event.currentTarget.querySelector<HTMLElement>(`[data-row="${next.row}"][data-col="${next.col}"]`);
    if (element) return element.focus();
    // Not rendered yet: it becomes the tab stop, which renders its row, then takes focus.
    pendingFocus.current = next;
    activeCell.set(cellKey(next));
    // The virtualiser may render the row in a later commit of its own, after the grid's layout
    // effect has looked for it: look again each frame until it is there (or another key moved on).
    const grid = event.currentTarget;
    const focusOnceRendered = (frames: number) => {
      if (pendingFocus.current !== next) return;
      const rendered = grid.querySelector<HTMLElement>(`[data-row="${next.row}"][data-col="${next.col}"]`);
      if (rendered) {
        pendingFocus.current = null;
        rendered.focus();
      } else if (frames < 120) requestAnimationFrame(() => focusOnceRendered(frames + 1));
    };
    requestAnimationFrame(() => focusOnceRendered(0));
  };

  const renderItem = (index: number, measure?: (element: Element | null) => void) => {
    const row = rows[index];
    if (!row) return null;
    return (
      <tbody key={row.id} data-index={index} ref={measure}>
        {row.original.kind === 'section' ? (
          <tr className="section-row" aria-rowindex={rowIndexOf[index]}>
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
            row={row}
            levels={framework.scale.levels}
            expanded={expanded.has(row.original.id)}
            onToggle={toggle}
            columnCount={columnCount}
            ariaRowIndex={rowIndexOf[index] ?? 0}
          />
        )}
      </tbody>
    );
  };
  // Rows not rendered leave their height as empty space, so the page scrolls as if they were there.
  const space = (key: string, height: number) =>
    height > 0 && (
      <tbody key={key} className="virtual-space" aria-hidden="true">
        <tr>
          <td colSpan={columnCount} style={{ height }} />
        </tr>
      </tbody>
    );

  return (
    // Scrolls sideways on its own when the screen is narrow (or zoomed), so the page around it does not.
    <div className="rubric-scroll">
      <table
        ref={tableRef}
        className="rubric"
        role="grid"
        onKeyDown={onKeyDown}
        aria-rowcount={rowCount}
        aria-label={`${framework.title}: ${framework.scale.label} by criterion`}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        {virtualise ? (
          virtualRows.component === null ? (
            <tbody>
              <tr>
                <td colSpan={columnCount} role="status" className="grid-rows-loading">
                  {virtualRows.failed ? (
                    <>
                      The criteria could not be shown: check the connection.{' '}
                      <button type="button" onClick={virtualRows.retry}>
                        Try again
                      </button>
                    </>
                  ) : (
                    'Loading the criteria…'
                  )}
                </td>
              </tr>
            </tbody>
          ) : (
            <virtualRows.component
              count={rows.length}
              estimate={estimate}
              keyOf={keyOf}
              pinned={pinned}
              tableRef={tableRef}
              scrollToItemRef={scrollToItem}
              renderItem={renderItem}
              renderSpace={space}
            />
          )
        ) : (
          rows.map((_, index) => renderItem(index))
        )}
      </table>
    </div>
  );
}
