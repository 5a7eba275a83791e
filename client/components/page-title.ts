import { useEffect } from 'react';

/** Each page says what it is in the browser's title bar and tab, as screen readers announce it (WCAG 2.4.2). */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} — Bestfit` : 'Bestfit';
  }, [title]);
}

/** For pages whose own component sets no title. */
export function PageTitle({ title }: { title: string }): null {
  usePageTitle(title);
  return null;
}
