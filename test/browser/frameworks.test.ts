import { describe, expect, it } from 'vitest';
import { readFrameworkFolder } from '../../server/frameworks/files.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';
import { repoRoot } from '../helpers/server.ts';

const builtIns = await readFrameworkFolder(`${repoRoot}frameworks`);

const fixture = browserFixture();

describe('the framework library in a browser', () => {
  it('lists the five built-in frameworks', async () => {
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    await page.goto(`${fixture.server.url}/frameworks`);
    for (const fw of builtIns) await page.getByRole('link', { name: fw.title }).waitFor();
    expect(builtIns).toHaveLength(5);
    await page.close();
  });

  for (const fw of builtIns) {
    it(`opens ${fw.id} as a grid and creates a review from it`, async () => {
      const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
      await page.goto(`${fixture.server.url}/frameworks/${fw.id}`);
      await page.getByRole('heading', { level: 1, name: fw.title }).waitFor();
      const criteria = fw.sections.flatMap((s) => s.criteria);
      // Every criterion has its row, every level its column header.
      await page.locator('tr[data-criterion]').first().waitFor();
      expect(await page.locator('tr[data-criterion]').count()).toBe(criteria.length);
      for (const level of fw.scale.levels) {
        expect(await page.getByRole('columnheader', { name: level.label }).count()).toBeGreaterThan(0);
      }
      for (const phase of fw.phases ?? []) await page.locator('label', { hasText: phase.label }).waitFor();
      // The preview is read-only.
      const first = criteria.find((c) => c.pending === undefined)!;
      const level = fw.scale.levels.find((l) => (first.descriptors[l.id] ?? []).length > 0)!;
      const cell = page.locator(`tr[data-criterion="${first.id}"] td[data-level="${level.id}"] button`);
      expect(await cell.isDisabled()).toBe(true);

      await page.getByLabel('Title').fill(`Review of ${fw.shortTitle ?? fw.title}`);
      await page.getByRole('button', { name: 'Create review' }).click();
      await page.waitForURL(/\/reviews\//);
      await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
      await cell.click();
      await page
        .locator(`tr[data-criterion="${first.id}"] td[data-level="${level.id}"] button[aria-pressed="true"]`)
        .waitFor();
      await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
      await page.close();
    });
  }

  it('shows why an uploaded framework was refused, and stores nothing', async () => {
    const page = await signedInPage(fixture.browser, fixture.server.url, fixture.server.owner);
    await page.goto(`${fixture.server.url}/frameworks`);
    await page.locator('input[type="file"]').setInputFiles({
      name: 'broken.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(
        'id: broken\nversion: 1\ntitle: Broken\nprovenance: { title: B }\nscale: { label: G, levels: [] }\nsections: []\n',
      ),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('Not uploaded — nothing was stored').waitFor();
    expect(await alert.textContent()).toContain('scale.levels');
    const list = (await (
      await fetch(`${fixture.server.url}/api/frameworks`, {
        headers: { authorization: `Bearer ${fixture.server.owner.token}` },
      })
    ).json()) as { id: string }[];
    expect(list.map((f) => f.id)).not.toContain('broken');
    await page.close();
  });
});
