import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture } from '../helpers/browser.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

const TABLE = 'Regulated Children Services Action Planning template';

async function openTable(page: Page): Promise<void> {
  await page.locator('details.table-panel summary', { hasText: TABLE }).click();
  await page.getByRole('button', { name: 'Add a row' }).waitFor();
}

const rowHeadings = (page: Page) => page.locator('details.table-panel[open] th.added-row');

describe('rows added to a record table', () => {
  it('are renamed and removed by their author or a facilitator only; date columns take dates', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      'milton-keynes-sif',
      'Action plan',
    );
    const alice = await fixture.server.addMember(reviewId, 'editor', 'Alice Editor');
    const bob = await fixture.server.addMember(reviewId, 'editor', 'Bob Editor');
    const [a, b, f] = [
      await fixture.openReview(reviewId, alice),
      await fixture.openReview(reviewId, bob),
      await fixture.openReview(reviewId),
    ];
    for (const page of [a, b, f]) await openTable(page);

    // Alice adds a row and names it; everyone sees the name.
    await a.getByRole('button', { name: 'Add a row' }).click();
    const name = a.getByRole('textbox', { name: `Name of row 1 in ${TABLE}` });
    await name.fill('Attendance');
    await name.press('Enter');
    await f.getByRole('textbox', { name: `Name of row “Attendance” in ${TABLE}` }).waitFor();
    await rowHeadings(b).getByText('Attendance', { exact: true }).waitFor();
    // Bob, another editor, can neither rename nor remove it.
    expect(await rowHeadings(b).locator('input').count()).toBe(0);
    expect(await b.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await rowHeadings(b).textContent()).toContain('added by Alice Editor');

    // A date column is a date picker; the date shows for everyone.
    const start = a.getByLabel(`${TABLE}: Attendance, Start`);
    expect(await start.getAttribute('type')).toBe('date');
    await start.fill('2026-09-01');
    await f.waitForFunction(
      (label) => document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)?.value === '2026-09-01',
      `${TABLE}: Attendance, Start`,
    );

    // The facilitator renames it, then Alice removes it (after confirming); it goes for everyone.
    const renamed = f.getByRole('textbox', { name: `Name of row “Attendance” in ${TABLE}` });
    await renamed.fill('Attendance and punctuality');
    await renamed.blur();
    await a.getByRole('textbox', { name: `Name of row “Attendance and punctuality” in ${TABLE}` }).waitFor();
    await a.getByRole('button', { name: 'Remove “Attendance and punctuality”' }).click();
    await a.getByRole('dialog').getByRole('button', { name: 'Remove the row' }).click();
    for (const page of [a, b, f])
      await page.locator('details.table-panel[open] th.added-row').waitFor({ state: 'detached' });
    for (const page of [a, b, f]) await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
  }, 90_000);
});
