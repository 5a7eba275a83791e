/** Smooth scrolling unless the person asked their system for reduced motion (WCAG 2.3.3). */
export function scrollBehaviour(): ScrollBehavior {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}

/** Scroll a grid row to just below the sticky review header and level headings, measured now (not from CSS). */
export function scrollRowToTop(row: HTMLElement): void {
  const header = document.querySelector('.review-header')?.getBoundingClientRect().height ?? 0;
  const headings = document.querySelector('.rubric thead')?.getBoundingClientRect().height ?? 0;
  const top = row.getBoundingClientRect().top + window.scrollY - header - headings - 8;
  window.scrollTo({ top: Math.max(0, top), behavior: scrollBehaviour() });
}
