import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.ts';
import { browserFixture } from '../helpers/browser.ts';
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { createReviewOver, repoRoot } from '../helpers/server.ts';

const fixture = browserFixture();

// The B&A key-outcomes table, with rows people add, and a date column added (no built-in open table
// has one now that Milton Keynes' action plan has its own tab).
const TABLE = 'Key Outcomes for Partnership';

async function publishDatedOutcomes(): Promise<string> {
  const fw = YAML.parse(await readFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`, 'utf8')) as {
    id: string;
    version: number;
    title: string;
    tables: { id: string; columns: { id: string; label: string; kind?: string }[] }[];
  };
  fw.id = 'dated-outcomes';
  fw.version = 1;
  fw.title = 'Partnership SEF with dated outcomes';
  fw.tables.find((t) => t.id === 'outcomes')!.columns.unshift({ id: 'start', label: 'Start', kind: 'date' });
  const auth = { authorization: `Bearer ${fixture.server.owner.token}` };
  const me = (await (await fetch(`${fixture.server.url}/api/auth/me`, { headers: auth })).json()) as {
    workspaces: { id: string }[];
  };
  const res = await fetch(`${fixture.server.url}/api/frameworks?workspaceId=${me.workspaces[0]!.id}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/yaml' },
    body: YAML.stringify(fw),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return fw.id;
}

async function openTable(page: Page): Promise<void> {
  await page.locator('details.table-panel summary', { hasText: TABLE }).click();
  await page.getByRole('button', { name: 'Add a row' }).waitFor();
}

const rowHeadings = (page: Page) => page.locator('details.table-panel[open] th.added-row');

describe('rows added to a record table', () => {
  it('are renamed and removed by their author or a facilitator only; date columns take dates', async () => {
    const reviewId = await createReviewOver(
      fixture.server.url,
      fixture.server.owner.token,
      await publishDatedOutcomes(),
      'Outcomes',
    );
    const alice = await fixture.server.addMember(reviewId, 'editor', 'Alice Editor');
    const bob = await fixture.server.addMember(reviewId, 'editor', 'Bob Editor');
    const [a, b, f] = [
      await fixture.openReview(reviewId, alice),
      await fixture.openReview(reviewId, bob),
      await fixture.openReview(reviewId),
    ];
    for (const page of [a, b, f]) await openTable(page);

    // Alice adds a row and names it; everyone sees the name.
    await a.getByRole('button', { name: 'Add a row' }).click();
    const name = a.getByRole('textbox', { name: new RegExp(`^Name of row \\d+ in ${TABLE}$`) });
    await name.fill('Attendance');
    await name.press('Enter');
    await f.getByRole('textbox', { name: `Name of row “Attendance” in ${TABLE}` }).waitFor();
    await rowHeadings(b).getByText('Attendance', { exact: true }).waitFor();
    // Bob, another editor, can neither rename nor remove it.
    expect(await rowHeadings(b).locator('input').count()).toBe(0);
    // (The source's example rows, which any editor may remove, have buttons of their own.)
    expect(await b.getByRole('button', { name: /^Remove “/ }).count()).toBe(0);
    expect(await rowHeadings(b).textContent()).toContain('added by Alice Editor');

    // A date column is a date picker; the date shows for everyone.
    const start = a.getByLabel(`${TABLE}: Attendance, Start`);
    expect(await start.getAttribute('type')).toBe('date');
    await start.fill('2026-09-01');
    await f.waitForFunction(
      (label) => document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)?.value === '2026-09-01',
      `${TABLE}: Attendance, Start`,
    );

    // The record table with an added, named, dated row meets WCAG 2.2 AA.
    expect(await axeViolations(a, 'details.table-panel[open]')).toEqual([]);

    // The facilitator renames it, then Alice removes it (after confirming); it goes for everyone.
    const renamed = f.getByRole('textbox', { name: `Name of row “Attendance” in ${TABLE}` });
    await renamed.fill('Attendance and punctuality');
    await renamed.blur();
    await a.getByRole('textbox', { name: `Name of row “Attendance and punctuality” in ${TABLE}` }).waitFor();
    await a.getByRole('button', { name: 'Remove “Attendance and punctuality”' }).click();
    await a.getByRole('dialog').getByRole('button', { name: 'Remove the row' }).click();
    for (const page of [a, b, f])
      await page.locator('details.table-panel[open] th.added-row').waitFor({ state: 'detached' });
    for (const page of [a, b, f]) await page.getByTestId('connection-state').getByText('All changes saved').waitFor();
  }, 90_000);
});
