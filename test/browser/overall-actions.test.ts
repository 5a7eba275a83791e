import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { browserFixture } from '../helpers/browser.ts';
import { createReviewOver, repoRoot } from '../helpers/server.ts';

const fixture = browserFixture();
const screenshots = join(repoRoot, 'test-results');

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** The recorded or suggested overall of one track and scope, as shown in the Overall tab. */
const card = (page: Page, track: string, scope: string) =>
  page.locator(`.overall-card[data-track="${track}"][data-scope="${scope}"]`);

describe("Milton Keynes' category, recorded from ticked triggers", () => {
  it('an editor ticks triggers for the school’s type; the facilitator records the category they point to', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, 'milton-keynes-sif', 'MK category');
    const editor = await server.addMember(reviewId, 'editor', 'Eddie Editor');
    const f = await fixture.openReview(reviewId);
    const e = await fixture.openReview(reviewId, editor);
    await f.setViewportSize({ width: 1280, height: 720 });

    // The SIP rates the school satisfactory on all three columns.
    for (const criterion of ['level-of-need', 'indicators', 'capacity']) {
      const cell = f.locator(`tr[data-criterion="${criterion}"] td[data-level="la3"] button`);
      await cell.click();
      await f.locator(`tr[data-criterion="${criterion}"] td[data-level="la3"] button[aria-pressed="true"]`).waitFor();
    }
    await tab(f, 'Overall');
    await card(f, 'sip', 'all').getByText('Suggested:').locator('..').getByText('LA3 Satisfactory').waitFor();

    await tab(e, 'Overall');
    await e.getByRole('group', { name: 'Type of school' }).getByLabel('Primary or infant school').check();
    await e.getByRole('checkbox', { name: 'Contextual attainment at KS1 below average' }).check();
    await e.getByRole('checkbox', { name: 'Downward trend in outcomes over 2+ years' }).check();
    // Editors tick, but only facilitators record the overall.
    expect(
      await card(e, 'sip', 'all')
        .getByRole('button', { name: /Record/ })
        .count(),
    ).toBe(0);

    // The facilitator sees the triggers and the category they point to, with the reason.
    await f
      .getByRole('checkbox', { name: 'Contextual attainment at KS1 below average' })
      .and(f.locator(':checked'))
      .waitFor();
    const sip = card(f, 'sip', 'all');
    await sip
      .getByText('2 triggers ticked for a primary or infant school (Appendix 1) point to LA4a At risk.')
      .waitFor();
    await sip.locator('.overall-suggested [data-level="la4a"]').waitFor();

    await sip.getByRole('button', { name: 'Record Category (School Improvement Partner)' }).click();
    const form = sip.getByRole('form', { name: 'Record Category (School Improvement Partner)' });
    expect(await form.getByLabel('Category').inputValue()).toBe('la4a');
    await form.getByRole('button', { name: 'Record' }).click();
    await form.getByRole('alert').getByText('Give the rationale').waitFor();
    await form.getByLabel('Rationale').fill('KS1 contextual attainment below average and a downward trend: at risk.');
    await form.getByRole('button', { name: 'Record' }).click();

    // Everyone sees the decision, with who made it.
    const seen = card(e, 'sip', 'all').locator('.overall-recorded');
    await seen.locator('[data-level="la4a"]').waitFor();
    await seen.getByText('KS1 contextual attainment below average and a downward trend: at risk.').waitFor();
    await seen.getByText(/^Recorded by Owner,/).waitFor();
    await e.getByRole('status').getByText('1 of 2 overall judgements recorded.').waitFor();

    expect(await axeViolations(f, '#panel-overall')).toEqual([]);
    await mkdir(screenshots, { recursive: true });
    await f.screenshot({ path: join(screenshots, 'overall-mk-1280.png'), fullPage: false });
    await sip.scrollIntoViewIfNeeded();
    await f.screenshot({ path: join(screenshots, 'overall-mk-card-1280.png'), fullPage: false });
  });
});

