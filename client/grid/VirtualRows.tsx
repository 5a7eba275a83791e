import { defaultRangeExtractor, useWindowVirtualizer, windowScroll, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';

export interface RowWindowOptions {
  /** Set while mounted: scrolls the page to an item (its top at the top of the window). */
  scrollToItemRef: RefObject<((index: number) => void) | null>;
  count: number;
  estimate: (index: number) => number;
  keyOf: (index: number) => string;
  pinned: readonly number[];
  tableRef: RefObject<HTMLTableElement | null>;
}

/** A rendered part of the grid: the items (section or criterion row groups) and the space around them. */
export interface RowWindow {
  /** Item indexes to render in order, each with the empty space to leave before it (px). */
  items: { index: number; before: number }[];
  /** Empty space after the last rendered item (px). */
  after: number;
  /** Give each rendered item's element (with `data-index`) to this, so its real height is used. */
  measure: (element: Element | null) => void;
}

/** Where the first item starts on the page: below the table's top and its column headings (which stick, so not their rect). */
function listTop(table: HTMLTableElement): number {
  return table.getBoundingClientRect().top + window.scrollY + (table.tHead?.offsetHeight ?? 0);
}

/**
 * The window of grid items to render while the page scrolls (TanStack Virtual on the window, as the
 * page, not the grid, scrolls under the sticky header). `pinned` items are rendered wherever they
 * are: the row holding the grid's one tab stop (so focus never falls out of the page) and a row
 * something asked to show.
 */
function useRowWindow({ count, estimate, keyOf, pinned, tableRef, scrollToItemRef }: RowWindowOptions): RowWindow {
  const [scrollMargin, setScrollMargin] = useState(0);
  // Content above the grid (the rules, a notice) changes height without the grid re-rendering.
  useLayoutEffect(() => {
    const table = tableRef.current;
    if (!table) return;
    const update = () => {
      const top = listTop(table);
      setScrollMargin((prev) => (Math.abs(prev - top) < 1 ? prev : top));
    };
    // First from the observer, once the browser has laid the page out: measured here, in React's
    // commit, it forced a layout of the whole new page of its own.
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [tableRef]);

  // Heights last measured, kept when a hidden tab measures them as zero (else every row would "fit").
  const heights = useRef(new Map<string, number>());
  const attached = useRef(false);
  // Where the page was when this window was made, read once (the virtualiser's own starting offset).
  const [initialOffset] = useState(() => window.scrollY);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = new Set(defaultRangeExtractor(range));
      for (const p of pinned) if (p >= 0 && p < range.count) indexes.add(p);
      return [...indexes].sort((a, b) => a - b);
    },
    [pinned],
  );
  const virtualizer = useWindowVirtualizer({
    count,
    initialOffset,
    estimateSize: estimate,
    getItemKey: keyOf,
    overscan: 6,
    scrollMargin,
    rangeExtractor,
    // Sizes from the resize observer, which reports each rendered item after the browser's own
    // layout: reading one as React attaches it would force a layout of the page inside the commit
    // (on a cold load, of the whole new page). Until the observer reports, the last size or the estimate.
    measureElement: (element, entry) => {
      const index = Number(element.getAttribute('data-index'));
      const key = keyOf(index);
      const height = entry ? (entry.borderBoxSize[0]?.blockSize ?? 0) : 0;
      if (height > 0) heights.current.set(key, height);
      return heights.current.get(key) ?? estimate(index);
    },
    scrollToFn: (offset, options, instance) => {
      // Attaching to the window, the virtualiser writes back the offset it has just read: a scroll
      // that moves nothing but forces a layout of the whole page inside React's commit.
      const first = !attached.current;
      attached.current = true;
      if (first && !options.adjustments && !options.behavior && Math.abs(offset - initialOffset) < 1) return;
      windowScroll(offset, options, instance);
    },
  });
  useEffect(() => {
    scrollToItemRef.current = (index) => virtualizer.scrollToIndex(index, { align: 'start' });
    return () => {
      scrollToItemRef.current = null;
    };
  }, [scrollToItemRef, virtualizer]);
  let end = scrollMargin;
  const items: RowWindow['items'] = [];
  for (const item of virtualizer.getVirtualItems()) {
    items.push({ index: item.index, before: Math.max(0, item.start - end) });
    end = item.end;
  }
  return {
    items,
    after: Math.max(0, virtualizer.getTotalSize() + scrollMargin - end),
    measure: virtualizer.measureElement,
  };
}

/** The grid's row groups near the screen, with empty space for the rest. */
export function VirtualRows({
  renderItem,
  renderSpace,
  ...options
}: RowWindowOptions & {
  renderItem: (index: number, measure: (element: Element | null) => void) => ReactNode;
  renderSpace: (key: string, height: number) => ReactNode;
}) {
  const { items, after, measure } = useRowWindow(options);
  return (
    <>
      {items.flatMap(({ index, before }) => [renderSpace(`space-${index}`, before), renderItem(index, measure)])}
      {renderSpace('space-end', after)}
    </>
  );
}
