import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { createReviewOver, repoRoot } from '../helpers/server.ts';

const fixture = browserFixture();
const screenshots = join(repoRoot, 'test-results');

/** axe-core's WCAG 2.2 AA violations inside one part of the page. */
async function violations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const reviewId = (page: Page): string => new URL(page.url()).pathname.split('/').pop() ?? '';

async function review(frameworkId: string): Promise<Page> {
  const id = await createReviewOver(
    fixture.server.url,
    fixture.server.owner.token,
    frameworkId,
    `Fidelity ${frameworkId}`,
  );
  const page = await fixture.openReview(id);
  await page.setViewportSize({ width: 1280, height: 720 });
  return page;
}

describe('what the frameworks say, as the source says it', () => {
  it('LA standards: inferred critical marks are tagged with their reason; levels, evidence of impact and the editorial note shown', async () => {
    const page = await review('ns-la-quality-standards');
    // 2.3 is judged in Primary and Secondary only.
    await page.getByRole('group', { name: 'Phase' }).getByText('Primary', { exact: true }).click();
    const good = page.locator('tr[data-criterion="2.3"] td[data-level="good"]');
    const tags = good.locator('.inferred-tag');
    expect(await tags.count()).toBe(4);
    await expect(tags.first().textContent()).resolves.toMatch(/^inferred as critical: The source's bold is lost/);
    expect(await tags.first().getAttribute('title')).toContain("the four criteria for 'good'");
    // Screen readers hear it critical, and why it is marked so, with the item.
    expect(await good.locator('li.critical').first().innerText()).toMatch(
      /^Critical:\s*has an effective system .* inferred\s*as critical: The source's bold is lost/s,
    );

    // Sub-bullets nested under their bullet.
    const quality = page.locator('tr[data-criterion="2.2"] td[data-level="good"] li', { hasText: /^the quality of:/ });
    expect(await quality.locator('ul.descriptor-sub > li').allInnerTexts()).toEqual([
      'self-evaluation',
      'school improvement planning',
      'use of resources in schools where improvement is required',
    ]);

    // The standard's own sub-points stay under theirs in the criterion's guidance.
    await page.locator('tr[data-criterion="1.5"]').getByRole('button', { name: 'Focus & evidence' }).click();
    const standard = page.getByRole('complementary', { name: /^Guidance for 1\.5/ });
    const expectation = standard.locator('li', { hasText: /^focus on progression, with the expectation that:/ });
    expect(await expectation.locator('ul.descriptor-sub > li').count()).toBe(3);
    await page.locator('tr[data-criterion="1.5"]').getByRole('button', { name: 'Hide focus & evidence' }).click();

    // Full level descriptions, one click away; the column header carries them too.
    await page.getByText('What each level means').click();
    const legend = page.locator('.level-legend');
    await legend
      .locator('[data-level="outstanding"] dd')
      .getByText(/must be accompanied by substantial evidence of impact/)
      .waitFor();
    expect(
      await page
        .getByRole('columnheader', { name: /^Outstanding/ })
        .locator('[title]')
        .getAttribute('title'),
    ).toContain('substantial evidence of impact');
    await page.getByText(/How judgements are made/).click();
    const rules = page.locator('.rules-more').last();
    await rules.getByText('Evidence of impact:').first().waitFor();
    await rules.getByText(/All 16 items marked critical here are inferred from the source's wording/).waitFor();
    await rules
      .locator('.editorial-note', { hasText: 'Editorial note' })
      .getByText(/The example readout/)
      .waitFor();
    expect(await violations(page, '.rules')).toEqual([]);
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'fidelity-la-rules-1280.png') });
    await page.locator('tr[data-criterion="2.3"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'fidelity-la-critical-1280.png') });
    await page.close();
  });

  it('Milton Keynes: the 2013 targets are shown as values, not as empty cells to fill', async () => {
    const page = await review('milton-keynes-sif');
    const panel = page.locator('details.table-panel', { hasText: '14-19 Partnership targets for 2013' });
    await panel.locator('summary').click();
    const first = panel.locator('tbody tr').first();
    await first.locator('[data-source-value="target-2013"]').getByText('93.6%', { exact: true }).waitFor();
    expect(await panel.locator('[data-source-value]').allInnerTexts()).toEqual([
      '93.6%',
      '100%',
      '50%',
      '0%',
      '90%',
      '85%',
      '85%',
      '54%',
      'National figure',
      '785',
    ]);
    // Nothing to type in: the source fixes them.
    expect(await panel.locator('[contenteditable="true"]').count()).toBe(0);
    // The restored references are there in full.
    const groups = page.locator('details.table-panel', { hasText: 'Priority vulnerable and underperforming groups' });
    await groups.locator('summary').click();
    await groups.getByText('young offenders').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'fidelity-mk-targets-1280.png') });
    await page.close();
  });

  it('Milton Keynes framework page: the transcription notes list every section left out', async () => {
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${fixture.server.url}/frameworks/milton-keynes-sif`);
    await page.locator('.breadcrumb').getByText('/ version 2').waitFor();
    await page.getByText(/^About this transcription \(12 sections of the source left out\)$/).click();
    const notes = page.locator('.provenance-notes');
    expect(await notes.locator('li').count()).toBe(12);
    await notes
      .locator('li', { hasText: '1. Putting the 10 Standards into practice' })
      .getByText(/left out for length/)
      .waitFor();
    expect(await violations(page, '.provenance-notes')).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'fidelity-mk-provenance-1280.png') });
    await page.close();
  });

  it('B&A: local outcomes are marked as the source examples; nested sub-lists in 1.2 and 2.4', async () => {
    const page = await review('ba-partnership-sef');
    const sub = page.locator('tr[data-criterion="2.4"] td[data-level="developed"] ul.descriptor-sub > li');
    expect(await sub.count()).toBe(9);
    const panel = page.locator('details.table-panel', { hasText: 'Key Outcomes for Partnership' });
    await panel.locator('summary').click();
    const examples = panel.locator('tbody th .example-tag');
    await examples.first().waitFor();
    expect(await examples.count()).toBe(3);
    expect(
      await panel
        .locator('tbody tr', { has: page.locator('.example-tag') })
        .first()
        .innerText(),
    ).toContain('to reduce the number of incidents occurring during breaktimes');
    // Reword one example, remove another: everyone in the review sees it, and it can be put back.
    const lo2 = panel.locator('tr[data-row="lo2"]');
    await lo2.getByRole('textbox', { name: /^Your own wording in place of the example/ }).click();
    await page.keyboard.type('to reduce lateness by 10%');
    const lo3 = panel.locator('tr[data-row="lo3"]');
    await lo3.getByRole('button', { name: 'Remove this example' }).click();
    await lo3.getByText(/^Removed from this review by Owner\./).waitFor();
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    const other = await fixture.openReview(reviewId(page));
    const otherPanel = other.locator('details.table-panel', { hasText: 'Key Outcomes for Partnership' });
    await otherPanel.locator('summary').click();
    await otherPanel.locator('tr[data-row="lo2"]').getByText('to reduce lateness by 10%').waitFor();
    await otherPanel.locator('tr[data-row="lo3"] s').getByText('to reduce incidents of racist bullying').waitFor();
    await otherPanel.locator('tr[data-row="lo3"]').getByRole('button', { name: 'Put it back' }).click();
    await lo3.getByRole('button', { name: 'Remove this example' }).waitFor();
    await other.close();
    // The framework's own page only shows the examples: nothing to reword there.
    const preview = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    await preview.goto(`${fixture.server.url}/frameworks/ba-partnership-sef`);
    const previewPanel = preview.locator('details.table-panel', { hasText: 'Key Outcomes for Partnership' });
    await previewPanel.locator('summary').click();
    await previewPanel.locator('tr[data-row="lo1"] .example-tag').waitFor();
    expect(await previewPanel.getByRole('textbox', { name: /^Your own wording/ }).count()).toBe(0);
    expect(await previewPanel.getByRole('button', { name: 'Remove this example' }).count()).toBe(0);
    await preview.close();
    expect(await violations(page, 'details.table-panel[open]')).toEqual([]);
    await lo2.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'fidelity-ba-examples-1280.png') });
    await page.locator('tr[data-criterion="1.2"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'fidelity-ba-nested-1280.png') });
    await page.close();
  });
});
