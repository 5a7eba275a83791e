/**
 * Text written straight into the page's content: one text object for a cell's lines, each run as
 * one string of glyphs placed where the layout put it. pdfkit's text() wraps each run in its own
 * saved state, transform and text object, written piece by piece (a 1,000-row review has some
 * 60,000 runs); the glyphs, the fonts' subsets and what a reader extracts are the same.
 */
import type { FontName } from './pdf-fonts.ts';

/** What drawing needs of a font pdfkit opened: its encoding, which also adds the glyphs to the subset. */
export interface DrawFont {
  id: string;
  ascender: number;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  ref(): unknown;
}

export interface Placed {
  text: string;
  x: number;
  y: number;
  font: FontName;
  size: number;
  color: string;
}

const n = (v: number): string => String(Math.round(v * 100) / 100);

const rgb = new Map<string, string>();
function colourOp(hex: string): string | null {
  let op = rgb.get(hex);
  if (op === undefined) {
    const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    if (!m) return null;
    op = `${m
      .slice(1, 4)
      .map((c) => n(parseInt(c, 16) / 255))
      .join(' ')} rg`;
    rgb.set(hex, op);
  }
  return op;
}

/**
 * Write the runs, or return those this cannot write (shaped text whose glyphs are not simply side
 * by side, or a colour it does not know) for pdfkit to draw.
 */
export function writeText(doc: PDFKit.PDFDocument, fonts: Record<FontName, DrawFont>, runs: Placed[]): Placed[] {
  const page = (doc as unknown as { page?: { height: number; fonts?: Record<string, unknown> } }).page;
  if (!page?.fonts) return runs;
  const rest: Placed[] = [];
  const ops: string[] = [];
  let font = '';
  let colour = '';
  for (const run of runs) {
    const opened = fonts[run.font];
    const fill = colourOp(run.color);
    if (!fill) {
      rest.push(run);
      continue;
    }
    const [glyphs, positions] = opened.encode(run.text);
    if (positions.some((p) => p.xAdvance !== p.advanceWidth || p.xOffset !== 0 || p.yOffset !== 0)) {
      rest.push(run);
      continue;
    }
    page.fonts[opened.id] ??= opened.ref();
    if (fill !== colour) ops.push((colour = fill));
    const tf = `/${opened.id} ${n(run.size)} Tf`;
    if (tf !== font) ops.push((font = tf));
    const baseline = page.height - run.y - (opened.ascender / 1000) * run.size;
    ops.push(`1 0 0 1 ${n(run.x)} ${n(baseline)} Tm <${glyphs.join('')}> Tj`);
  }
  // The page is drawn top down; text is set in PDF's own bottom-up space, as pdfkit sets it.
  if (ops.length) doc.addContent(`q 1 0 0 -1 0 ${n(page.height)} cm BT ${ops.join(' ')} ET Q`);
  return rest;
}
