import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture } from '../helpers/browser.ts';

const fixture = browserFixture();

/** Press Tab (at most `limit` times) until the focused element's text or label matches. */
async function tabTo(page: Page, name: RegExp, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim();
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

const focusedCell = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    return el.classList.contains('level-button')
      ? `${el.closest('tr')?.dataset.criterion}/${el.closest('td')?.dataset.level}`
      : null;
  });

describe('keyboard only', () => {
  it('makes the rating cells one tab stop, moved with the arrow keys', async () => {
    const reviewId = await fixture.newReview('Roving review');
    const page = await fixture.openReview(reviewId);
    expect(await page.locator('td.level button[tabindex="0"]').count()).toBe(1);
    await tabTo(page, /^Developing for 1\.1:/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell(page)).toBe('1.2/developed');
    expect(await page.locator('td.level button[tabindex="0"]').count()).toBe(1);
    expect(
      await page.locator('tr[data-criterion="1.2"] td[data-level="developed"] button').getAttribute('tabindex'),
    ).toBe('0');
    // Tab leaves the cells rather than walking through all of them.
    await page.keyboard.press('Tab');
    expect(await focusedCell(page)).toBeNull();
    // The accessible name carries the descriptor, not only the level.
    const name = await page.locator('tr[data-criterion="1.1"] td[data-level="developing"] button').textContent();
    expect(name).toContain('Partnership details are publicised');
  });

  it('runs a whole silent round without a mouse: open, vote, reveal, agree and lock', async () => {
    const reviewId = await fixture.newReview('Keyboard round');
    const page = await fixture.openReview(reviewId);
    await tabTo(page, /^1\.1 Engagement of all schools/);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Current criterion').inputValue()).toBe('1.2');
    await tabTo(page, /Silent round on 1\.2/, 5);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Silent rating: 1\.2/ }).waitFor();
    await tabTo(page, /^Developed$/, 10);
    await page.keyboard.press('Enter');
    // Everyone present has voted: the round reveals itself.
    await page.getByText('Consensus: Developed.').waitFor();
    await tabTo(page, /Record and close the round/, 10);
    await page.keyboard.press('Enter');
    await page.locator('tr[data-criterion="1.2"] td[data-level="developed"] .agreed').waitFor();
    await page.locator('tr[data-criterion="1.2"]').getByText('Locked by Owner').waitFor();
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
  });
});
