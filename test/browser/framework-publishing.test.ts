import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { makeUser, repoRoot } from '../helpers/server.ts';

const fixture = browserFixture();

async function frameworkFile(id: string, title: string): Promise<Buffer> {
  const fw = parse(await readFile(`${repoRoot}frameworks/pmqs-3.yaml`, 'utf8')) as Record<string, unknown>;
  return Buffer.from(stringify({ ...fw, id, title }));
}

const listedIds = async (token: string) =>
  (
    (await (
      await fetch(`${fixture.server.url}/api/frameworks`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { id: string }[]
  ).map((f) => f.id);

describe('publishing and retiring frameworks in the library page', () => {
  it('offers a workspace owner their workspace only, and retires their upload after a confirmation', async () => {
    const { owner } = fixture.server;
    const page = await signedInPage(fixture.browser, fixture.server.url, owner);
    await page.goto(`${fixture.server.url}/frameworks`);
    const scope = page.getByLabel('For');
    await scope.waitFor();
    expect(await scope.locator('option').allTextContents()).toEqual(['Test workspace only']);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'ours.yaml',
      mimeType: 'application/yaml',
      buffer: await frameworkFile('ours', 'Our own framework'),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').getByText('Uploaded').waitFor();
    const card = page.locator('li[data-framework="ours"]');
    await card.getByText('uploaded to Test workspace only').waitFor();
    // Built-ins offer no Retire.
    expect(await page.locator('li[data-framework="pmqs-3"]').getByRole('button', { name: 'Retire' }).count()).toBe(0);

    await card.getByRole('button', { name: 'Retire' }).click();
    const confirm = card.getByRole('group', { name: 'Retire Our own framework' });
    await confirm.getByText('New reviews can no longer use it').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await listedIds(owner.token)).toContain('ours');
    await card.getByRole('button', { name: 'Retire' }).click();
    await card.getByRole('button', { name: 'Retire it' }).click();
    await card.waitFor({ state: 'detached' });
    expect(await listedIds(owner.token)).not.toContain('ours');
    await page.close();
  });

  it('hides the upload form and Retire from a member who owns nothing, and offers an administrator every workspace', async () => {
    const member = await makeUser(fixture.server.store, 'Member');
    const admin = await makeUser(fixture.server.store, 'Administrator', { isAdmin: true });
    const upload = await fetch(`${fixture.server.url}/api/frameworks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/yaml' },
      body: (await frameworkFile('everyones', 'Everyone’s framework')).toString(),
    });
    expect(upload.status).toBe(201);

    const page = await signedInPage(fixture.browser, fixture.server.url, member);
    await page.goto(`${fixture.server.url}/frameworks`);
    await page.locator('li[data-framework="everyones"]').getByText('uploaded for every workspace').waitFor();
    await page.getByText('Administrators and workspace owners can add frameworks').waitFor();
    expect(await page.locator('input[type="file"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Retire' }).count()).toBe(0);
    await page.close();

    const adminPage = await signedInPage(fixture.browser, fixture.server.url, admin);
    await adminPage.goto(`${fixture.server.url}/frameworks`);
    await adminPage.getByLabel('For').waitFor();
    expect(await adminPage.getByLabel('For').locator('option').allTextContents()).toEqual([
      'Every workspace',
      'Test workspace only',
    ]);
    await adminPage.locator('li[data-framework="everyones"]').getByRole('button', { name: 'Retire' }).waitFor();
    await adminPage.close();
  });
});
