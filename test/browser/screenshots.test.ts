import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { browserFixture, chooseCriterion } from '../helpers/browser.ts';
import { createReviewOver, repoRoot } from '../helpers/server.ts';

/**
 * The README's screenshots, at 1280×720: `SCREENSHOTS=1 npx vitest run test/browser/screenshots.test.ts`,
 * then shrink them (`convert x.png -colors 96 x.png`). Skipped otherwise: they assert nothing.
 */
const fixture = browserFixture();
const dir = `${repoRoot}/docs/screenshots`;
const viewport = { width: 1280, height: 720 };

async function rate(page: Page, criterion: string, level: string): Promise<void> {
  await page.locator(`tr[data-criterion="${criterion}"] td[data-level="${level}"] button`).click();
  await page
    .locator(`tr[data-criterion="${criterion}"] td[data-level="${level}"] button[aria-pressed="true"]`)
    .waitFor();
}

describe.skipIf(!process.env.SCREENSHOTS)('README screenshots', () => {
  it('meeting mode, a round revealed', async () => {
    const reviewId = await fixture.newReview('Northfield Partnership SEF, spring 2026');
    const alice = await fixture.server.addMember(reviewId, 'editor', 'Alice Khan');
    const olive = await fixture.server.addMember(reviewId, 'observer', 'Olive Grant');
    const f = await fixture.openReview(reviewId);
    const e = await fixture.openReview(reviewId, alice);
    const o = await fixture.openReview(reviewId, olive);
    for (const page of [f, e, o]) await page.setViewportSize(viewport);
    await chooseCriterion(f, '2.1');
    await f.getByRole('tab', { name: 'Meeting mode' }).click();
    for (const page of [e, o]) await page.getByRole('tab', { name: 'Meeting mode' }).click();
    await f.locator('#meeting-criterion').click();
    await f.keyboard.press('o');
    await e.locator('.vote').getByRole('button', { name: 'Established' }).click();
    await f.locator('.vote').getByRole('button', { name: 'Developed' }).click();
    await f.locator('.distribution').waitFor();
    await f.locator('#meeting-criterion').click();
    await f.screenshot({ path: `${dir}/meeting-mode.png` });
  }, 60_000);

  it('moderation in the grid', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      'ns-la-quality-standards',
      'Northfield LA quality standards 2026',
    );
    const page = await fixture.openReview(reviewId);
    await page.setViewportSize(viewport);
    await rate(page, '1.1', 'good');
    await rate(page, '1.2', 'outstanding');
    await page.getByRole('radio', { name: 'National Strategies view' }).check();
    await rate(page, '1.1', 'some-improvement');
    await rate(page, '1.2', 'some-improvement');
    await page.mouse.click(5, 5);
    await page.evaluate(() => {
      const row = document.querySelector('tr[data-criterion="1.2"]')!;
      const above =
        document.querySelector('.review-header')!.getBoundingClientRect().height +
        document.querySelector('.rubric thead')!.getBoundingClientRect().height;
      window.scrollTo(0, row.getBoundingClientRect().top + window.scrollY - above);
    });
    await page.screenshot({ path: `${dir}/moderation-grid.png` });
  }, 60_000);
});
