import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

/** Where focus is in the grid: "criterion/level", "criterion/heading" or "criterion/n-a"; null outside it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el?.closest('[role="grid"]') || el.dataset.col === undefined) return null;
    const criterion = el.closest('tr')?.dataset.criterion;
    if (el.classList.contains('level-button')) return `${criterion}/${el.closest('td')?.dataset.level}`;
    return `${criterion}/${el.classList.contains('na-toggle') ? 'n-a' : 'heading'}`;
  });

describe('the rating grid (ARIA grid pattern)', () => {
  it('is one tab stop: arrows reach row headings, levels and N/A, skipping criteria not judged in the phase', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      'ns-la-quality-standards',
      'Grid keys',
    );
    const page = await fixture.openReview(reviewId);
    const grid = page.getByRole('grid');
    expect(await grid.count()).toBe(1);
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
    expect(await grid.locator('button:not([tabindex="-1"])').count()).toBe(1);

    await grid.locator('tr[data-criterion="1.1"] td[data-level="outstanding"] button').focus();
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toBe('1.1/heading');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Focus & evidence for 1.1');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('1.2/heading');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('1.2/outstanding');
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('1.2/significant-improvement');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('1.2/n-a');
    await page.keyboard.press('Enter');
    await grid.locator('tr[data-criterion="1.2"] .na-toggle[aria-pressed="true"]').waitFor();
    await page.keyboard.press('Home');
    expect(await focused(page)).toBe('1.2/outstanding');
    // 1.4 is not judged in Early Years: down from 1.3 goes to 1.5.
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('1.3/outstanding');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('1.5/outstanding');
    // Still one tab stop, and Tab leaves the grid.
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBeNull();
  });

  it('explains the current and the agreed rating', async () => {
    const page = await fixture.openReview(await fixture.newReview('Rating help'));
    await page.getByText('Current or agreed rating?').click();
    await page.getByText(/Anyone who can edit may set or change it/).waitFor();
    await page.getByText(/recorded by a facilitator when closing a silent round/).waitFor();
  });

  it.each([
    ['1024×768', { width: 1024, height: 768 }, 1],
    ['200% zoom (1280×720 at twice the size)', { width: 640, height: 360 }, 2],
  ])('keeps the page chrome within the width at %s, every control reachable', async (_, viewport, scale) => {
    const reviewId = await fixture.newReview('Zoomed');
    const context = await fixture.browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner).then(async (p) => {
      // The same person, in a context of this size: copy the session cookie across.
      await context.addCookies(await p.context().cookies());
      await p.context().close();
      return context.newPage();
    });
    await page.goto(`${fixture.server.url}/reviews/${reviewId}`);
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const chrome = [
        ...document.querySelectorAll<HTMLElement>(
          '.app-header a, .app-header button, .review-header button, .review-header select, .review-header a, #panel-grid > .toolbar label, #panel-grid > .toolbar button',
        ),
      ];
      return {
        page: document.documentElement.scrollWidth - width,
        outside: chrome
          .filter((el) => el.getBoundingClientRect().right > width + 1 || el.getBoundingClientRect().left < 0)
          .map((el) => el.textContent?.trim() || el.getAttribute('aria-label')),
      };
    });
    expect(overflow.outside).toEqual([]);
    expect(overflow.page).toBeLessThanOrEqual(1);
    // The tabs are reachable and work.
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    await page.getByRole('tab', { name: 'Meeting mode' }).click();
    await page.locator('.meeting-mode').waitFor();
    await context.close();
  });
});
