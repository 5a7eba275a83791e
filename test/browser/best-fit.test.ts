import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { agreementOf } from '../../shared/review/agreement.ts';
import { readFrameworkFile } from '../../server/frameworks/files.ts';
import { axeViolations } from '../helpers/axe.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { connectClient, synced } from '../helpers/clients.ts';
import { MeetingClient } from '../helpers/meeting.ts';
import { createReviewOver, repoRoot, type TestUser } from '../helpers/server.ts';

const fixture = browserFixture();
const framework = await readFrameworkFile(`${repoRoot}frameworks/ns-la-quality-standards.yaml`);

/** Open a criterion's detail and one level's statements in it. */
async function openStatements(page: Page, criterion: string, level: string): Promise<void> {
  await page.locator(`tr[data-criterion="${criterion}"] button[aria-expanded="false"]`).click();
  await page.getByTestId('best-fit').waitFor();
  await page.locator('.statement-group > summary', { hasText: new RegExp(`^${level} —`) }).click();
}

const mark = (page: Page, ref: string, label: string) =>
  page.locator(`li.statement[data-ref="${ref}"]`).getByLabel(label, { exact: true }).check();

/** Wait until the suggestion's reasons read exactly `expected`, one list item each. */
async function reasons(page: Page, expected: string[]): Promise<void> {
  const items = page.getByTestId('best-fit').locator('.best-fit-reasons li');
  await items.filter({ hasText: expected.at(-1)! }).waitFor();
  await items.nth(expected.length - 1).waitFor();
  expect(await items.allTextContents()).toEqual(expected);
}

