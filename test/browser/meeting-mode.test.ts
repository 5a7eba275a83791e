import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture, chooseCriterion } from '../helpers/browser.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

const viewport = { width: 1280, height: 720 };

/** Boxes of the meeting stage's title and every level's heading and descriptor that are not wholly on screen. */
async function outsideViewport(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ width, height }) => {
      const parts = [
        ...document.querySelectorAll<HTMLElement>(
          '#meeting-criterion, .meeting-level h3, .meeting-level .descriptor, .round-panel',
        ),
      ];
      if (parts.length < 3) return ['nothing shown'];
      return parts
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.top < 0 || box.left < 0 || box.bottom > height || box.right > width)
        .map(({ el, box }) => `${el.className || el.id}: ${JSON.stringify(box)}`);
    },
    { width: viewport.width, height: viewport.height },
  );
}

describe('meeting (projector) mode', () => {
  it.each([
    ['ba-partnership-sef', '3.1'],
    ['ns-la-quality-standards', '2.4'],
  ])(
    'shows the spotlit criterion of %s (%s) whole at 1280×720 with the round panel open',
    async (framework, criterion) => {
      const reviewId = await createReviewOver(fixture.server.url, fixture.server.owner.token, framework, 'Projector');
      const page = await fixture.openReview(reviewId);
      await page.setViewportSize(viewport);
      await chooseCriterion(page, criterion);
      await page.getByRole('tab', { name: 'Meeting mode' }).click();
      await page
        .locator(`.meeting-mode[data-criterion="${criterion}"]`)
        .waitFor()
        .catch(async (error: Error) => {
          const stage = await page
            .locator('.meeting-mode')
            .getAttribute('data-criterion', { timeout: 1000 })
            .catch(() => 'no meeting mode');
          const picked = await page
            .getByLabel('Current criterion')
            .inputValue({ timeout: 1000 })
            .catch(() => 'no list');
          throw new Error(`${error.message}\nMeeting mode showed ${stage}; the criterion list showed ${picked}`);
        });
      // The keys act on the meeting from anywhere outside a text field; here, from the tab just chosen.
      await page.keyboard.press('o');
      await page
        .getByRole('heading', { name: new RegExp(`Silent rating: ${criterion.replace('.', '\\.')}`) })
        .waitFor();
      expect(await page.locator('.meeting-level').count()).toBeGreaterThanOrEqual(4);
      expect(await outsideViewport(page)).toEqual([]);
      // Large enough to read across a room, not shrunk to nothing.
      const size = await page.locator('.meeting-stage').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(size).toBeGreaterThanOrEqual(12);
      // The page itself does not scroll: everything is in the one screen.
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(viewport.height + 1);
    },
    60_000,
  );

  it('lets the facilitator step through criteria and run a round from the keyboard; followers follow', async () => {
    const reviewId = await fixture.newReview('Projector keys');
    const alice = await fixture.server.addMember(reviewId, 'editor', 'Alice Editor');
    const f = await fixture.openReview(reviewId);
    const e = await fixture.openReview(reviewId, alice);
    for (const page of [f, e]) {
      await page.setViewportSize(viewport);
      await page.getByRole('tab', { name: 'Meeting mode' }).click();
    }
    await f.locator('.meeting-mode[data-criterion="1.1"]').waitFor();
    // Focus on the page, not in a field: the keys act on the meeting.
    await f.locator('#meeting-criterion').click();
    await f.keyboard.press('n');
    await f.keyboard.press('PageDown');
    await f.locator('.meeting-mode[data-criterion="1.3"]').waitFor();
    await e.locator('.meeting-mode[data-criterion="1.3"]').waitFor();
    await e.getByText('following the facilitator').waitFor();
    await f.keyboard.press('p');
    await f.keyboard.press('ArrowRight');
    await f.keyboard.press('ArrowLeft');
    await f.locator('.meeting-mode[data-criterion="1.2"]').waitFor();
    await e.locator('.meeting-mode[data-criterion="1.2"]').waitFor();

    // Open, vote (the editor), reveal, agree and lock.
    await f.keyboard.press('o');
    await e.getByRole('heading', { name: /Silent rating: 1\.2/ }).waitFor();
    await e.locator('.vote').getByRole('button', { name: 'Developed' }).click();
    await f
      .getByTestId('round-progress')
      .getByText(/1 of 2 have voted/)
      .waitFor();
    await f.keyboard.press('r');
    await f.getByText('Consensus: Developed.').waitFor();
    await f.keyboard.press('a');
    await e.locator('.meeting-level[data-level="developed"] .agreed').waitFor();
    expect(await e.locator('.round-panel').count()).toBe(0);
    await f.getByRole('tab', { name: 'Grid' }).click();
    await f.locator('tr[data-criterion="1.2"]').getByText('Locked by Owner').waitFor();
    await f.getByTestId('connection-state').getByText('All changes saved').waitFor();
  }, 60_000);

  it('chooses the judgement and phase the meeting is on', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      'ns-la-quality-standards',
      'Projector phases',
    );
    const alice = await fixture.server.addMember(reviewId, 'editor', 'Alice Editor');
    const olive = await fixture.server.addMember(reviewId, 'observer', 'Olive Observer');
    const page = await fixture.openReview(reviewId);
    const e = await fixture.openReview(reviewId, alice);
    const o = await fixture.openReview(reviewId, olive);
    await e.getByRole('tab', { name: 'Meeting mode' }).click();
    await page.getByRole('tab', { name: 'Meeting mode' }).click();
    await page.getByRole('combobox', { name: 'Phase' }).selectOption('primary');
    await page.getByRole('combobox', { name: 'Judgement' }).selectOption('ns');
    await page.locator('.meeting-where').getByText('Primary').waitFor();
    // Followers take the spotlight's phase: in meeting mode, and in the grid.
    await e.locator('.meeting-where').getByText('Primary').waitFor();
    await o.locator('tr.spotlit[data-criterion="1.1"]').waitFor();
    await o.waitForFunction(
      () => document.querySelector<HTMLInputElement>('input[name="phase"][value="primary"]')?.checked === true,
    );
    await page.locator('#meeting-criterion').click();
    await page.keyboard.press('o');
    await page.getByRole('heading', { name: 'Silent rating: 1.1 — Primary' }).waitFor();
    await page.locator('.vote').getByRole('button', { name: 'Good' }).click();
    await e.locator('.vote').getByRole('button', { name: 'Good' }).click();
    await page.getByText('Consensus: Good.').waitFor();
    await page.keyboard.press('a');
    await page.locator('.meeting-level[data-level="good"] .agreed').waitFor();
    // The round was on the National Strategies view: its rating is the outcome.
    await page.getByRole('tab', { name: 'Grid' }).click();
    await page.getByRole('radio', { name: 'National Strategies view' }).waitFor();
    expect(
      await page.locator('tr[data-criterion="1.1"] td[data-level="good"] button').getAttribute('aria-pressed'),
    ).toBe('true');
  }, 60_000);
});
