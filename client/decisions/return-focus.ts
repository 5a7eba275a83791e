import { useEffect, useRef, type RefObject } from 'react';

/**
 * When a form opened in place closes (saved or cancelled), put the focus back where the person
 * was: on the first element `selector` finds inside the container.
 */
export function useReturnFocus(open: boolean, container: RefObject<HTMLElement | null>, selector: string): void {
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) container.current?.querySelector<HTMLElement>(selector)?.focus();
    wasOpen.current = open;
  }, [open, container, selector]);
}
