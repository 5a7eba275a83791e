import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createApiToken, createUser } from '../../server/auth/accounts.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { createReviewOver, makeUser, repoRoot, type TestUser } from '../helpers/server.ts';

const fixture = browserFixture();

/** The administrator of this file's server, made by whichever test needs them first. */
async function makeAdmin(): Promise<TestUser> {
  const store = fixture.server.store;
  const password = 'correct horse battery staple';
  const user =
    (await store.access.userByEmail('admin@la.example')) ??
    (await createUser(store.access, { email: 'admin@la.example', name: 'LA Admin', password, isAdmin: true }));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    password,
    token: await createApiToken(store.access, user.id, 'tests'),
  };
}

describe('the administration page', () => {
  it('creates a workspace, adds a member, disables a person (their open review closes with a message) and rescues the review they left', async () => {
    const store = fixture.server.store;
    const admin = await makeAdmin();
    const colleague = await makeUser(store, 'New colleague');
    const leaver = await makeUser(store, 'Departing facilitator');
    const reviewId = await createReviewOver(fixture.server.url, leaver.token, 'ba-partnership-sef', 'Spring review');
    const rescuer = await fixture.server.addMember(reviewId, 'editor', 'Remaining editor');
    const leaverPage = await fixture.openReview(reviewId, leaver);

    const page = await signedInPage(fixture.browser, fixture.server.url, admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    expect(await page.title()).toBe('Administration — Bestfit');
    await page.getByText('Every review has a facilitator.').waitFor();

    // A workspace, and a member in it.
    await page.getByLabel('New workspace name').fill('East partnership');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByText('Workspace "East partnership" created.').waitFor();
    const east = page.getByRole('article', { name: 'East partnership' });
    await east.getByText('No members yet.').waitFor();
    await east.getByLabel('Add to East partnership').selectOption({ label: `New colleague (${colleague.email})` });
    await east.getByRole('button', { name: 'Add member' }).click();
    await east
      .getByRole('table', { name: 'Members of East partnership' })
      .getByRole('rowheader', { name: 'New colleague' })
      .waitFor();
    expect((await store.access.workspacesOf(colleague.id)).map((w) => w.name)).toContain('East partnership');

    // Removing asks first; cancelling keeps them.
    await east.getByRole('button', { name: 'Remove New colleague' }).click();
    const confirmRemove = page.getByRole('dialog', { name: 'Remove New colleague from East partnership?' });
    const cancel = confirmRemove.getByRole('button', { name: 'Cancel' });
    expect(await cancel.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await confirmRemove.waitFor({ state: 'hidden' });
    expect((await store.access.workspacesOf(colleague.id)).map((w) => w.name)).toContain('East partnership');

    // Disabling the review's only facilitator closes their open review page with the reason.
    await page.getByRole('button', { name: 'Disable Departing facilitator' }).click();
    const confirmDisable = page.getByRole('dialog', { name: "Disable Departing facilitator's account?" });
    await confirmDisable.getByText('closes at once with a message').waitFor();
    await confirmDisable.getByRole('button', { name: 'Disable account' }).click();
    await page.getByText('Departing facilitator disabled.').waitFor();
    await leaverPage
      .getByRole('alert')
      .filter({ hasText: 'your account has been disabled by an administrator' })
      .waitFor();
    expect((await store.admin.person(leaver.id))?.disabledAt).not.toBeNull();

    // Their review now has no facilitator: make the remaining editor its facilitator.
    const orphan = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Spring review' }) });
    await orphan.getByText('Departing facilitator (facilitator), Remaining editor (editor)').waitFor();
    expect(await orphan.getByLabel('New facilitator of Spring review').inputValue()).toBe(rescuer.id);
    await orphan.getByRole('button', { name: 'Make facilitator' }).click();
    await page.getByText('Remaining editor is now a facilitator of "Spring review".').waitFor();
    await page.getByText('Every review has a facilitator.').waitFor();
    expect(await store.access.reviewRole(reviewId, rescuer.id)).toBe('facilitator');

    // Everything done is in the audit trail.
    const audit = page.getByRole('table', { name: 'Administration changes, newest first' });
    for (const text of [
      'created workspace "East partnership"',
      `added New colleague (${colleague.email}) to workspace "East partnership" as member`,
      `disabled Departing facilitator (${leaver.email})`,
      `made Remaining editor (${rescuer.email}) facilitator of review "Spring review", which had no facilitator`,
    ]) {
      await audit.getByRole('cell', { name: text, exact: true }).waitFor();
    }
  });

  it('retires an uploaded framework after asking; new reviews cannot use it, the review made from it still opens', async () => {
    const admin = await makeAdmin();
    const url = fixture.server.url;
    const pmqs = parse(await readFile(join(repoRoot, 'frameworks/pmqs-3.yaml'), 'utf8')) as Record<string, unknown>;
    const uploaded = await fetch(`${url}/api/frameworks`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml', authorization: `Bearer ${admin.token}` },
      body: stringify({ ...pmqs, id: 'county-pmqs', title: 'County PMQS' }),
    });
    expect(uploaded.status).toBe(201);
    // The fixture's owner, in a workspace, starts a review from it.
    const reviewId = await createReviewOver(url, fixture.server.owner.token, 'county-pmqs', 'County review');

    const page = await signedInPage(fixture.browser, url, admin);
    await page.goto(`${url}/admin`);
    const uploads = page.getByRole('table', { name: 'Uploaded frameworks' });
    const row = uploads.getByRole('row').filter({ hasText: 'County PMQS' });
    await row.getByRole('cell', { name: 'Every workspace' }).waitFor();
    await row.getByRole('cell', { name: 'In use' }).waitFor();
    await row.getByRole('button', { name: 'Retire County PMQS' }).click();
    const confirm = page.getByRole('dialog', { name: 'Retire “County PMQS”?' });
    await confirm.getByRole('button', { name: 'Retire framework' }).click();
    await page.getByText('“County PMQS” retired.').waitFor();
    await row.getByRole('cell', { name: 'Retired' }).waitFor();
    await page
      .getByRole('table', { name: 'Administration changes, newest first' })
      .getByRole('cell', {
        name: 'retired framework "County PMQS" (county-pmqs, uploaded to every workspace); reviews made from it keep it',
      })
      .waitFor();

    const auth = { authorization: `Bearer ${admin.token}` };
    const listed = (await (await fetch(`${url}/api/frameworks`, { headers: auth })).json()) as { id: string }[];
    expect(listed.map((f) => f.id)).not.toContain('county-pmqs');
    const again = await fetch(`${url}/api/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.server.owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ frameworkId: 'county-pmqs', title: 'Refused' }),
    });
    expect(again.status).toBe(400);
    const reviewPage = await fixture.openReview(reviewId);
    await reviewPage.getByRole('heading', { name: 'County review' }).waitFor();
  });

  it('makes a password-reset link that sets a new password once, on a page of its own', async () => {
    const forgetful = await makeUser(fixture.server.store, 'Forgetful head');
    const page = await signedInPage(fixture.browser, fixture.server.url, await makeAdmin());
    await page.goto(`${fixture.server.url}/admin`);
    await page.getByRole('button', { name: 'Password-reset link for Forgetful head' }).click();
    const link = await page.getByLabel('Password-reset link for Forgetful head').inputValue();
    expect(link).toMatch(new RegExp(`^${fixture.server.url}/reset-password/`));

    const context = await fixture.browser.newContext();
    const reset = await context.newPage();
    await reset.goto(link);
    await reset.getByRole('heading', { name: 'Set a new password' }).waitFor();
    expect(await reset.title()).toBe('Set a new password — Bestfit');
    await reset.getByText(`For Forgetful head (${forgetful.email})`).waitFor();
    await reset.getByLabel('New password', { exact: true }).fill('a fresh passphrase');
    await reset.getByLabel('New password again').fill('a different one!');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await reset.getByRole('alert').filter({ hasText: 'The two passwords differ.' }).waitFor();
    await reset.getByLabel('New password again').fill('a fresh passphrase');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await reset.getByRole('heading', { name: 'Password changed' }).waitFor();

    await reset.getByRole('link', { name: 'Sign in' }).click();
    await reset.getByLabel('Email').fill(forgetful.email);
    await reset.getByLabel('Password').fill('a fresh passphrase');
    await reset.getByRole('button', { name: 'Sign in' }).click();
    await reset.getByRole('button', { name: 'Sign out' }).waitFor();

    // Spent: opening it again says so.
    await reset.goto(link);
    await reset.getByRole('alert').filter({ hasText: 'ask an administrator for a new one' }).waitFor();
    await context.close();
  });

  it('is not shown to people who are not administrators', async () => {
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).count(),
    ).toBe(0);
    await page.goto(`${fixture.server.url}/admin`);
    await page.getByRole('alert').filter({ hasText: 'Only an administrator can see this page.' }).waitFor();
  });
});