describe('an action plan built in the meeting', () => {
  it('builds a priority with two activities, live for the others, and removes one', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, 'milton-keynes-sif', 'MK plan');
    const editor = await server.addMember(reviewId, 'editor', 'Ella Editor');
    const observer = await server.addMember(reviewId, 'observer', 'Olly Observer');
    const e = await fixture.openReview(reviewId, editor);
    const o = await fixture.openReview(reviewId, observer);
    await e.setViewportSize({ width: 1280, height: 720 });

    await tab(e, 'Action plan');
    await e.getByText('Nothing in the action plan yet.').waitFor();
    await e.getByRole('button', { name: 'Add an improvement priority' }).click();
    const newPriority = e.getByRole('form', { name: 'New improvement priority' });
    await newPriority.getByRole('button', { name: 'Save' }).click();
    await newPriority.getByRole('alert').getByText('Improvement Priority is needed.').waitFor();
    await newPriority.getByLabel('Improvement Priority').fill('Raise attainment in KS2 mathematics');
    await newPriority.getByLabel('Current position').fill('Below floor targets for two years');
    await newPriority.getByLabel('How often').fill('Half-termly');
    await newPriority.getByRole('button', { name: 'Save' }).click();

    const priority = e.getByRole('region', { name: 'Improvement Priority 1: Raise attainment in KS2 mathematics' });
    for (const [activity, lead, start, due] of [
      ['Maths lead observes every class', 'Maths lead', '2026-01-05', '2026-03-27'],
      ['Termly pupil-progress meetings', 'Headteacher', '2026-01-12', '2026-07-17'],
    ] as const) {
      // Keyboard only: the button, then the form's fields in order.
      await priority.getByRole('button', { name: 'Add an activity to Raise attainment in KS2 mathematics' }).focus();
      await e.keyboard.press('Enter');
      const form = priority.getByRole('form', { name: 'New activity for Raise attainment in KS2 mathematics' });
      await form.getByLabel('Activity').fill(activity);
      await form.getByLabel('Lead').fill(lead);
      await form.getByLabel('Start').fill(start);
      await form.getByLabel('Target completion date').fill(due);
      await form.getByLabel('Progress RAG').selectOption('amber');
      await form.getByLabel('Lead').press('Enter');
      await priority.locator('tr[data-action] td[data-field="what"]', { hasText: activity }).waitFor();
      // Saved: the focus is back on the button that opened the form.
      await priority
        .getByRole('button', { name: 'Add an activity to Raise attainment in KS2 mathematics' })
        .and(e.locator(':focus'))
        .waitFor();
    }

    // The observer sees both activities under the one priority, dates as dates, and cannot change them.
    await tab(o, 'Action plan');
    const seen = o.getByRole('region', { name: 'Improvement Priority 1: Raise attainment in KS2 mathematics' });
    await seen.locator('tr[data-action]').nth(1).waitFor();
    expect(await seen.locator('tr[data-action] td[data-field="what"]').allTextContents()).toEqual([
      'Maths lead observes every class',
      'Termly pupil-progress meetings',
    ]);
    expect(await seen.locator('tr[data-action]').first().locator('td[data-field="due"]').textContent()).toBe(
      '27 Mar 2026',
    );
    expect(await seen.getByText('Below floor targets for two years').count()).toBe(1);
    expect(await o.getByRole('button', { name: /Edit|Remove|Add/ }).count()).toBe(0);

    await priority.getByRole('button', { name: 'Edit Maths lead observes every class' }).click();
    await priority.getByRole('form', { name: 'Change: Maths lead observes every class' }).waitFor();
    expect(await axeViolations(e, '#panel-actions')).toEqual([]);
    await priority.getByRole('button', { name: 'Cancel' }).click();
    await mkdir(screenshots, { recursive: true });
    await priority.scrollIntoViewIfNeeded();
    await e.screenshot({ path: join(screenshots, 'action-plan-1280.png'), fullPage: false });

    // The author removes one, after confirming; the observer sees it go.
    await priority.getByRole('button', { name: 'Remove Termly pupil-progress meetings' }).click();
    await priority.getByRole('button', { name: 'Yes, remove Termly pupil-progress meetings' }).click();
    await seen.locator('tr[data-action]').nth(1).waitFor({ state: 'detached' });
    await o.getByRole('status').getByText('1 improvement priority and 1 activity or action.').waitFor();
  });

  it('makes an action from a criterion’s development focus', async () => {
    const f = await fixture.openReview(await fixture.newReview('B&A plan'));
    await f.locator('tr[data-criterion="1.2"] button[aria-expanded="false"]').click();
    await f.locator('[aria-label^="Development focus for 1.2"]').click();
    await f.keyboard.type('Share termly data with every school');
    await f.getByRole('button', { name: /^Make an action from the development focus for 1\.2 / }).click();
    await f.getByRole('status').getByText('Added to the action plan: “Share termly data with every school”.').waitFor();
    await tab(f, 'Action plan');
    const row = f.locator('tr[data-action]').first();
    await row.locator('td[data-field="what"]', { hasText: 'Share termly data with every school' }).waitFor();
    expect(await row.locator('td[data-field="criterion"]').textContent()).toMatch(/^1\.2 /);
    // Edit it in place: owner, due date and RAG, as a plain action (B&A has no priority template).
    await row.getByRole('button', { name: 'Edit Share termly data with every school' }).click();
    const form = f.getByRole('form', { name: 'Change: Share termly data with every school' });
    await form.getByLabel('Owner').fill('Partnership manager');
    await form.getByLabel('Due date').fill('2026-04-30');
    await form.getByLabel('Progress RAG').selectOption('green');
    await form.getByRole('button', { name: 'Save' }).click();
    await row.locator('td[data-field="due"]', { hasText: '30 Apr 2026' }).waitFor();
    expect(await row.locator('td[data-field="rag"]').textContent()).toBe('Green');
    await f.setViewportSize({ width: 1280, height: 720 });
    await f.getByRole('button', { name: 'Add an action' }).click();
    await mkdir(screenshots, { recursive: true });
    await f.screenshot({ path: join(screenshots, 'action-plan-ba-1280.png'), fullPage: false });
  });

  it('applies Leicestershire’s inadequate-if-any conditions to a strand, at 1280×720', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, 'leicestershire-behaviour-qa', 'Leics');
    const f = await fixture.openReview(reviewId);
    await f.setViewportSize({ width: 1280, height: 720 });
    await f.locator('tr[data-criterion="1"] td[data-level="good"] button').click();
    await f.locator('tr[data-criterion="1"] td[data-level="good"] button[aria-pressed="true"]').waitFor();
    await tab(f, 'Overall');
    const strand = card(f, 'self', 'section:strand-1');
    await strand.locator('.overall-suggested [data-level="good"]').waitFor();
    await f.getByRole('checkbox', { name: 'The recording of attendance by the Partnership is not reliable' }).check();
    await strand.locator('.overall-suggested [data-level="inadequate"]').waitFor();
    await strand
      .getByText(/^1 Attendance of pupils: 1 condition ticked under "Attendance is likely to be judged inadequate/)
      .waitFor();
    await strand.getByText('With what is ticked applied: 4 Inadequate.').waitFor();
    expect(await axeViolations(f, '#panel-overall')).toEqual([]);
    await strand.scrollIntoViewIfNeeded();
    await mkdir(screenshots, { recursive: true });
    await f.screenshot({ path: join(screenshots, 'overall-leics-1280.png'), fullPage: false });
  });

  it('applies the LA standards’ critical criteria when one is ticked as not met', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, 'ns-la-quality-standards', 'NS');
    const f = await fixture.openReview(reviewId);
    await f.setViewportSize({ width: 1280, height: 720 });
    await f.getByRole('group', { name: 'Phase' }).locator('label', { hasText: 'Primary' }).click();
    await f.locator('tr[data-criterion="2.3"] td[data-level="good"] button').click();
    await f.locator('tr[data-criterion="2.3"] td[data-level="good"] button[aria-pressed="true"]').waitFor();
    await tab(f, 'Overall');
    const group = card(f, 'la', 'group:rag-2@primary');
    await group.locator('.overall-suggested [data-level="good"]').waitFor();
    await group.getByText(/1 rating at G Good or above rests on critical criteria/).waitFor();
    const critical = f.getByRole('group', { name: /^2\.3 .* — Primary$/ });
    await critical.getByRole('checkbox', { name: /identifies and commissions appropriate support/ }).check();
    await group.locator('.overall-suggested [data-level="some-improvement"]').waitFor();
    await group.getByText(/^2\.3 .* \(Primary\): a critical criterion of G Good is not met — no better than/).waitFor();
    // Across phases too; the early years are untouched (2.3 is not judged there).
    await card(f, 'la', 'group:rag-2').locator('.overall-suggested [data-level="some-improvement"]').waitFor();
    expect(await axeViolations(f, '#panel-overall')).toEqual([]);
    await critical.scrollIntoViewIfNeeded();
    await mkdir(screenshots, { recursive: true });
    await f.screenshot({ path: join(screenshots, 'overall-ns-1280.png'), fullPage: false });
  });
});
