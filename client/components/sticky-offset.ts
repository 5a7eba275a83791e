import { useCallback, useRef } from 'react';

/**
 * Publish an element's height as the CSS variable --sticky-top, so sticky headings below a sticky
 * header sit just under it whatever the header holds (a round panel, a wrapped title, 200% zoom).
 */
export function useStickyOffset<T extends HTMLElement>(): (element: T | null) => void {
  const observer = useRef<ResizeObserver | null>(null);
  return useCallback((element: T | null) => {
    const root = document.documentElement;
    observer.current?.disconnect();
    observer.current = null;
    if (!element) {
      root.style.removeProperty('--sticky-top');
      return;
    }
    // From the observer only, which reports the size once the browser lays the page out before its
    // first paint: measuring here, in React's commit, forced a layout of the whole new page of its own.
    observer.current = new ResizeObserver(([entry]) => {
      const height = entry?.borderBoxSize[0]?.blockSize ?? element.getBoundingClientRect().height;
      root.style.setProperty('--sticky-top', `${height}px`);
    });
    observer.current.observe(element);
  }, []);
}
