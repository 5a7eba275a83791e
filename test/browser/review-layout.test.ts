import { describe, expect, it } from 'vitest';
import { browserFixture, chooseCriterion, signedInPage } from '../helpers/browser.ts';

const fixture = browserFixture();

describe('the review page for a newcomer', () => {
  it('builds the meeting bar once, in the sticky header, when the review opens', async () => {
    const reviewId = await fixture.newReview('Meeting bar review');
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    // Counts every meeting bar taken out of the page from the first script on.
    await page.addInitScript({
      content: `window.__barsRemoved = 0;
        new MutationObserver((records) => {
          for (const r of records)
            for (const n of r.removedNodes)
              if (n instanceof Element && (n.matches('.meeting-bar') || n.querySelector('.meeting-bar'))) window.__barsRemoved++;
        }).observe(document, { subtree: true, childList: true });`,
    });
    await page.goto(`${fixture.server.url}/reviews/${reviewId}`);
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await page.locator('.review-header .meeting-bar').getByRole('button', { name: /Next/ }).waitFor();
    expect(await page.locator('.meeting-bar').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __barsRemoved: number }).__barsRemoved)).toBe(0);
  });

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
    expect(await page.getByRole('tab', { name: 'Overall' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('End');
    expect(await page.getByRole('tab', { name: 'Meeting mode' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
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

describe('remote rating changes', () => {
  it('are announced politely to screen readers, batched, and never one’s own', async () => {
    const reviewId = await fixture.newReview('Announced review');
    const a = await fixture.openReview(reviewId);
    const b = await fixture.openReview(reviewId, await fixture.server.addMember(reviewId, 'editor', 'Bea Remote'));
    const announcer = a.getByTestId('rating-announcer');
    expect(await announcer.getAttribute('role')).toBe('status');
    // Every announcement made, in order.
    await a.evaluate(() => {
      const el = document.querySelector('[data-testid="rating-announcer"]')!;
      const seen: string[] = [];
      (window as unknown as { announced: string[] }).announced = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await a.locator('tr[data-criterion="2.1"] td[data-level="developed"] button').click();
    await b.locator('tr[data-criterion="2.1"] td[data-level="developed"] button[aria-pressed="true"]').waitFor();
    for (const [criterion, level] of [
      ['1.1', 'established'],
      ['1.2', 'developing'],
      ['1.3', 'enhancing'],
    ] as const)
      await b.locator(`tr[data-criterion="${criterion}"] td[data-level="${level}"] button`).click();
    await announcer.getByText(/Bea Remote rated 1\.3 Enhancing/).waitFor();
    const announced = await a.evaluate(() => (window as unknown as { announced: string[] }).announced);
    const all = announced.join(' | ');
    expect(all).toContain('Bea Remote rated 1.1 Established');
    expect(all).toContain('Bea Remote rated 1.2 Developing');
    expect(all).not.toContain('2.1');
    // Three quick changes make at most two announcements (the first at once, the rest together).
    expect(announced.filter((t) => t.length > 0).length).toBeLessThanOrEqual(2);
  });
});

describe('following the facilitator', () => {
  it('brings the spotlit criterion whole below the sticky header and round panel, at 1024×768', async () => {
    const reviewId = await fixture.newReview('Follow review');
    const f = await fixture.openReview(reviewId);
    const e = await fixture.openReview(reviewId, await fixture.server.addMember(reviewId, 'editor', 'Fay Follower'));
    await e.setViewportSize({ width: 1024, height: 768 });
    await chooseCriterion(f, '2.1');
    await f.getByRole('button', { name: 'Silent round on 2.1' }).click();
    // The facilitator's own panel first: a round the server never opened fails here, not as a follower's.
    await f
      .getByRole('heading', { name: /Silent rating: 2\.1/ })
      .waitFor()
      .catch(async (error: Error) => {
        const said = await f.getByRole('alert').allTextContents();
        const badge = await f.getByTestId('connection-state').textContent();
        throw new Error(`${error.message}\nThe facilitator's page said: ${said.join(' | ') || 'nothing'}; ${badge}`);
      });
    await e.getByRole('heading', { name: /Silent rating: 2\.1/ }).waitFor();
    const th = e.locator('tr[data-criterion="2.1"] th.criterion');
    await e.waitForFunction(() => {
      const head = document.querySelector('.rubric thead th')!.getBoundingClientRect();
      const row = document.querySelector('tr[data-criterion="2.1"]')!.getBoundingClientRect();
      return row.top >= head.bottom - 1 && row.top < head.bottom + 40;
    });
    const header = (await e.locator('.review-header').boundingBox())!;
    const row = (await th.boundingBox())!;
    expect(row.y).toBeGreaterThanOrEqual(header.y + header.height);
    expect(await e.locator('tr[data-criterion="2.1"]').getByText('Spotlight').count()).toBe(0); // a CSS label, not text
    expect(await e.locator('tr.spotlit[data-criterion="2.1"]').count()).toBe(1);
  });
});
