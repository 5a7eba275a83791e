import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserFixture } from '../helpers/browser.ts';
import { createReviewOver } from '../helpers/server.ts';

const fixture = browserFixture();

const RAG1 = 'Impact of the LA on raising standards and improving progress';
const RAG2 = 'Risk management and intervention';

/** Pick a judgement track or phase from the toolbar's radio groups. */
const choose = (page: Page, legend: string, option: string) =>
  page.getByRole('group', { name: legend }).locator('label', { hasText: option }).click();

/** Rate a criterion at a level on the track and phase on screen, and wait until the grid shows it. */
async function rate(page: Page, criterion: string, level: string): Promise<void> {
  const cell = `tr[data-criterion="${criterion}"] td[data-level="${level}"] button`;
  const pressed = await page.locator(cell).getAttribute('aria-pressed');
  await page.locator(cell).click();
  await page.locator(`${cell}[aria-pressed="${pressed === 'true' ? 'false' : 'true'}"]`).waitFor();
}

/** The count shown in the summary for one track, phase and column (a level id, "n/a" or "unrated"). */
const count = (page: Page, track: string, phase: string, column: string) =>
  page.locator(`.summary-table[data-track="${track}"] tr[data-phase="${phase}"] td[data-column="${column}"]`);

/** One cell of the dashboard: a criterion (or a group's overall row) against a phase. */
const dashboard = (page: Page, track: string, criterion: string, phase: string) =>
  page.locator(`.dashboard[data-track="${track}"] tr[data-criterion="${criterion}"] td[data-phase="${phase}"]`);
const dashboardOverall = (page: Page, track: string, group: string, phase: string) =>
  page.locator(
    `.dashboard[data-track="${track}"] tbody[data-group="${group}"] .dashboard-overall td[data-phase="${phase}"]`,
  );

const overall = (page: Page, track: string, group: string, phase: string) =>
  page.locator(`.summary-overall[data-track="${track}"] tr[data-group="${group}"] td[data-phase="${phase}"]`);

/** Wait until a locator's text is exactly `text`, by the page's own events rather than a timer. */
const shows = (locator: ReturnType<Page['locator']>, text: RegExp) => locator.filter({ hasText: text }).waitFor();

describe('the live summary of an LA quality standards review', () => {
  it("shows one page's ratings in another page's counts, indicative overall, differences and reminders", async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, 'ns-la-quality-standards', 'Summary');
    const a = await fixture.openReview(reviewId);
    const b = await fixture.openReview(reviewId, await server.addMember(reviewId, 'observer', 'Olive Observer'));

    await b.getByRole('tab', { name: 'Summary' }).click();
    await b.getByText('Nothing rated yet — ratings appear here as the meeting records them.').waitFor();

    // The LA rates two standards of RAG 1 and one of RAG 2 in the primary phase.
    await choose(a, 'Phase', 'Primary');
    await rate(a, '1.1', 'good');
    await rate(a, '1.2', 'outstanding');
    await rate(a, '2.3', 'good');
    // The National Strategies see 1.1 differently.
    await choose(a, 'Judgement', 'National Strategies view');
    await rate(a, '1.1', 'some-improvement');

    await shows(count(b, 'la', 'primary', 'good'), /^2$/);
    await shows(count(b, 'la', 'primary', 'outstanding'), /^1$/);
    await shows(count(b, 'la', 'primary', 'unrated'), /^7$/);
    await shows(count(b, 'ns', 'primary', 'some-improvement'), /^1$/);
    await shows(count(b, 'ns', 'primary', 'unrated'), /^9$/);
    expect(await count(b, 'la', 'early-years', 'unrated').textContent()).toBe('7');
    await b
      .getByRole('status')
      .getByText('4 ratings and 0 agreed ratings recorded; 1 difference between judgements.')
      .waitFor();

    // RAG 1, primary: Good and Outstanding; the lower of the two middle levels is Good.
    await shows(overall(b, 'la', RAG1, 'primary'), /^Good from 2 ratings$/);
    await shows(overall(b, 'la', RAG1, 'all'), /^Good from 2 ratings$/);
    await shows(overall(b, 'la', RAG2, 'primary'), /^Good from 1 rating$/);
    await shows(overall(b, 'ns', RAG1, 'primary'), /^Requires some improvement from 1 rating$/);
    expect(await overall(b, 'la', RAG1, 'secondary').textContent()).toBe('Not yet rated');
    expect(await overall(b, 'la', RAG1, 'primary').locator('.rag-green').textContent()).toBe('Good');

    // The dashboard, in the source's own codes; 2.3 is not judged in the early years.
    await shows(dashboard(b, 'la', '1.1', 'primary'), /^G$/);
    await shows(dashboard(b, 'la', '1.2', 'primary'), /^OS$/);
    await shows(dashboard(b, 'ns', '1.1', 'primary'), /^NI$/);
    expect(await dashboard(b, 'la', '1.1', 'secondary').textContent()).toBe('–');
    expect(await dashboard(b, 'la', '2.3', 'early-years').getByLabel('not judged in this phase').count()).toBe(1);
    expect(await dashboard(b, 'la', '1.2', 'primary').locator('abbr').getAttribute('title')).toBe('Outstanding');
    await shows(dashboardOverall(b, 'la', RAG1, 'primary'), /^G$/);
    await shows(dashboardOverall(b, 'la', RAG1, 'all'), /^G$/);
    expect(await dashboardOverall(b, 'la', RAG2, 'secondary').textContent()).toBe('–');

    // The difference on 1.1, with the National Strategies' rating reported.
    const difference = b.locator('.summary-disagreement[data-criterion="1.1"][data-phase="primary"]');
    await difference.waitFor();
    expect(await difference.locator('li').allTextContents()).toEqual([
      'LA self-evaluation: Good',
      'National Strategies view: Requires some improvement Reported — this judgement stands',
    ]);
    expect(await difference.locator('li.reported').textContent()).toContain('National Strategies view');
    expect(await b.locator('.summary-disagreement').count()).toBe(1);

    // 2.3 rated Good: its critical criteria are minimums.
    const reminder = b.locator('.summary-reminder[data-criterion="2.3"][data-phase="primary"]');
    await reminder.getByText('Critical criteria for Good: necessary, not sufficient.').waitFor();
    expect(await reminder.locator('li').count()).toBe(4);

    // The LA withdraws its rating of 1.1: the counts, the overall and the difference follow.
    await choose(a, 'Judgement', 'LA self-evaluation');
    await rate(a, '1.1', 'good');
    await shows(count(b, 'la', 'primary', 'good'), /^1$/);
    await shows(overall(b, 'la', RAG1, 'primary'), /^Outstanding from 1 rating$/);
    await shows(dashboard(b, 'la', '1.1', 'primary'), /^–$/);
    await shows(dashboardOverall(b, 'la', RAG1, 'primary'), /^OS$/);
    await b.getByText('No differences between LA self-evaluation and National Strategies view so far.').waitFor();
    expect(await b.locator('.summary-disagreement').count()).toBe(0);
  });
});
