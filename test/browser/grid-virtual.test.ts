import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { connectClient, synced, type StockClient } from '../helpers/clients.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

const SECTIONS = 20;
const PER_SECTION = 50;
const LEVELS = ['developing', 'developed', 'established', 'enhancing'];
const FRAMEWORK_ID = 'virtual-grid-1000';

/** A framework with 1,000 criteria ("1.1" … "20.50") in 20 sections, judged by two tracks. */
function largeFramework() {
  return {
    id: FRAMEWORK_ID,
    version: 1,
    title: 'A thousand criteria',
    provenance: { title: 'Generated for the virtualised grid test' },
    scale: {
      label: 'Current rating',
      levels: LEVELS.map((id, i) => ({ id, label: id[0]!.toUpperCase() + id.slice(1), value: i + 1 })),
    },
    tracks: [
      { id: 'la', label: 'LA self-evaluation' },
      { id: 'ns', label: 'National Strategies view', authoritative: true },
    ],
    sections: Array.from({ length: SECTIONS }, (_, s) => ({
      id: `s${s + 1}`,
      code: String(s + 1),
      title: `Section ${s + 1}`,
      criteria: Array.from({ length: PER_SECTION }, (_, c) => {
        const id = `${s + 1}.${c + 1}`;
        // Short, so the file stays within the upload limit (256 KiB).
        return { id, code: id, title: `C${id}`, descriptors: Object.fromEntries(LEVELS.map((l) => [l, [l]])) };
      }),
    })),
  };
}

/** Where focus is in the grid: the criterion of the focused cell's row, and that row's aria-rowindex. */
const focusedRow = (page: Page) =>
  page.evaluate(() => {
    const row = document.activeElement?.closest<HTMLElement>('[role="grid"] tr');
    return row ? { criterion: row.dataset.criterion, rowIndex: row.getAttribute('aria-rowindex') } : null;
  });

/** The aria-rowindex of criterion k (0-based): after the headings' row and the section rows so far. */
const rowIndexOf = (k: number) => String(2 + k + Math.floor(k / PER_SECTION) + 1);

let reviewId = '';
let page: Page;
let writer: StockClient;

