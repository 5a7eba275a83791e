import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { createInviteLink } from '../helpers/room.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

describe('WCAG 2.2 AA (axe-core)', () => {
  it('finds nothing on the sign-in page and an invite page, signed out', async () => {
    const page = await (await fixture.browser.newContext()).newPage();
    await page.goto(fixture.server.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in — Bestfit');
    expect(await axeViolations(page)).toEqual([]);
    // The check can fail: an image without a text alternative is caught.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: '/x.png' })));
    expect((await axeViolations(page)).join('\n')).toContain('image-alt');
    await page.evaluate(() => document.querySelector('img[src="/x.png"]')?.remove());

    const reviewId = await fixture.newReview('Invited review');
    await page.goto(await createInviteLink(fixture.server.url, fixture.server.owner.token, reviewId, 'editor'));
    await page.getByRole('heading', { name: /Join/ }).waitFor();
    expect(await page.title()).toBe('Join “Invited review” — Bestfit');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('finds nothing on the home page, the framework library and a framework page', async () => {
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    await page.getByRole('heading', { name: 'Reviews' }).waitFor();
    expect(await page.title()).toBe('Reviews — Bestfit');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${fixture.server.url}/frameworks`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.title()).toBe('Framework library — Bestfit');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${fixture.server.url}/frameworks/ba-partnership-sef`);
    await page.locator('table.rubric').waitFor();
    expect(await page.title()).toMatch(/B&A.* — Bestfit$/);
    expect(await axeViolations(page)).toEqual([]);
  });

  // axe over a whole rubric takes a while on a shared two-core machine.
  it.each([
    'ba-partnership-sef',
    'ns-la-quality-standards',
    'milton-keynes-sif',
    'leicestershire-behaviour-qa',
    'pmqs-3',
  ])(
    'finds nothing on a review of %s: grid (with a round open), summary, people and meeting mode',
    async (framework) => {
      const reviewId = await createReviewOver(fixture.server.url, fixture.server.owner.token, framework, 'Axe review');
      const page = await fixture.openReview(reviewId);
      expect(await page.title()).toBe('Axe review — Bestfit');
      const first = page.locator('tr.criterion-row').first();
      await first.locator('td.level button').first().click();
      await page.getByRole('button', { name: /^Silent round on / }).click();
      await page.locator('.round-panel').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('tab', { name: 'Summary' }).click();
      await page.locator('.summary-status').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('tab', { name: /People/ }).click();
      await page.getByRole('button', { name: 'Create invite link' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('tab', { name: 'Meeting mode' }).click();
      await page.locator('.meeting-mode .round-panel').waitFor();
      expect(await axeViolations(page)).toEqual([]);
    },
    120_000,
  );

  it('finds nothing on the moderation grid', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      'milton-keynes-sif',
      'Axe moderation',
    );
    const page = await fixture.openReview(reviewId);
    const row = page.locator('tr.criterion-row').first();
    await row.locator('td.level button').nth(0).click();
    await page.getByRole('radio', { name: 'School', exact: true }).check();
    await row.locator('td.level button').nth(2).click();
    await row.locator('.moderation-gap').waitFor();
    await page.locator('#panel-grid .stands-note summary').click();
    await page.getByText('Current or agreed rating?').click();
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('finds nothing on each framework page', async () => {
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    for (const id of ['ns-la-quality-standards', 'milton-keynes-sif', 'leicestershire-behaviour-qa', 'pmqs-3']) {
      await page.goto(`${fixture.server.url}/frameworks/${id}`);
      await page.locator('table.rubric').waitFor();
      expect(await axeViolations(page), id).toEqual([]);
    }
  }, 120_000);
});
