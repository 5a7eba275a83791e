import { describe, expect, it } from 'vitest';
import { browserFixture } from '../helpers/browser.ts';

const fixture = browserFixture();

describe('the review page for a newcomer', () => {
  it('reaches the summary and people & invites from tabs at the top, with how many are here', async () => {
    const reviewId = await fixture.newReview('Tabs review');
    const editor = await fixture.server.addMember(reviewId, 'editor', 'Eddie Editor');
    const page = await fixture.openReview(reviewId);
    await page.setViewportSize({ width: 1280, height: 720 });
    const people = page.getByRole('tab', { name: /People & invites/ });
    await fixture.openReview(reviewId, editor);
    await page.getByRole('tab', { name: 'People & invites (2 here)' }).waitFor();
    // In view at the top, without scrolling.
    const box = await people.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(720);

    // Keyboard: the selected tab is the one tab stop; arrows move and select.
    await page.getByRole('tab', { name: 'Grid' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Summary' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tabpanel', { name: 'Summary' }).getByText('Nothing rated yet').waitFor();
    await page.keyboard.press('ArrowRight');
    expect(await people.getAttribute('aria-selected')).toBe('true');
    const panel = page.getByRole('tabpanel', { name: /People & invites/ });
    await panel.getByRole('button', { name: 'Create invite link' }).click();
    expect(await panel.getByLabel('New link').inputValue()).toMatch(/\/invite\//);
    await panel.getByText('Eddie Editor').first().waitFor();
    expect(await page.locator('.rubric').isVisible()).toBe(false);
    await people.focus();
    await page.keyboard.press('Home');
    expect(await page.locator('.rubric').isVisible()).toBe(true);
  });
});