beforeAll(async () => {
  const auth = { authorization: `Bearer ${fixture.server.owner.token}` };
  const me = (await (await fetch(`${fixture.server.url}/api/auth/me`, { headers: auth })).json()) as {
    workspaces: { id: string }[];
  };
  const res = await fetch(`${fixture.server.url}/api/frameworks?workspaceId=${me.workspaces[0]!.id}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(largeFramework()),
  });
  if (res.status !== 201) throw new Error(`publishing the framework failed: ${res.status} ${await res.text()}`);
  reviewId = await createReviewOver(fixture.server.url, fixture.server.owner.token, FRAMEWORK_ID, 'Large review');
  page = await fixture.openReview(reviewId);
  writer = connectClient(fixture.server.wsUrl, reviewId, { token: fixture.server.owner.token });
  await synced(writer);
}, 60_000);

afterAll(() => writer.destroy());

describe('a 1,000-row review (rows virtualised)', () => {
  it('tells screen readers the full size while rendering only the rows near the screen', async () => {
    const grid = page.getByRole('grid');
    await grid.locator('tr[data-criterion="1.1"]').waitFor();
    // Headings' row, 20 section rows, 1,000 criteria.
    expect(await grid.getAttribute('aria-rowcount')).toBe('1021');
    const rendered = await grid.locator('tr.criterion-row').count();
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(100);
    expect(await grid.locator('tr[data-criterion="1.1"]').getAttribute('aria-rowindex')).toBe('3');
    // Still one tab stop.
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
  });

  it('moves focus with the arrow keys from the first row to rows that were not rendered', async () => {
    const grid = page.getByRole('grid');
    // Criterion 61 (2.11) is far below the first screen.
    expect(await grid.locator('tr[data-criterion="2.11"]').count()).toBe(0);
    await grid.locator('tr[data-criterion="1.1"] td[data-level="developed"] button').focus();
    for (let k = 1; k <= 60; k++) {
      await page.keyboard.press('ArrowDown');
      const id = `${Math.floor(k / PER_SECTION) + 1}.${(k % PER_SECTION) + 1}`;
      await page
        .waitForFunction(
          (criterion) => document.activeElement?.closest('tr')?.getAttribute('data-criterion') === criterion,
          id,
          { timeout: 10_000 },
        )
        .catch(async () => {
          throw new Error(
            `ArrowDown ${k} should focus criterion ${id}; focus is on ${JSON.stringify(await focusedRow(page))}`,
          );
        });
    }
    expect(await focusedRow(page)).toEqual({ criterion: '2.11', rowIndex: rowIndexOf(60) });
    // The same column all the way down, and the focused cell is on screen.
    expect(await page.evaluate(() => document.activeElement?.closest('td')?.dataset.level)).toBe('developed');
    const inView = await page.evaluate(() => {
      const box = document.activeElement!.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight;
    });
    expect(inView).toBe(true);
    // Back up again, and Home within the row.
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.getAttribute('data-criterion') === '2.10');
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.closest('td')?.dataset.level)).toBe('developing');
    expect(await grid.locator('[tabindex="0"]').count()).toBe(1);
  }, 60_000);

  it('shows a remote edit to a row off the screen once scrolled to it', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const row = page.locator('tr[data-criterion="10.25"]');
    expect(await row.count()).toBe(0);
    writer.doc.getMap<string>('ratings').set('la/10.25/-', 'established');
    // The page has it (the progress counts it) while its row is still not rendered.
    await page.locator('.progress').getByText('1 of 1000 rated').waitFor();
    expect(await row.count()).toBe(0);
    // Scroll down a screen at a time, as a person would, until the row is rendered.
    // Each step waits for two frames, or a quarter second if frames stop coming, and all of it stops
    // within the test's time: a page that stops rendering fails here saying so, instead of scrolling
    // on under the next test.
    const scrolled = await page.evaluate(async (id) => {
      const frames = { asked: 0, came: 0 };
      const twoFrames = () =>
        new Promise<void>((resolve) => {
          frames.asked++;
          setTimeout(resolve, 250);
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              frames.came++;
              resolve();
            }),
          );
        });
      const until = performance.now() + 40_000;
      for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
        if (document.querySelector(`tr[data-criterion="${id}"]`)) return null;
        if (performance.now() > until) break;
        window.scrollTo(0, y);
        await twoFrames();
      }
      return { ...frames, scrollY: window.scrollY, visibility: document.visibilityState };
    }, '10.25');
    expect(scrolled, 'scrolled to the end without the row being rendered').toBeNull();
    await row.locator('td[data-level="established"] button[aria-pressed="true"]').waitFor();
    expect(await row.getAttribute('aria-rowindex')).toBe(rowIndexOf(474));
  }, 60_000);

  it('takes a summary link to the last criterion, scrolled to and focused', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const ratings = writer.doc.getMap<string>('ratings');
    writer.doc.transact(() => {
      ratings.set('la/20.50/-', 'developing');
      ratings.set('ns/20.50/-', 'enhancing');
    });
    await page.getByRole('tab', { name: 'Summary' }).click();
    const difference = page.locator('.summary-disagreement[data-criterion="20.50"]');
    await difference.getByRole('link', { name: /20\.50.*show in the grid/ }).click();
    await page.locator('#panel-grid:not([hidden])').waitFor();
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.getAttribute('data-criterion') === '20.50');
    expect(await focusedRow(page)).toEqual({ criterion: '20.50', rowIndex: rowIndexOf(999) });
    // Scrolled (smoothly) to just below the sticky header.
    await page.waitForFunction(() => {
      const row = document.querySelector('tr[data-criterion="20.50"]')?.getBoundingClientRect();
      const header = document.querySelector('.review-header')?.getBoundingClientRect();
      return !!row && !!header && row.top >= header.bottom - 1 && row.top < window.innerHeight;
    });
  }, 60_000);

  it("fills the facilitator's criterion list only once it is reached for, and brings a chosen row into view", async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const picker = page.getByLabel('Current criterion');
    const options = picker.locator('option');
    // At first the list holds the current criterion alone, not a thousand options.
    expect(await options.count()).toBe(1);
    expect(await picker.inputValue()).toBe(await options.first().getAttribute('value'));
    const next = page.getByRole('button', { name: 'Next criterion' });
    const before = await next.boundingBox();
    await picker.focus();
    await options.nth(999).waitFor({ state: 'attached' });
    expect(await options.count()).toBe(1000);
    // Filling the list moves nothing beside it.
    expect(await next.boundingBox()).toEqual(before);
    expect(await options.nth(999).textContent()).toBe('20.50 C20.50');
    await picker.selectOption('17.25');
    const row = page.locator('tr[data-criterion="17.25"]');
    await row.waitFor();
    await page.waitForFunction(() => {
      const box = document.querySelector('tr[data-criterion="17.25"]')!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(await row.getAttribute('class')).toContain('current');
    expect(await picker.inputValue()).toBe('17.25');
    // Focus stayed in the list, so the arrow keys go on choosing from it.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
  }, 60_000);

  it('renders every row for printing, and virtualises again after', async () => {
    const rows = page.getByRole('grid').locator('tr.criterion-row');
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await rows.count()).toBe(1000);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.waitForFunction(() => document.querySelectorAll('tr.criterion-row').length < 100);
  }, 60_000);
});

// Pages of their own, after the shared page's tests: a window opened and closed beside the shared
// page while it is in use is not what these tests are about.
describe('a fresh load of the 1,000-row review', () => {
  it('keeps focus given to the first cell as soon as the grid appears, so the first key moves it', async () => {
    // A fresh load: focus is given the moment the first cell is in the page, before the load has settled.
    const fresh = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    try {
      await fresh.goto(`${fixture.server.url}/reviews/${reviewId}`);
      const first = fresh.getByRole('grid').locator('tr[data-criterion="1.1"] td[data-level="developed"] button');
      await first.focus();
      await first.evaluate((b) => ((window as { given?: Element }).given = b));
      // Everything the load asked for has arrived and been rendered: the same element still has focus.
      await fresh.waitForLoadState('networkidle');
      await fresh.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      expect(await fresh.evaluate(() => document.activeElement === (window as { given?: Element }).given)).toBe(true);
      await fresh.keyboard.press('ArrowDown');
      await fresh.waitForFunction(
        () => document.activeElement?.closest('tr')?.getAttribute('data-criterion') === '1.2',
        null,
        { timeout: 10_000 },
      );
      expect(await fresh.evaluate(() => document.activeElement?.closest('td')?.dataset.level)).toBe('developed');
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('says when the virtualiser cannot be fetched, shows no half-built rows, and tries again on request', async () => {
    const fresh = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    try {
      await fresh.setViewportSize({ width: 1280, height: 720 });
      // The chunk holding the virtualiser fails to arrive (a dropped connection, a replaced deploy).
      await fresh.route(/\/assets\/VirtualRows-[^/]*\.js$/, (route) => route.abort());
      await fresh.goto(`${fixture.server.url}/reviews/${reviewId}`);
      const grid = fresh.getByRole('grid');
      await expect
        .poll(() => grid.getByRole('status').textContent(), { timeout: 20_000 })
        .toBe('The criteria could not be shown: check the connection. Try again');
      expect(await grid.locator('tr[data-criterion]').count()).toBe(0);
      // The grid's headings and the review's chrome are still there around the message.
      expect(await grid.getByRole('columnheader').count()).toBe(LEVELS.length + 1);
      if (process.env.SCREENSHOTS) await fresh.screenshot({ path: 'test-results/virtualiser-failed.png' });
      // Once the connection is back, trying again shows the rows without reloading the page.
      await fresh.unroute(/\/assets\/VirtualRows-[^/]*\.js$/);
      await grid.getByRole('button', { name: 'Try again' }).click();
      await grid.locator('tr[data-criterion="1.1"]').waitFor({ timeout: 20_000 });
      expect(await grid.getByRole('status').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  }, 60_000);
});
