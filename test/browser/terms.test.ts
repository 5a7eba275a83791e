import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { axeViolations } from '../helpers/axe.ts';
import { readFrameworkFile } from '../../server/frameworks/files.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { browserFixture } from '../helpers/browser.ts';
import { connectClient, synced, until } from '../helpers/clients.ts';
import { createReviewOver, repoRoot } from '../helpers/server.ts';

const fixture = browserFixture();
const mk = await readFrameworkFile(`${repoRoot}frameworks/milton-keynes-sif.yaml`);
const shots = process.env.SCREENSHOTS_DIR;

const screenshot = async (page: Page, name: string) => {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png` });
};

/** Rate a criterion at a level in the grid and wait until it shows as chosen. */
async function rate(page: Page, criterion: string, level: string): Promise<void> {
  const cell = `tr[data-criterion="${criterion}"] td[data-level="${level}"] button`;
  await page.locator(cell).click();
  await page.locator(`${cell}[aria-pressed="true"]`).waitFor();
  await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
}

describe('terms in the browser', () => {
  it('takes a snapshot, compares it with now, starts next term and opens the trends', async () => {
    const reviewId = await fixture.newReview('North partnership 2025-26');
    const page = await fixture.openReview(reviewId);
    await page.setViewportSize({ width: 1280, height: 720 });
    await rate(page, '1.1', 'developing');

    await page.getByRole('tab', { name: 'Terms & snapshots' }).click();
    await page.getByText('No snapshots yet.').waitFor();
    await page.getByLabel('Label').fill('Autumn 2025 agreed');
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByRole('status').filter({ hasText: 'Snapshot “Autumn 2025 agreed” taken.' }).waitFor();
    await page.getByRole('rowheader', { name: 'Autumn 2025 agreed' }).waitFor();
    await screenshot(page, 'terms-tab');
    expect(await axeViolations(page)).toEqual([]);

    // The snapshot, read-only in the grid exactly as it was.
    await page.getByRole('link', { name: 'View Autumn 2025 agreed' }).click();
    await page.getByRole('heading', { name: 'Autumn 2025 agreed' }).waitFor();
    const frozen = page.locator('tr[data-criterion="1.1"] td[data-level="developing"] button');
    await frozen.waitFor();
    expect(await frozen.getAttribute('aria-pressed')).toBe('true');
    expect(await frozen.getAttribute('aria-disabled')).toBe('true');
    await screenshot(page, 'snapshot');

    // Change the live review, then compare the snapshot with now.
    await page.goto(`${fixture.server.url}/reviews/${reviewId}`);
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await rate(page, '1.1', 'established');
    await page.getByRole('tab', { name: 'Terms & snapshots' }).click();
    await page.getByRole('link', { name: 'Compare with now (Autumn 2025 agreed)' }).click();
    const row = page.locator('.compare tr[data-criterion="1.1"]');
    await row.waitFor();
    expect(await row.locator('td[data-move]').innerText()).toBe('↑ up 2 levels');
    await page.getByText('1 up, 0 down, 0 the same').waitFor();
    expect(await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')).toContain('format=csv');
    await screenshot(page, 'compare');
    expect(await axeViolations(page)).toEqual([]);

    // Next term: the same framework and people; last term's rating in the row.
    await page.goto(`${fixture.server.url}/reviews/${reviewId}`);
    await page.getByRole('tab', { name: 'Terms & snapshots' }).click();
    await page.getByLabel('Title').fill('North partnership 2026-27');
    await page.getByRole('button', { name: 'Start next term’s review' }).click();
    await page.getByRole('heading', { name: 'North partnership 2026-27' }).waitFor();
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    const lastTime = page.locator('tr[data-criterion="1.1"] .last-time');
    await lastTime.filter({ hasText: 'Last time: Developing' }).waitFor();
    await screenshot(page, 'next-term');

    // Key outcomes written this term, baseline through term 2.
    const term2 = new URL(page.url()).pathname.split('/')[2]!;
    const writer = connectClient(fixture.server.wsUrl, term2, { token: fixture.server.owner.token });
    await synced(writer);
    const cells = writer.doc.getMap<Y.Text>('tableCells');
    const figures: [string, string, string][] = [
      ['ko2', 'baseline', '8.2% absence'],
      ['ko2', 'term1', '7.9%'],
      ['ko2', 'term2', '7.1%'],
      ['ko4', 'baseline', '14 exclusions'],
      ['ko4', 'term1', '11'],
    ];
    for (const [row, column, text] of figures) cells.get(`outcomes/${row}/${column}`)!.insert(0, text);
    const watcher = connectClient(fixture.server.wsUrl, term2, { token: fixture.server.owner.token });
    await until(
      watcher.doc,
      () => watcher.doc.getMap<Y.Text>('tableCells').get('outcomes/ko4/term1')?.toString() === '11',
    );
    writer.destroy();
    watcher.destroy();

    await page.getByRole('tab', { name: 'Terms & snapshots' }).click();
    await page.getByRole('link', { name: 'Trends over the terms' }).click();
    const chart = page.locator('figure.chart svg[aria-label^="1.1 "]');
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toBe('1.1 Engagement of all schools: Current rating by term');
    await page.getByRole('table', { name: '1.1 Engagement of all schools' }).waitFor();
    await page.getByRole('table', { name: 'Key Outcomes for Partnership' }).waitFor();
    const outcomes = page.locator('figure.chart svg[aria-label^="Key Outcomes for Partnership"]');
    await outcomes.waitFor();
    expect(await outcomes.getAttribute('aria-description')).toBe(
      'KO2 Baseline data: 8.2; KO2 Term 1 progress: 7.9; KO2 Term 2 progress: 7.1; KO4 Baseline data: 14; KO4 Term 1 progress: 11',
    );
    await screenshot(page, 'trends');
    expect(await axeViolations(page)).toEqual([]);
    await outcomes.scrollIntoViewIfNeeded();
    await screenshot(page, 'trends-outcomes');

    // An observer of last term reads its snapshots and compares, but takes none and starts no term.
    const observer = await fixture.server.addMember(reviewId, 'observer', 'Olive Observer');
    const seen = await fixture.openReview(reviewId, observer);
    await seen.setViewportSize({ width: 1280, height: 720 });
    await seen.getByRole('tab', { name: 'Terms & snapshots' }).click();
    await seen.getByRole('rowheader', { name: 'Autumn 2025 agreed' }).waitFor();
    await seen.getByRole('button', { name: 'Compare' }).waitFor();
    expect(await seen.getByRole('button', { name: 'Take snapshot' }).count()).toBe(0);
    expect(await seen.getByRole('button', { name: 'Start next term’s review' }).count()).toBe(0);
    await seen.getByText('Next term: North partnership 2026-27').waitFor();
    await screenshot(seen, 'terms-observer');
  });

  it('filters the portfolio to the schools at risk and clicks through to one', async () => {
    const { server } = fixture;
    const owner = server.owner;
    const categories = mk.sections.flatMap((s) => s.criteria).map((c) => c.id);
    const rateAll = async (reviewId: string, level: string) => {
      const client = connectClient(server.wsUrl, reviewId, { token: owner.token });
      await synced(client);
      const review = new ReviewDoc(client.doc, mk);
      for (const c of categories) review.setRating('sip', c, '-', level);
      const watcher = connectClient(server.wsUrl, reviewId, { token: owner.token });
      await until(watcher.doc, () =>
        categories.every((c) => new ReviewDoc(watcher.doc, mk).getRating('sip', c) === level),
      );
      client.destroy();
      watcher.destroy();
    };
    const good = await createReviewOver(server.url, owner.token, mk.id, 'Ashfield Primary');
    const risky = await createReviewOver(server.url, owner.token, mk.id, 'Brook School');
    await rateAll(good, 'la2');
    await rateAll(risky, 'la4a');

    const page = await fixture.openReview(good);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('link', { name: 'Portfolio' }).click();
    const table = page.locator('table.heatmap[data-framework="milton-keynes-sif"]');
    await table.locator(`tr[data-review="${risky}"]`).waitFor();
    await table.locator(`tr[data-review="${good}"]`).waitFor();
    await screenshot(page, 'portfolio');

    const filter = page.getByLabel('Overall or category');
    await filter.focus();
    await filter.selectOption('at-risk');
    // Brook School's category is LA4a, at risk; Ashfield Primary's LA2 is not.
    await table.locator(`tr[data-review="${good}"]`).waitFor({ state: 'detached' });
    // The table was replaced in place: the filter in hand stayed mounted, and focused, while the new one loaded.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('category');
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /^Showing \d+ of \d+ reviews/ })
        .count(),
    ).toBe(1);
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator(`tr[data-review="${risky}"] td.rag-red`).count()).toBe(categories.length + 1);
    await screenshot(page, 'portfolio-at-risk');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Brook School' }).click();
    await page.getByRole('heading', { name: 'Brook School' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/reviews/${risky}`);
  });
});
