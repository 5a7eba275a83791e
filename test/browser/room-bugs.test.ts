import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Framework } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { browserFixture, chooseCriterion, signedInPage } from '../helpers/browser.ts';
import { connectClient, synced } from '../helpers/clients.ts';
import { createInviteLink, pageErrors, reviewPageWithRelay } from '../helpers/room.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

const cell = (page: Page, criterion: string, level: string) =>
  page.locator(`tr[data-criterion="${criterion}"] td[data-level="${level}"]`);
const pressed = (page: Page, criterion: string, level: string, on: boolean) =>
  cell(page, criterion, level).locator(`button[aria-pressed="${on}"]`).waitFor();

async function frameworkOf(id: string): Promise<Framework> {
  const res = await fetch(`${fixture.server.url}/api/frameworks/${id}`, {
    headers: { authorization: `Bearer ${fixture.server.owner.token}` },
  });
  return (await res.json()) as Framework;
}

async function nsReview(title: string): Promise<string> {
  return createReviewOver(fixture.server.url, fixture.server.owner.token, 'ns-la-quality-standards', title);
}

describe('a refused change', () => {
  it('keeps the unsent text on screen with the reason, reloads the review and never goes blank', async () => {
    const reviewId = await fixture.newReview('Refused change');
    const alice = await fixture.server.addMember(reviewId, 'editor', 'Alice Refused');
    const { page, hold } = await reviewPageWithRelay(fixture.browser, fixture.server.url, alice, reviewId);
    const errors = pageErrors(page);
    await page.locator('tr[data-criterion="1.1"] button[aria-expanded="false"]').click();
    const editor = page.locator('[aria-label^="Development focus for 1.1"]');
    await editor.click();

    // The facilitator locks 1.1; Alice's page has not heard of it when she types.
    hold(true);
    const facilitator = connectClient(fixture.server.wsUrl, reviewId, { token: fixture.server.owner.token });
    await synced(facilitator);
    new ReviewDoc(facilitator.doc, await frameworkOf('ba-partnership-sef')).setLocked('1.1', {
      id: fixture.server.owner.id,
      name: 'Owner',
    });
    facilitator.destroy();
    await page.keyboard.insertText('Termly moderation with every headteacher');
    hold(false);

    const notice = page.getByRole('alert').filter({ hasText: 'refused' });
    await notice.waitFor();
    // Why: the server's own reason names the lock.
    expect(await notice.textContent()).toMatch(/locked/i);
    // What was not sent, to copy.
    const unsent = notice.getByRole('textbox', { name: /Development focus for 1\.1/ });
    expect(await unsent.inputValue()).toBe('Termly moderation with every headteacher');
    await notice.getByRole('button', { name: /Copy/ }).waitFor();
    // The review is back from the server: the grid is there and everything is saved.
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await page.locator('tr[data-criterion="1.1"]').getByText('Locked by Owner').waitFor();
    expect(errors.uncaught).toEqual([]);

    // A locked criterion looks and is read-only for an editor.
    await page.locator('tr[data-criterion="1.1"] button[aria-expanded="false"]').click();
    const reopened = page.locator('[aria-label^="Development focus for 1.1"]');
    expect(await reopened.getAttribute('aria-readonly')).toBe('true');
    expect(await reopened.getAttribute('contenteditable')).toBe('false');
    expect(errors.uncaught).toEqual([]);
  });
});

describe('two judgement tracks', () => {
  it("shows the other track's rating, labelled with that track, in each view", async () => {
    const reviewId = await nsReview('Two tracks');
    const page = await fixture.openReview(reviewId);
    await cell(page, '1.1', 'good').locator('button').click();
    await pressed(page, '1.1', 'good', true);
    await page.getByRole('radio', { name: 'National Strategies view' }).check();
    await cell(page, '1.1', 'some-improvement').locator('button').click();
    await pressed(page, '1.1', 'some-improvement', true);

    // In the NS view, the LA's rating is shown on its level, labelled as the LA's.
    const laMark = cell(page, '1.1', 'good').locator('.track-mark.other-track');
    await laMark.waitFor();
    expect(await laMark.textContent()).toContain('LA');
    expect(await cell(page, '1.1', 'some-improvement').locator('.track-mark.other-track').count()).toBe(0);

    // And back in the LA view, the NS rating shows on its level.
    await page.getByRole('radio', { name: 'LA self-evaluation' }).check();
    const nsMark = cell(page, '1.1', 'some-improvement').locator('.track-mark.other-track');
    await nsMark.waitFor();
    expect(await nsMark.textContent()).toContain('NS');
    expect(await cell(page, '1.1', 'good').locator('.track-mark.other-track').count()).toBe(0);
  });
});

