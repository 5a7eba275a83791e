import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { makeUser } from '../helpers/server.ts';

const fixture = browserFixture();
const adaptedId = 'ba-partnership-sef-test-workspace';

/** axe-core's violations at WCAG 2.2 AA, one line each. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.flatMap((v) =>
    v.nodes.slice(0, 3).map((n) => `${v.id} (${v.impact ?? '?'}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
  );
}

/** Open a criterion's part of the editor (a closed <details>) by its id. */
async function openCriterion(page: Page, at: string) {
  const criterion = page.locator(`details[data-at="${at}"]`);
  await criterion.locator(':scope > summary').click();
  await criterion.getByLabel('Criterion title').waitFor();
  return criterion;
}

async function startReview(page: Page, title: string): Promise<string> {
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'Create review' }).click();
  await page.waitForURL(/\/reviews\//);
  await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
  return new URL(page.url()).pathname;
}

describe('the framework editor', () => {
  it('adapts the B&A SEF, checks it live, saves version 2 with a change, compares, and leaves older reviews on version 1', async () => {
    const { url, owner } = fixture.server;
    const page = await signedInPage(fixture.browser, url, owner);
    await page.setViewportSize({ width: 1280, height: 720 });

    // Version 1: the SEF adapted under an id of the workspace's own.
    await page.goto(`${url}/frameworks/ba-partnership-sef`);
    await page.getByRole('link', { name: 'Adapt this framework' }).click();
    await page.getByRole('heading', { name: /^Adapt / }).waitFor();
    expect(await page.getByLabel('Id', { exact: true }).inputValue()).toBe(adaptedId);
    await page.getByRole('status').getByText('No problems: ready to save').waitFor();
    await page.getByLabel('Change note').fill('Adapted from the B&A SEF for our partnership');
    await page.getByRole('button', { name: 'Save version 1' }).click();
    await page.getByText(`Saved version 1 of ${adaptedId}`).waitFor();
    await page.getByRole('link', { name: 'Open it to start a review' }).click();
    await page.getByText('version 1').first().waitFor();
    const firstReview = await startReview(page, 'Autumn review');
    await page.getByTestId('framework-version').getByText('version 1').waitFor();

    // Version 2: one criterion changed and a sub-bullet added, through a fault named and fixed live.
    await page.goto(`${url}/frameworks/${adaptedId}`);
    await page.getByRole('link', { name: 'Edit: save a new version' }).click();
    await page.getByRole('heading', { name: /^New version of/ }).waitFor();
    expect(await page.getByLabel('Version', { exact: true }).inputValue()).toBe('2');
    const criterion = await openCriterion(page, 'sections.0.criteria.0');
    await criterion.getByLabel('Criterion title').fill('Engagement of all schools and colleges');
    const developing = criterion.getByLabel('Descriptor: Developing');
    await developing.press('ControlOrMeta+End');
    await developing.pressSequentially('\n  Colleges attend at least one meeting each term.');

    const id = criterion.getByLabel('Criterion id');
    await id.fill('1 1');
    const status = page.getByRole('complementary', { name: 'Check and save' }).getByRole('status').first();
    await status.getByText('1 problem').waitFor();
    const fault = page
      .getByRole('list', { name: 'Problems' })
      .getByRole('button', { name: 'sections.0.criteria.0.id' });
    await fault.waitFor();
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    await criterion.getByText('sections.0.criteria.0.id: must be letters, digits').waitFor();
    // Naming the fault takes the person to the field.
    await fault.click();
    expect(await id.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: '/tmp/framework-editor-fault.png' });
    expect(await violations(page)).toEqual([]);
    await id.fill('1.1');
    await status.getByText('No problems: ready to save').waitFor();
    expect(await id.getAttribute('aria-invalid')).toBeNull();

    await page.getByLabel('Change note').fill('1.1 covers colleges; colleges attend each term');
    await page.getByRole('button', { name: 'Save version 2' }).click();
    await page.getByText(`Saved version 2 of ${adaptedId}`).waitFor();

    // The comparison lists the change.
    await page.getByRole('link', { name: 'Compare with version 1' }).click();
    await page.getByRole('heading', { name: 'Changes from version 1 to version 2' }).waitFor();
    const changes = page.locator('.framework-changes');
    await changes.getByText('criterion 1.1 Engagement of all schools and colleges').waitFor();
    await changes.getByText('title: “Engagement of all schools” → “Engagement of all schools and colleges”').waitFor();
    await changes.getByText('Developing: added “– Colleges attend at least one meeting each term.”').waitFor();
    expect(await changes.locator(':scope > li').count()).toBe(1);
    await page.getByRole('cell', { name: '1.1 covers colleges; colleges attend each term' }).waitFor();
    await page.screenshot({ path: '/tmp/framework-editor-compare.png' });
    expect(await violations(page)).toEqual([]);

    // A review started now uses version 2; the older one keeps version 1.
    await page.goto(`${url}/frameworks/${adaptedId}`);
    await page.getByText('version 2').first().waitFor();
    await startReview(page, 'Spring review');
    await page.getByTestId('framework-version').getByText('version 2').waitFor();
    const row = page.locator('tr[data-criterion="1.1"]');
    await row.locator('.title').getByText('Engagement of all schools and colleges').waitFor();
    await page.goto(`${url}${firstReview}`);
    await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
    await page.getByTestId('framework-version').getByText('version 1').waitFor();
    await row.locator('.title').getByText('Engagement of all schools', { exact: true }).waitFor();
    expect(await row.getByText('and colleges').count()).toBe(0);
    await page.close();
  });

  it('is reachable by keyboard: a field, its label and a problem named in the list', async () => {
    const { url, owner } = fixture.server;
    const page = await signedInPage(fixture.browser, url, owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${url}/new-framework`);
    await page.getByRole('heading', { name: 'New framework' }).waitFor();
    const title = page.getByLabel('Title', { exact: true });
    await title.focus();
    await title.fill('');
    await page.getByRole('list', { name: 'Problems' }).getByRole('button', { name: 'title' }).waitFor();
    await page.screenshot({ path: '/tmp/framework-editor-blank.png' });
    // The check and the save are one link away from the top of the form.
    await page.getByRole('link', { name: 'Skip to check and save' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('change-note');
    // Saving with a fault goes to the first fault instead.
    await page.getByLabel('Change note').fill('First version');
    await page.getByRole('button', { name: 'Save version 1' }).focus();
    await page.keyboard.press('Enter');
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Our framework');
    // What is left: the blank criterion has no descriptors yet.
    await page
      .getByRole('list', { name: 'Problems' })
      .getByRole('button', { name: 'title' })
      .waitFor({ state: 'detached' });
    await page.getByText('1 problem', { exact: true }).waitFor();
    await page.getByRole('list', { name: 'Problems' }).getByText('no level has a descriptor').waitFor();
    await page.close();
  });

  it('offers a member who owns no workspace no editor', async () => {
    const { url, store } = fixture.server;
    // The test workspace's first member owns it; this one is a member only.
    const member = await makeUser(store, 'Member only');
    const page = await signedInPage(fixture.browser, url, member);
    await page.goto(`${url}/frameworks/ba-partnership-sef`);
    await page.getByRole('link', { name: 'Versions and changes' }).waitFor();
    expect(await page.getByRole('link', { name: 'Adapt this framework' }).count()).toBe(0);
    await page.goto(`${url}/new-framework`);
    await page.getByText('Administrators and workspace owners can write frameworks').waitFor();
    await page.close();
  });

  it('lets an administrator change which items are critical, keeping the others’ marks and their basis', async () => {
    const { url, store } = fixture.server;
    const admin = await makeUser(store, 'Editor admin', { isAdmin: true });
    const page = await signedInPage(fixture.browser, url, admin);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${url}/frameworks/ns-la-quality-standards/edit`);
    await page.getByRole('heading', { name: /^Adapt / }).waitFor();
    const criterion = await openCriterion(page, 'sections.1.criteria.2');
    await criterion.getByText('Critical items', { exact: true }).click();
    const statements = criterion
      .getByRole('group', { name: 'Critical items: Good' })
      .getByRole('checkbox', { name: /^draws up statements of action/ });
    expect(await statements.isChecked()).toBe(true);
    await statements.press('Space');
    expect(await statements.isChecked()).toBe(false);
    // Someone who checked the original confirms another mark: it becomes stated, not inferred.
    await criterion.getByRole('button', { name: /^Confirm “identifies and commissions/ }).click();
    await criterion.getByText(/\(stated: Confirmed against the source/).waitFor();
    await page.getByText('No problems: ready to save').waitFor();
    await page.screenshot({ path: '/tmp/framework-editor-critical.png' });
    await page.getByLabel('Change note').fill('Statements of action are not critical');
    await page.getByRole('button', { name: 'Save version 1' }).click();
    await page.getByText(/Saved version 1 of ns-la-quality-standards-/).waitFor();
    const saved = (await (
      await fetch(`${url}/api/frameworks/ns-la-quality-standards-test-workspace`, {
        headers: { authorization: `Bearer ${admin.token}` },
      })
    ).json()) as { sections: { criteria: { descriptors: Record<string, unknown[]> }[] }[] };
    const good = saved.sections[1]!.criteria[2]!.descriptors.good!;
    const textOf = (i: unknown) => (typeof i === 'string' ? i : ((i as { text?: string }).text ?? ''));
    const item = good.find((i) => textOf(i).startsWith('draws up statements of action'));
    // Unticked: no critical mark, and no basis for one; a plain bullet again.
    expect(item).toBe('draws up statements of action that are evaluated as meeting requirements');
    // The other critical items keep their mark, one now confirmed.
    const sibling = good.find((i) => textOf(i).startsWith('identifies and commissions')) as {
      critical?: boolean;
      criticalBasis?: { source: string; why: string };
    };
    expect(sibling.critical).toBe(true);
    expect(sibling.criticalBasis?.source).toBe('stated');
    // The one left alone keeps its inferred basis.
    const third = good.find((i) => textOf(i).startsWith('reviews progress')) as typeof sibling;
    expect(third.criticalBasis?.source).toBe('inferred');

    // Adapting again under the same id is refused before saving, with the focus on the id.
    await page.goto(`${url}/frameworks/ns-la-quality-standards/edit`);
    await page.getByRole('heading', { name: /^Adapt / }).waitFor();
    await page.getByLabel('Change note').fill('A second adaptation');
    await page.getByRole('button', { name: 'Save version 1' }).click();
    await page
      .getByRole('alert')
      .getByText('id: "ns-la-quality-standards-test-workspace" is already used by a framework; choose another id')
      .waitFor();
    const id = page.getByLabel('Id', { exact: true });
    expect(await id.evaluate((el) => el === document.activeElement)).toBe(true);
    await id.fill('ns-la-quality-standards-second');
    await page.getByRole('button', { name: 'Save version 1' }).click();
    await page.getByText('Saved version 1 of ns-la-quality-standards-second').waitFor();
    await page.close();
  });
});
