import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture } from '../helpers/browser.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

const cell = (page: Page, criterion: string, level: string) =>
  page.locator(`tr[data-criterion="${criterion}"] td[data-level="${level}"]`);

async function rate(page: Page, criterion: string, level: string): Promise<void> {
  await cell(page, criterion, level).locator('button').click();
  await cell(page, criterion, level).locator('button[aria-pressed="true"]').waitFor();
}

describe('moderation in the grid', () => {
  it('shows both judgements on each cell, the gap on the row, which view stands, and links the summary to the row', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      'ns-la-quality-standards',
      'Moderation',
    );
    const page = await fixture.openReview(reviewId);
    await rate(page, '1.1', 'good');
    await rate(page, '1.2', 'outstanding');
    await rate(page, '1.3', 'good');
    await page.getByRole('radio', { name: 'National Strategies view' }).check();
    await rate(page, '1.1', 'some-improvement');
    await rate(page, '1.2', 'some-improvement');
    await rate(page, '1.3', 'good');

    // Each cell: the judgement being rated and the other one, each by its short name.
    expect(await cell(page, '1.1', 'some-improvement').locator('.track-mark.own-track').textContent()).toContain('NS');
    expect(await cell(page, '1.1', 'good').locator('.track-mark.other-track').textContent()).toContain('LA');
    expect(await cell(page, '1.3', 'good').locator('.track-mark.own-track').textContent()).toContain('NS');
    expect(await cell(page, '1.3', 'good').locator('.track-mark.other-track').textContent()).toContain('LA');

    // The row: the difference and its size; no mark where they agree.
    const row = (c: string) => page.locator(`tr[data-criterion="${c}"]`);
    await row('1.1').locator('.moderation-gap').getByText('one grade apart').waitFor();
    expect(await row('1.1').getAttribute('class')).toContain('gap-1');
    expect(await row('1.1').locator('.moderation-gap').textContent()).toMatch(/LA Good · NS Requires some improvement/);
    await row('1.2').locator('.moderation-gap').getByText('two grades apart').waitFor();
    expect(await row('1.2').getAttribute('class')).toContain('gap-2');
    expect(await row('1.3').locator('.moderation-gap').count()).toBe(0);
    expect(await row('1.3').getAttribute('class')).not.toContain('differs');

    // Which judgement stands, as the framework says.
    const stands = page.locator('#panel-grid .stands-note');
    expect(await stands.locator('summary').textContent()).toBe(
      'Where judgements differ, the National Strategies view (NS) stands',
    );
    await stands.locator('summary').click();
    await stands.getByText(/must represent the National Strategies' view/).waitFor();

    // The summary's differences take you to the criterion's row, its rating cell focused.
    await page.getByRole('tab', { name: 'Summary' }).click();
    const difference = page.locator('.summary-disagreement[data-criterion="1.2"]');
    await difference.getByText('two grades apart').waitFor();
    await difference.getByRole('link', { name: /1\.2.*show in the grid/ }).click();
    await page.locator('#panel-grid:not([hidden])').waitFor();
    expect(await page.getByRole('tab', { name: 'Grid' }).getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.getAttribute('data-criterion') === '1.2');
    // Scrolled (smoothly) to just below the sticky header.
    await page.waitForFunction(() => {
      const row = document.querySelector('tr[data-criterion="1.2"]')?.getBoundingClientRect();
      const header = document.querySelector('.review-header')?.getBoundingClientRect();
      return !!row && !!header && row.top >= header.bottom - 1 && row.top < window.innerHeight / 2;
    });
  }, 60_000);

  it('labels the Milton Keynes judgements SIP and School, and says the SIP stands', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      'milton-keynes-sif',
      'SIP moderation',
    );
    const page = await fixture.openReview(reviewId);
    expect(await page.locator('#panel-grid .stands-note summary').textContent()).toBe(
      'Where judgements differ, the School Improvement Partner (SIP) stands',
    );
    const criterion = await page.locator('tr.criterion-row').first().getAttribute('data-criterion');
    const row = page.locator(`tr[data-criterion="${criterion}"]`);
    await row.locator('td.level').nth(0).locator('button').click();
    await page.getByRole('radio', { name: 'School', exact: true }).check();
    await row.locator('td.level').nth(2).locator('button').click();
    await row.locator('.moderation-gap').getByText('two grades apart').waitFor();
    expect(await row.locator('.moderation-gap').textContent()).toMatch(/SIP .* · School /);
    expect(await row.locator('td.level').nth(0).locator('.other-track').textContent()).toContain('SIP');
  }, 60_000);
});