describe('sticky headings', () => {
  it('keep the level headings below the sticky review header when scrolled', async () => {
    const reviewId = await fixture.newReview('Sticky headings');
    const page = await fixture.openReview(reviewId);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('tr[data-criterion="3.1"]').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 600);
    await page.waitForFunction(() => window.scrollY > 800);
    const header = await page.locator('.review-header').boundingBox();
    const heading = await page.locator('.rubric thead th').first().boundingBox();
    expect(header).not.toBeNull();
    expect(heading).not.toBeNull();
    expect(heading!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1);
    expect(heading!.y).toBeLessThanOrEqual(header!.y + header!.height + 2);
  });

  it('keep the level headings at the top of a framework page, with no gap above them', async () => {
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${fixture.server.url}/frameworks/ba-partnership-sef`);
    await page.locator('tr[data-criterion="3.1"]').scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 600);
    await page.waitForFunction(() => window.scrollY > 800);
    const heading = await page.locator('.rubric thead th').first().boundingBox();
    expect(heading!.y).toBeLessThanOrEqual(1);
  });
});

describe('criteria not judged in a phase', () => {
  it('show as not applicable and cannot be rated', async () => {
    const reviewId = await nsReview('Phases');
    const page = await fixture.openReview(reviewId);
    const errors = pageErrors(page);
    // Early Years is the first phase; 1.4 is judged in primary and secondary only.
    const row = page.locator('tr[data-criterion="1.4"]');
    await row.getByText('Not judged in Early Years').first().waitFor();
    expect(await row.locator('td.level button').count()).toBe(0);
    await cell(page, '1.4', 'good').click();
    expect(await row.getByRole('button', { name: /N\/A/ }).count()).toBe(0);
    await chooseCriterion(page, '1.4');
    expect(await page.getByRole('button', { name: 'Silent round on 1.4' }).isDisabled()).toBe(true);
    // Rated in Primary, as normal.
    await page.getByRole('radio', { name: 'Primary' }).check();
    await cell(page, '1.4', 'good').locator('button').click();
    await pressed(page, '1.4', 'good', true);
    expect(errors.uncaught).toEqual([]);
  });
});

describe('a silent round', () => {
  it("shows its recorded outcome in the progress count and the summary's dashboard", async () => {
    const reviewId = await fixture.newReview('Round outcome');
    const page = await fixture.openReview(reviewId);
    await chooseCriterion(page, '1.1');
    await page.getByRole('button', { name: 'Silent round on 1.1' }).click();
    await page.locator('.vote').getByRole('button', { name: 'Developed' }).click();
    await page.getByText('Consensus: Developed.').waitFor();
    await page.getByRole('button', { name: 'Record and close the round' }).click();
    await cell(page, '1.1', 'developed').locator('.agreed').waitFor();
    await page.getByText('1 of 21 rated').waitFor();
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.locator('.dashboard-cell[data-rating="developed"]').first().waitFor();
  });
});

describe('rating cells', () => {
  it('rate on a double click rather than rating and clearing, and take clicks anywhere in the cell', async () => {
    const reviewId = await fixture.newReview('Double click');
    const page = await fixture.openReview(reviewId);
    await cell(page, '1.1', 'established').locator('button').dblclick();
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    expect(await cell(page, '1.1', 'established').locator('button').getAttribute('aria-pressed')).toBe('true');

    // The bottom corner of a cell whose descriptor is shorter than its row.
    const target = cell(page, '1.2', 'developing');
    const box = (await target.boundingBox())!;
    await target.click({ position: { x: box.width - 6, y: box.height - 6 } });
    await pressed(page, '1.2', 'developing', true);
  });
});

describe('small things', () => {
  it('keeps the invite through "Sign in first"', async () => {
    const reviewId = await fixture.newReview('Invite sign in');
    const bob = await fixture.server.addMember(reviewId, 'observer', 'Bob Existing');
    const link = await createInviteLink(fixture.server.url, fixture.server.owner.token, reviewId, 'editor');
    const page = await (await fixture.browser.newContext()).newPage();
    await page.goto(link);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(bob.email);
    await page.getByLabel('Password').fill(bob.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Join the review' }).click();
    await page.getByRole('heading', { name: 'Invite sign in' }).waitFor();
  });

  it('offers "Start a review" only to people in a workspace', async () => {
    const reviewId = await fixture.newReview('No workspace');
    const link = await createInviteLink(fixture.server.url, fixture.server.owner.token, reviewId, 'editor');
    const page = await (await fixture.browser.newContext()).newPage();
    await page.goto(link);
    await page.getByLabel('Your name').fill('Nadia New');
    await page.getByLabel('Email').fill(`nadia.${Date.now()}@example.test`);
    await page.getByLabel(/^Password \(at least 10 characters/).fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.getByRole('heading', { name: 'No workspace' }).waitFor();
    await page.getByRole('link', { name: 'Reviews' }).first().click();
    await page.getByRole('link', { name: 'No workspace' }).waitFor();
    expect(await page.getByRole('button', { name: /Start/ }).count()).toBe(0);
    await page.getByText(/not in a workspace/i).waitFor();
  });

  it('says "agreed" on a lock only when something was agreed, and keeps titles apart from their buttons', async () => {
    const reviewId = await fixture.newReview('Lock wording');
    const page = await fixture.openReview(reviewId);
    await chooseCriterion(page, '1.2');
    await page.getByRole('button', { name: 'Lock 1.2' }).click();
    const lock = page.locator('tr[data-criterion="1.2"] .lock');
    await lock.waitFor();
    expect(await lock.textContent()).not.toMatch(/agreed/);
    const th = page.locator('tr[data-criterion="1.1"] th');
    expect(await th.innerText()).not.toMatch(/schoolsFocus/);
  });

  it('logs no console error when a signed-out person opens the app', async () => {
    const page = await (await fixture.browser.newContext()).newPage();
    const errors = pageErrors(page);
    await page.goto(fixture.server.url);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(errors.console).toEqual([]);
    expect(errors.uncaught).toEqual([]);
  });
});
