import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The WCAG 2.2 AA rule tags axe-core checks (UK public bodies must meet 2.2 AA). */
export const wcag22aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's violations at WCAG 2.2 AA on the page, or only inside `include` (a CSS selector), one
 * line each: rule, impact and where (the first three places of each rule).
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(wcag22aa);
  const result = await (include ? builder.include(include) : builder).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.slice(0, 3).map((n) => `${v.id} (${v.impact ?? '?'}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
  );
}
