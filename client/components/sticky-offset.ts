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
    const publish = () => root.style.setProperty('--sticky-top', `${element.getBoundingClientRect().height}px`);
    observer.current = new ResizeObserver(publish);
    observer.current.observe(element);
    publish();
  }, []);
}
