import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture } from '../helpers/browser.ts';

const fixture = browserFixture();

const cell = (page: Page, criterion: string, level: string) =>
  page.locator(`tr[data-criterion="${criterion}"] td[data-level="${level}"] button`);

describe('the review page in two browsers', () => {
  it('shows a rating clicked in one page in the other, and text typed in one in the other', async () => {
    const reviewId = await fixture.newReview('Browser test review');
    const a = await fixture.openReview(reviewId);
    const b = await fixture.openReview(reviewId, await fixture.server.addMember(reviewId, 'editor', 'Second editor'));

    await expect(a.getByRole('heading', { name: 'Browser test review' }).isVisible()).resolves.toBe(true);
    await cell(a, '1.1', 'established').click();
    await b.locator('tr[data-criterion="1.1"] td[data-level="established"] button[aria-pressed="true"]').waitFor();
    expect(await cell(b, '1.1', 'developing').getAttribute('aria-pressed')).toBe('false');
    await a.getByTestId('connection-state').getByText('All changes saved').waitFor();

    // Open focus & evidence for 1.2 in both pages, then type in one.
    for (const page of [a, b]) {
      await page.locator('tr[data-criterion="1.2"] button[aria-expanded="false"]').click();
    }
    const editorA = a.locator('[aria-label^="Development focus for 1.2"]');
    await editorA.click();
    await a.keyboard.type('Share termly data with every school');
    const editorB = b.locator('[aria-label^="Development focus for 1.2"]');
    await b.waitForFunction(
      (text) => document.querySelector('[aria-label^="Development focus for 1.2"]')?.textContent?.includes(text),
      'Share termly data with every school',
    );
    expect(await editorB.textContent()).toContain('Share termly data with every school');
    await a.getByTestId('connection-state').getByText('All changes saved').waitFor();

    // Clicking the selected level again clears the rating for everyone.
    await cell(b, '1.1', 'established').click();
    await a.locator('tr[data-criterion="1.1"] td[data-level="established"] button[aria-pressed="false"]').waitFor();
  });

  it('moves between descriptor cells with the arrow keys and rates with Enter', async () => {
    const reviewId = await fixture.newReview('Keyboard review');
    const page = await fixture.openReview(reviewId);
    await cell(page, '1.1', 'developing').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('tr[data-criterion="1.2"] td[data-level="developed"] button[aria-pressed="true"]').waitFor();
    expect(await page.getByText('1 of 21 rated').isVisible()).toBe(true);
  });
});