describe('statement-level evidence and the suggested best fit', () => {
  it('updates the suggestion and its reasons live in a second window, and calls out a differing rating', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'Best fit');
    const a = await fixture.openReview(reviewId);
    const b = await fixture.openReview(reviewId, await server.addMember(reviewId, 'editor', 'Bea Editor'));
    await openStatements(a, '2.5', 'Good');
    await openStatements(b, '2.5', 'Good');
    await b.getByTestId('best-fit').getByText('No statements marked yet').waitFor();

    // Every statement for Good evidenced but the critical "timely" (the third).
    for (let i = 0; i < 12; i++) if (i !== 2) await mark(a, `level:good:${i}`, 'Evidenced');
    await reasons(b, [
      'Good: 11 of 12 statements evidenced',
      "critical 'timely' not evidenced → capped at Requires some improvement",
    ]);
    expect(await b.getByTestId('best-fit').locator('.best-fit-level').textContent()).toBe('Requires some improvement');
    await b.locator('.statement-group > summary', { hasText: /^Good — 11 of 12 evidenced$/ }).waitFor();

    await mark(a, 'level:good:2', 'Evidenced');
    await reasons(b, ['Good: 12 of 12 statements evidenced']);
    await b.locator('li.statement[data-ref="level:good:2"]').getByText('marked by Owner').waitFor();

    // A rating that differs from the suggestion is called out, never changed.
    await a.locator('tr[data-criterion="2.5"] td[data-level="outstanding"] button').click();
    await b.getByTestId('best-fit').getByText('The rating differs from the evidence marked').waitFor();
    await b.getByTestId('best-fit').getByText('current rating: Outstanding').waitFor();
    expect(await b.getByTestId('best-fit').locator('.best-fit-level').textContent()).toBe('Good');
    await b.getByRole('tab', { name: 'Summary' }).click();
    await b
      .locator('.best-fit-differences li')
      .filter({ hasText: '2.5 (Early Years), LA self-evaluation: rated Outstanding, evidence suggests Good' })
      .waitFor();
    await b.getByRole('tab', { name: 'Grid' }).click();

    // Evidence items: added in one window, listed and linkable in the other.
    await a.getByLabel('Evidence', { exact: true }).fill('Data dashboard, spring term');
    await a.getByRole('button', { name: 'Add evidence' }).click();
    await b.locator('.evidence-items').getByText('Data dashboard, spring term').waitFor();
    const timely = b.locator('li.statement[data-ref="level:good:2"]');
    await timely.getByText('Linked evidence (0)').click();
    await timely.getByLabel('Data dashboard, spring term').check();
    await a.locator('li.statement[data-ref="level:good:2"]').getByText('Linked evidence (1)').waitFor();

    // The marking, the suggestion and the evidence list meet WCAG 2.2 AA.
    expect(await axeViolations(b, 'tr.detail-row')).toEqual([]);
  });

  it('records a moderation outcome that the other window and the summary show', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'Moderation');
    const a = await fixture.openReview(reviewId);
    const b = await fixture.openReview(reviewId, await server.addMember(reviewId, 'observer', 'Olive Observer'));
    await a.locator('tr[data-criterion="1.1"] td[data-level="good"] button').click();
    await a.getByRole('group', { name: 'Judgement' }).locator('label', { hasText: 'National Strategies view' }).click();
    await a.locator('tr[data-criterion="1.1"] td[data-level="some-improvement"] button').click();
    await a.locator('tr[data-criterion="1.1"] button[aria-expanded="false"]').click();
    // The LA standards make the National Strategies' view authoritative: that is the default offered.
    const moderation = a.locator('.moderation-outcome');
    await moderation.getByText('The framework suggests: Moderator’s view stands.').waitFor();
    await moderation.getByLabel('Self-evaluation stands').check();
    await moderation.getByLabel('Reason').fill('The LA’s case studies show impact the visit missed');
    await moderation.getByRole('button', { name: 'Record outcome' }).click();
    await moderation.getByText('Recorded by Owner: Self-evaluation stands').waitFor();

    await b.getByRole('tab', { name: 'Summary' }).click();
    await b
      .locator('.moderation-statement li')
      .filter({
        hasText: '1.1 (Early Years): Self-evaluation stands — The LA’s case studies show impact the visit missed',
      })
      .waitFor();
  });

  it('shows agreement from the silent rounds in the summary, as computed from the votes', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, 'Agreement');
    const voters: TestUser[] = [server.owner];
    for (const name of ['Asha', 'Ben', 'Cara']) voters.push(await server.addMember(reviewId, 'editor', name));
    const meetings = await Promise.all(
      voters.map(async (v) => {
        const m = new MeetingClient(connectClient(server.wsUrl, reviewId, { token: v.token }));
        await synced(m.client);
        m.send({ t: 'hello' });
        await m.until(() => m.events.some((e) => e.t === 'rounds'), 'the rounds');
        return m;
      }),
    );
    const page = await fixture.openReview(reviewId, voters[1]);
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.getByText('No silent rounds revealed yet.').waitFor();

    try {
      const fac = meetings[0]!;
      const plan: [string, string[]][] = [
        ['1.1', ['good', 'good', 'outstanding', 'good']],
        ['1.2', ['some-improvement', 'good', 'some-improvement', 'n/a']],
        ['1.3', ['significant-improvement', 'some-improvement', 'significant-improvement', 'significant-improvement']],
      ];
      for (const [criterion, votes] of plan) {
        fac.send({ t: 'open', criterion, phase: 'primary', track: 'la', autoReveal: false });
        const round = await fac.until(() => fac.round((r) => r.criterion === criterion && r.status === 'open'), 'open');
        meetings.forEach((m, i) => m.send({ t: 'vote', round: round.id, level: votes[i]! }));
        await fac.until(() => fac.rounds.get(round.id)!.voters.length === 4, 'four votes');
        fac.send({ t: 'reveal', round: round.id });
        await fac.until(() => fac.round((r) => r.id === round.id && r.status === 'revealed'), 'the reveal');
        fac.send({ t: 'close', round: round.id, agreed: null });
        await fac.until(() => fac.round((r) => r.id === round.id && r.status === 'closed'), 'the close');
      }
      const expected = agreementOf(
        framework,
        [...fac.rounds.values()].map((r) => ({ ...r, votes: r.votes ?? [] })),
      );
      const alpha = expected.alpha!.toFixed(2);
      await page
        .getByTestId('agreement-alpha')
        .filter({ hasText: `Krippendorff’s alpha: ${alpha}` })
        .waitFor();
      await page.getByTestId('agreement-alpha').filter({ hasText: 'over 3 rounds and 11 votes' }).waitFor();
      await page.locator('.agreement-rounds tr', { hasText: '1.2' }).filter({ hasText: '3 (+1 N/A)' }).waitFor();
      await page.getByText('What does this number mean?').click();
      await page.getByText(/1 means everyone always chose the same level/).waitFor();
    } finally {
      for (const m of meetings) m.client.destroy();
    }
  });

  it('starts a one-track framework’s review with a moderation track, moderated like any two-track one', async () => {
    const { server } = fixture;
    const page = await signedInPage(fixture.browser, server.url, server.owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${server.url}/frameworks/pmqs-3`);
    await page.getByLabel('Title').fill('PMQS moderated');
    await page.getByLabel('Add a moderation track beside the self-evaluation').check();
    await page.getByRole('button', { name: 'Create review' }).click();
    await page.waitForURL(/\/reviews\//);
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await page.locator('tr[data-criterion="1.1"] td[data-level="established"] button').click();
    await page.getByRole('group', { name: 'Judgement' }).locator('label', { hasText: 'Moderation' }).click();
    await page.locator('tr[data-criterion="1.1"] td[data-level="developing"] button').click();
    await page.locator('tr[data-criterion="1.1"] button[aria-expanded="false"]').click();
    const moderation = page.locator('.moderation-outcome');
    await moderation.getByText('Self-evaluation: Established / Good · Moderation: Developing / Satisfactory').waitFor();
    await moderation.getByLabel('Moderator’s view stands').check();
    await moderation.getByLabel('Reason').fill('Impact not yet shown in outcomes');
    await moderation.getByRole('button', { name: 'Record outcome' }).click();
    await moderation
      .getByText('Recorded by Owner: Moderator’s view stands — Impact not yet shown in outcomes')
      .waitFor();
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await moderation.screenshot({ path: '/tmp/bf/moderated.png' });
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.getByRole('heading', { name: 'Moderation outcomes' }).waitFor();
    await page.screenshot({ path: '/tmp/bf/summary.png', fullPage: true });
  });

  it('lets a facilitator add a moderation track later; every open window switches to it', async () => {
    const { server } = fixture;
    const reviewId = await createReviewOver(server.url, server.owner.token, 'pmqs-3', 'Moderated later');
    const a = await fixture.openReview(reviewId);
    const b = await fixture.openReview(reviewId, await server.addMember(reviewId, 'editor', 'Edna Editor'));
    await b.locator('tr[data-criterion="1.1"] td[data-level="established"] button').click();
    await b.getByTestId('connection-state').getByText('All changes saved').waitFor();
    expect(await b.getByRole('group', { name: 'Judgement' }).count()).toBe(0);

    await a.getByRole('tab', { name: 'Summary' }).click();
    await a.getByRole('button', { name: 'Add a moderation track' }).click();
    await b.getByRole('group', { name: 'Judgement' }).locator('label', { hasText: 'Moderation' }).waitFor();
    // The facilitator's summary now offers the moderation statement instead of the button.
    await a.getByRole('heading', { name: 'Moderation outcomes' }).waitFor();
    await b.getByRole('group', { name: 'Judgement' }).locator('label', { hasText: 'Moderation' }).click();
    await b.locator('tr[data-criterion="1.1"] td[data-level="developing"] button').click();
    await b.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await a.locator('.summary-table[data-track="moderation"]').first().waitFor();
    await b.getByRole('group', { name: 'Judgement' }).locator('label', { hasText: 'Self-evaluation' }).click();
    await b.locator('tr[data-criterion="1.1"] td[data-level="established"] button[aria-pressed="true"]').waitFor();
  });
});
