import { describe, expect, it } from 'vitest';
import { pdfEmbeddedFonts, pdfPages, squash } from '../../test/helpers/export-read.ts';
import { drawTable, textCell } from './pdf-table.ts';
import { PdfWriter } from './pdf-writer.ts';

const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');

describe('PDF tables', () => {
  it('wraps a paragraph within its width, breaking a word wider than the column', () => {
    const writer = new PdfWriter({ title: 't', subject: 's' });
    const lines = writer.wrap({ runs: [{ text: `${words(40, 'w')} ${'x'.repeat(80)}` }] }, 120, 8.5);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const end = Math.max(...line.fragments.map((f) => f.x + writer.width(f.text.trimEnd(), f.font, f.size)));
      expect(end).toBeLessThanOrEqual(120.01);
    }
    const text = lines.flatMap((l) => l.fragments.map((f) => f.text)).join('');
    expect(squash(text)).toBe(squash(`${words(40, 'w')} ${'x'.repeat(80)}`));
    // Each line starts below the last.
    lines.slice(1).forEach((l, i) => expect(l.top).toBeGreaterThan(lines[i]!.top));
  });

  it('keeps rows whole across pages, splits a row taller than a page, and repeats the header on every page', async () => {
    const writer = new PdfWriter({ title: 'Tall', subject: 'rows' });
    const rows = Array.from({ length: 30 }, (_, i) => [textCell(`Row ${i} zq`), textCell(words(20, `r${i}x`))]);
    // One row far taller than a page, in the middle.
    rows.splice(15, 0, [textCell('Tall row zq'), textCell(words(3000, 't'))]);
    drawTable(writer, { widths: [560, '*'], header: [textCell('Head A'), textCell('Head B')], rows });
    const bytes = await writer.finish('Footer');
    expect(await pdfEmbeddedFonts(bytes)).toBe(true);
    const pages = (await pdfPages(bytes)).map(squash);
    expect(pages.length).toBeGreaterThan(4);
    pages.forEach((page, i) => {
      expect(page).toContain('HeadAHeadB');
      expect(page).toContain(squash(`Page ${i + 1} of ${pages.length}`));
    });
    const all = pages.join('');
    // Every word of the tall row, once and in order, across the pages it spans.
    const tall = all.slice(all.indexOf('Tallrowzq'));
    expect(tall.replace(/HeadAHeadB|Footer|Page\d+of\d+/g, '')).toContain(squash(words(3000, 't')));
    const first = pages.findIndex((p) => p.includes('Tallrowzq'));
    expect(
      pages.findIndex((p) => p.includes('t2999')),
      'the tall row goes on over pages',
    ).toBeGreaterThan(first + 1);
    // Every other row is on one page.
    for (let i = 0; i < 30; i++) {
      const holding = pages.filter((p) => p.includes(`r${i}x0`) || p.includes(`r${i}x19`));
      expect(holding, `row ${i}`).toHaveLength(1);
    }
  });
});
