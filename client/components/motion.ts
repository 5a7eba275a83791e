/** Smooth scrolling unless the person asked their system for reduced motion (WCAG 2.3.3). */
export function scrollBehaviour(): ScrollBehavior {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
}
