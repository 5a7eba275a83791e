import { describe, expect, it } from 'vitest';
import { browserFixture, chooseCriterion } from '../helpers/browser.ts';

const fixture = browserFixture();

describe('a meeting in three browsers', () => {
  it('follows the facilitator, runs a silent round, agrees and locks', async () => {
    const reviewId = await fixture.newReview('Meeting review');
    const alice = await fixture.server.addMember(reviewId, 'editor', 'Alice Editor');
    const olive = await fixture.server.addMember(reviewId, 'observer', 'Olive Observer');
    const f = await fixture.openReview(reviewId, fixture.server.owner);
    const e = await fixture.openReview(reviewId, alice);
    const o = await fixture.openReview(reviewId, olive);

    // Follow: the facilitator spotlights a criterion; the others are brought to it.
    await chooseCriterion(f, '1.2');
    await f.getByRole('button', { name: 'Spotlight 1.2' }).click();
    for (const page of [e, o]) {
      await page.getByText('Following the facilitator (on 1.2)').waitFor();
      await page.locator('tr.spotlit[data-criterion="1.2"]').waitFor();
    }
    // Alice stops following to browse, then rejoins with one click.
    await e.getByRole('button', { name: 'Stop following' }).click();
    await chooseCriterion(f, '2.1');
    await f.getByRole('button', { name: 'Spotlight 2.1' }).click();
    await e.getByRole('button', { name: 'Rejoin the facilitator on 2.1' }).waitFor();
    expect(await e.getByText('Following the facilitator').count()).toBe(0);
    await e.getByRole('button', { name: 'Rejoin the facilitator on 2.1' }).click();
    await e.getByText('Following the facilitator (on 2.1)').waitFor();

    // A silent round on 1.1.
    await chooseCriterion(f, '1.1');
    await f.getByRole('button', { name: 'Silent round on 1.1' }).click();
    for (const page of [f, e, o]) await page.getByRole('heading', { name: /Silent rating: 1\.1/ }).waitFor();
    expect(await o.locator('.vote').count()).toBe(0);
    await e.locator('.vote').getByRole('button', { name: 'Established' }).click();
    await f
      .getByTestId('round-progress')
      .getByText(/1 of 2 have voted: Alice Editor/)
      .waitFor();
    // The observer sees who voted, not what.
    await o
      .getByTestId('round-progress')
      .getByText(/Alice Editor/)
      .waitFor();
    expect(await o.locator('.distribution').count()).toBe(0);
    await f.locator('.vote').getByRole('button', { name: 'Established' }).click();

    // Everyone who may vote has voted: revealed on every page, on the grid too.
    for (const page of [f, e, o]) {
      await page.locator('.distribution').getByText('2 votes (Alice Editor, Owner)').waitFor();
      await page.locator('tr[data-criterion="1.1"] td[data-level="established"] .votes').getByText('2 votes').waitFor();
    }
    await f.getByText('Consensus: Established.').waitFor();
    await f.getByRole('button', { name: 'Record and close the round' }).click();

    // Agreed and locked: everyone sees it; the editor can no longer change 1.1.
    for (const page of [e, o]) {
      await page.locator('tr[data-criterion="1.1"] td[data-level="established"] .agreed').waitFor();
      await page.locator('tr[data-criterion="1.1"]').getByText('Locked by Owner').waitFor();
    }
    expect(await e.locator('tr[data-criterion="1.1"] td[data-level="developing"] button').isDisabled()).toBe(true);
    expect(await e.locator('.round-panel').count()).toBe(0);
    await f.getByTestId('connection-state').getByText('All changes saved').waitFor();
  });
});
