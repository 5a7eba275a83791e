import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { reviewPageWithRelay } from '../helpers/room.ts';

const fixture = browserFixture();

const cell = (page: Page, criterion: string, level: string) =>
  page.locator(`tr[data-criterion="${criterion}"] td[data-level="${level}"] button`);

/** The review's row on the home page. */
const row = (page: Page, title: string) =>
  page.locator('li.review-row').filter({ has: page.getByRole('link', { name: title, exact: true }) });

describe('status and sign-off in the review', () => {
  it('renames, finalises with sign-offs (another window follows live, read-only once final) and reopens', async () => {
    const reviewId = await fixture.newReview('Sign-off review');
    const editor = await fixture.server.addMember(reviewId, 'editor', 'Second window');
    const co = await fixture.server.addMember(reviewId, 'facilitator', 'Co Facilitator');
    const facilitator = await fixture.openReview(reviewId);
    await facilitator.setViewportSize({ width: 1280, height: 720 });
    const other = await fixture.openReview(reviewId, editor);
    const bar = (page: Page) => page.getByRole('group', { name: 'Status and sign-off' });
    await bar(other).getByText('Draft').waitFor();
    expect(await bar(other).getByRole('button', { name: 'Finalise…' }).count()).toBe(0);

    // Renamed in the review: the other window's header follows.
    await facilitator.getByRole('button', { name: /^Manage/ }).click();
    await facilitator.getByRole('button', { name: 'Rename…' }).click();
    await facilitator.getByLabel('New title').fill('Sign-off review 2026');
    await facilitator.getByRole('button', { name: 'Save title' }).click();
    await other.getByRole('heading', { name: 'Sign-off review 2026', level: 1 }).waitFor();
    expect(await other.title()).toBe('Sign-off review 2026 — Bestfit');
    await bar(facilitator).getByRole('button', { name: 'Move to moderation' }).click();
    await bar(other).getByText('In moderation').waitFor();
    // A second facilitator signs off through the API; the first finalises in the page.
    const signed = await fetch(`${fixture.server.url}/api/reviews/${reviewId}/sign-offs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${co.token}` },
    });
    expect(signed.status).toBe(200);
    await facilitator.reload();
    await facilitator.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await bar(facilitator).locator('.sign-offs').getByText('Co Facilitator').waitFor();
    await cell(other, '1.1', 'established').click();
    await facilitator
      .locator('tr[data-criterion="1.1"] td[data-level="established"] button[aria-pressed="true"]')
      .waitFor();

    await bar(facilitator).getByRole('button', { name: 'Finalise…' }).click();
    const confirm = facilitator.getByRole('dialog', { name: 'Make this review final?' });
    await confirm.getByText('signed off by Co Facilitator and you').waitFor();
    await facilitator.screenshot({ path: 'test-results/review-record-finalise-dialog.png' }).catch(() => {});
    await confirm.getByRole('button', { name: 'Finalise' }).click();
    await bar(facilitator).getByText('Status: Final').waitFor();
    await bar(facilitator).getByText('Signed off by').waitFor();
    expect(await bar(facilitator).textContent()).toMatch(/Co Facilitator.*Owner/);

    // The other window: read-only without a reload.
    await bar(other).getByText('Status: Final').waitFor();
    await other.locator('tr[data-criterion="1.2"] td[data-level="developed"] button[aria-disabled="true"]').waitFor();
    // Still focusable to read, but a click changes nothing.
    await cell(other, '1.2', 'developed').click({ force: true });
    expect(await cell(other, '1.2', 'developed').getAttribute('aria-pressed')).toBe('false');
    await facilitator.screenshot({ path: 'test-results/review-record-final.png' });

    await bar(facilitator).getByRole('button', { name: 'Reopen…' }).click();
    const reopen = facilitator.getByRole('dialog', { name: 'Reopen this review?' });
    await reopen.getByLabel('Why (optional, kept in the history)').fill('LA asked for changes');
    await reopen.getByRole('button', { name: 'Reopen' }).click();
    await bar(other).getByText('In moderation').waitFor();
    await other.locator('tr[data-criterion="1.2"] td[data-level="developed"] button[aria-disabled="false"]').waitFor();
    await cell(other, '1.2', 'developed').click();
    await facilitator
      .locator('tr[data-criterion="1.2"] td[data-level="developed"] button[aria-pressed="true"]')
      .waitFor();
    await bar(facilitator).getByText('Status history').click();
    await bar(facilitator)
      .getByText(/Owner reopened \(it had been signed off by Co Facilitator, Owner\): “LA asked for changes”/)
      .waitFor();
    await bar(facilitator)
      .getByText(/Owner finalised, signed off by Co Facilitator, Owner/)
      .waitFor();
    await facilitator.getByRole('button', { name: /^Manage/ }).click();
    await facilitator.screenshot({ path: 'test-results/review-record-history.png' });
    expect(await axeViolations(facilitator)).toEqual([]);
    const events = (await fixture.server.store.records.reviewEvents(reviewId)).map((e) => e.detail);
    expect(events[0]).toMatchObject({ from: 'final', to: 'moderation', reason: 'LA asked for changes' });
  });

  it('keeps an editor’s unsent text when the review turns final mid-sentence, and says why', async () => {
    const reviewId = await fixture.newReview('Typing at sign-off');
    const editor = await fixture.server.addMember(reviewId, 'editor', 'Typist');
    const { page, hold } = await reviewPageWithRelay(fixture.browser, fixture.server.url, editor, reviewId);
    await page.locator('tr[data-criterion="1.2"] button[aria-expanded="false"]').click();
    await page.locator('[aria-label^="Development focus for 1.2"]').click();
    // Finalised while the page has not heard of it yet; the typing reaches the server after.
    hold(true);
    const res = await fetch(`${fixture.server.url}/api/reviews/${reviewId}/finalise`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.server.owner.token}` },
    });
    expect(res.status).toBe(200);
    await page.keyboard.insertText('Moderate with the cluster in May');
    hold(false);
    const notice = page.getByRole('alert').filter({ hasText: 'refused' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/final/);
    const unsent = notice.getByRole('textbox', { name: /Development focus for 1\.2/ });
    expect(await unsent.inputValue()).toBe('Moderate with the cluster in May');
    await page.getByRole('group', { name: 'Status and sign-off' }).getByText('Status: Final').waitFor();
    await page.locator('tr[data-criterion="1.2"] button[aria-expanded="false"]').click();
    await page.locator('[aria-label^="Development focus for 1.2"][aria-readonly="true"]').waitFor();
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: 'test-results/review-record-refused.png' });
    expect(await fixture.server.store.records.state(reviewId)).toMatchObject({ status: 'final' });
  });
});

describe('managing reviews from the home page', () => {
  it('renames, archives, deletes and restores a review', async () => {
    const reviewId = await fixture.newReview('Autumn review');
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    await row(page, 'Autumn review').getByText('Draft').waitFor();

    await row(page, 'Autumn review').getByRole('button', { name: 'Manage “Autumn review”' }).click();
    await page.screenshot({ path: 'test-results/review-record-home-manage.png' });
    await row(page, 'Autumn review').getByRole('button', { name: 'Rename…' }).click();
    await page.getByLabel('New title').fill('Autumn review 2026');
    await page.getByRole('button', { name: 'Save title' }).click();
    await row(page, 'Autumn review 2026').waitFor();
    expect((await fixture.server.store.getReview(reviewId))?.title).toBe('Autumn review 2026');

    await row(page, 'Autumn review 2026').getByRole('button', { name: 'Manage “Autumn review 2026”' }).click();
    await row(page, 'Autumn review 2026').getByRole('button', { name: 'Archive' }).click();
    const archived = page.locator('details.archived-reviews');
    await archived.getByText(/Archived \(\d+\)/).click();
    await row(page, 'Autumn review 2026').getByText('Draft').waitFor();
    expect(await archived.locator('li.review-row').filter({ hasText: 'Autumn review 2026' }).count()).toBe(1);

    await row(page, 'Autumn review 2026').getByRole('button', { name: 'Manage “Autumn review 2026”' }).click();
    await row(page, 'Autumn review 2026').getByRole('button', { name: 'Delete…' }).click();
    await page
      .getByRole('dialog', { name: 'Delete “Autumn review 2026”?' })
      .getByRole('button', { name: 'Delete review' })
      .click();
    const bin = page.getByRole('region', { name: 'Recently deleted' });
    await bin.locator('.review-title', { hasText: 'Autumn review 2026' }).waitFor();
    expect(await row(page, 'Autumn review 2026').count()).toBe(0);
    await page.screenshot({ path: 'test-results/review-record-home-deleted.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await bin.getByRole('button', { name: 'Restore “Autumn review 2026”' }).click();
    // Back where it was: among the archived reviews.
    await page
      .locator('details.archived-reviews')
      .getByText(/Archived \(\d+\)/)
      .click();
    await page.locator('details.archived-reviews').getByRole('link', { name: 'Autumn review 2026' }).waitFor();
    expect(await fixture.server.store.getReview(reviewId)).not.toBeNull();
  });

  it('downloads a backup from the review and restores it from the home page (signed in with the cookie)', async () => {
    const reviewId = await fixture.newReview('Backed-up review');
    await fixture.server.addMember(reviewId, 'editor', 'Edna Editor');
    const page = await fixture.openReview(reviewId);
    await page.setViewportSize({ width: 1280, height: 720 });
    await cell(page, '1.1', 'developed').click();
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download backup' }).click();
    const file = await (await download).path();
    expect((await download).suggestedFilename()).toBe('Backed-up review (backup).json');

    await page.getByRole('link', { name: 'Reviews', exact: true }).first().click();
    await page.getByLabel('Restore a review from a backup file').setInputFiles(file);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    const restored = page.getByRole('status').filter({ hasText: 'Restored as' });
    // The editor belongs to this workspace, so she is back on the restored review.
    await restored.getByText('Back on it with their roles: Edna Editor (editor).').waitFor();
    await restored.getByRole('link', { name: 'Backed-up review' }).click();
    await page.locator('tr[data-criterion="1.1"] td[data-level="developed"] button[aria-pressed="true"]').waitFor();
    expect(page.url()).not.toContain(reviewId);
  });
});
