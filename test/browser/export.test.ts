import AxeBuilder from '@axe-core/playwright';
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../../server/frameworks/files.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { browserFixture } from '../helpers/browser.ts';
import { connectClient, synced, until } from '../helpers/clients.ts';
import { docxParagraphs, pdfPages, readCsv, readWorkbook, squash } from '../helpers/export-read.ts';
import { createReviewOver, repoRoot } from '../helpers/server.ts';

const fixture = browserFixture();
const framework = await readFrameworkFile(`${repoRoot}frameworks/ns-la-quality-standards.yaml`);

/** A review with a few ratings, a focus and evidence, written by a script and stored. */
async function ratedReview(title: string): Promise<string> {
  const { server } = fixture;
  const reviewId = await createReviewOver(server.url, server.owner.token, framework.id, title);
  const client = connectClient(server.wsUrl, reviewId, { token: server.owner.token });
  const check = connectClient(server.wsUrl, reviewId, { token: server.owner.token });
  try {
    await Promise.all([synced(client), synced(check)]);
    const review = new ReviewDoc(client.doc, framework);
    review.setRating('la', '1.1', 'primary', 'good');
    review.setRating('ns', '2.5', 'secondary', 'significant-improvement');
    review.focus('la', '1.1').insert(0, 'Termly visits to every school zq');
    review.evidence('la', '1.1').insert(0, 'Minutes of the March board zq');
    const seen = new ReviewDoc(check.doc, framework);
    await until(check.doc, () => seen.evidence('la', '1.1').length > 0 && seen.ratings.size === 2);
  } finally {
    client.destroy();
    check.destroy();
  }
  return reviewId;
}

/** axe-core's violations at WCAG 2.2 AA inside the review's header, one line each. */
async function headerViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include('.review-header')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Choose a format from the Download menu and return the file the browser saved. */
async function downloadFrom(page: Page, label: string): Promise<{ name: string; bytes: Uint8Array }> {
  await page.getByRole('button', { name: 'Download' }).click();
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: label }).click();
  const download = await saved;
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: new Uint8Array(await readFile(path)) };
}

describe('the download menu of a review', () => {
  it('downloads Word, PDF, Excel and CSV as an observer, saying what it prepares', async () => {
    const reviewId = await ratedReview('Autumn self-evaluation');
    const observer = await fixture.server.addMember(reviewId, 'observer', 'Olive Observer');
    const page = await fixture.openReview(reviewId, observer);

    // While the server builds the file the menu says so; hold the answer until it has been seen.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/export?format=pdf', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Download' }).click();
    await page.getByRole('button', { name: 'Word (.docx)' }).waitFor();
    await page.screenshot({ path: `${repoRoot}test-results/export-menu.png` });
    expect(await headerViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    const pdfSaved = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    await page.getByRole('button', { name: 'PDF (A4)' }).click();
    await page.getByRole('status').filter({ hasText: 'Preparing the PDF…' }).waitFor();
    expect(await page.getByRole('button', { name: 'Download' }).isDisabled()).toBe(true);
    await page.screenshot({ path: `${repoRoot}test-results/export-progress.png` });
    expect(await headerViolations(page)).toEqual([]);
    release();
    const pdfDownload = await pdfSaved;
    expect(pdfDownload.suggestedFilename()).toBe('Autumn-self-evaluation.pdf');
    const pdfText = squash((await pdfPages(new Uint8Array(await readFile(await pdfDownload.path())))).join('\n'));
    expect(pdfText).toContain(squash('Autumn self-evaluation'));
    expect(pdfText).toContain(squash('Termly visits to every school zq'));
    await page.getByText('Preparing the PDF…').waitFor({ state: 'detached' });
    await page.unroute('**/export?format=pdf');

    const docx = await downloadFrom(page, 'Word (.docx)');
    expect(docx.name).toBe('Autumn-self-evaluation.docx');
    const paragraphs = await docxParagraphs(docx.bytes);
    expect(paragraphs).toContain('Autumn self-evaluation');
    expect(paragraphs.join('\n')).toContain('Minutes of the March board zq');

    const xlsx = await downloadFrom(page, 'Excel (.xlsx)');
    expect(xlsx.name).toBe('Autumn-self-evaluation.xlsx');
    const wb = await readWorkbook(xlsx.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Review', 'Early Years', 'Primary', 'Secondary', 'Ratings']),
    );

    const csv = await downloadFrom(page, 'CSV (ratings table)');
    expect(csv.name).toBe('Autumn-self-evaluation.csv');
    const { bom, records } = readCsv(csv.bytes);
    expect(bom).toBe(true);
    expect(records.find((r) => r.includes('Termly visits to every school zq') && r.includes('Good'))).toBeDefined();
  });

  it('says why a download failed, and tries again', async () => {
    const reviewId = await ratedReview('Failing export');
    const page = await fixture.openReview(reviewId);
    await page.route('**/export?format=xlsx', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'export_failed', message: 'the xlsx export could not be built: disk full' },
        }),
      }),
    );
    await page.getByRole('button', { name: 'Download' }).click();
    await page.getByRole('button', { name: 'Excel (.xlsx)' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not download the Excel workbook' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('the xlsx export could not be built: disk full');
    await page.screenshot({ path: `${repoRoot}test-results/export-error.png` });
    expect(await headerViolations(page)).toEqual([]);
    await page.unroute('**/export?format=xlsx');
    const saved = page.waitForEvent('download');
    await alert.getByRole('button', { name: 'Try again' }).click();
    expect((await saved).suggestedFilename()).toBe('Failing-export.xlsx');
    await alert.waitFor({ state: 'detached' });
  });

  it('prints a clean A4 document: every level column, the summary, focus and evidence, and no buttons', async () => {
    const reviewId = await ratedReview('Printed review');
    const page = await fixture.openReview(reviewId);
    await page.emulateMedia({ media: 'print' });
    await page.locator('.print-record').getByText('Termly visits to every school zq').waitFor();
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    await writeFile(`${repoRoot}test-results/print.pdf`, pdf);
    const pages = await pdfPages(new Uint8Array(pdf));
    const text = pages.join('\n');
    const all = squash(text);
    for (const level of framework.scale.levels) expect(all, level.label).toContain(squash(level.label));
    expect(all).toContain(squash('Termly visits to every school zq'));
    expect(all).toContain(squash('Minutes of the March board zq'));
    expect(all).toContain(squash('Dashboard'));
    expect(all).toContain(squash('LA self-evaluation: Early Years: Not rated · Primary: Good (G)'));
    for (const chrome of ['Download', 'Sign out', 'All changes saved', 'Undo'])
      expect(text, chrome).not.toContain(chrome);
    // Every page is A4 landscape (842 × 595 points).
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true }).promise;
    const first = await doc.getPage(1);
    const [, , width, height] = first.view;
    expect(Math.round(width!)).toBe(842);
    expect(Math.round(height!)).toBe(595);
    await doc.destroy();
  });
});
