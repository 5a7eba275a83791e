/**
 * Roboto for every PDF this process draws, parsed once. pdfkit opens a font file afresh for each
 * document and shapes every word again (OpenType shaping is most of the cost of drawing a big
 * review's text); here each document gets its own font object (its own subset, so each file embeds
 * only the glyphs it uses) over one parsed font and one store of shaped words, which depend only
 * on the font file.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type FontName = 'regular' | 'bold' | 'italics' | 'bolditalics';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
export const fontFiles: Record<FontName, string> = {
  regular: join(fontDir, 'Roboto-Regular.ttf'),
  bold: join(fontDir, 'Roboto-Medium.ttf'),
  italics: join(fontDir, 'Roboto-Italic.ttf'),
  bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
};

interface Glyph {
  advanceWidth: number;
}

interface Run {
  glyphs: Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

/** What pdfkit keeps of an opened font, as far as sharing it goes. */
interface OpenedFont {
  font: { glyphsForString?: (text: string) => Glyph[] };
  scale: number;
  layoutCache?: Record<string, unknown>;
  layoutRun?: (text: string, features?: unknown) => Run;
  constructor: new (doc: unknown, font: unknown, id: string) => OpenedFont;
}

/**
 * Text that needs no shaping: Latin letters (precomposed), digits, punctuation and common symbols,
 * no combining marks. Its glyphs are the font's glyphs for its characters, side by side: what the
 * reader sees and copies is the text as typed, only without kerning pairs and ligatures, and a word
 * costs a table lookup instead of a pass through OpenType shaping (a fifth of a millisecond each).
 */
const PLAIN = /^[\u0020-\u007e\u00a0-\u02ff\u2000-\u206f\u20a0-\u20cf\u2100-\u22ff\u25a0-\u25ff]*$/;

function drawPlain(opened: OpenedFont): void {
  const shape = opened.layoutRun;
  const glyphsOf = opened.font.glyphsForString;
  if (typeof shape !== 'function' || typeof glyphsOf !== 'function') return;
  opened.layoutRun = (text, features) => {
    if (features || !PLAIN.test(text)) return shape.call(opened, text, features);
    const glyphs = glyphsOf.call(opened.font, text);
    let advanceWidth = 0;
    const positions = glyphs.map((g) => {
      const w = g.advanceWidth * opened.scale;
      advanceWidth += w;
      return { xAdvance: w, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: w };
    });
    return { glyphs, positions, advanceWidth };
  };
}

interface DocInternals {
  _font?: OpenedFont | null;
  _fontFamilies?: Record<string, OpenedFont>;
  _fontCount?: number;
}

/** Words shaped beyond this many are forgotten, so a long-running server's store stays small. */
const MAX_SHAPED = 100_000;
type Make = OpenedFont['constructor'];
// The parsed font and how to make pdfkit's font object over it; never a document.
const parsed = new Map<string, { make: Make; font: unknown; shaped: Record<string, unknown> }>();

/** Open the fonts on the document, over the fonts already parsed where there are. */
export function openFonts(doc: PDFKit.PDFDocument): void {
  const inside = doc as unknown as DocInternals;
  for (const file of Object.values(fontFiles)) {
    const known = parsed.get(file);
    if (known && inside._fontFamilies && typeof inside._fontCount === 'number') {
      const opened = new known.make(doc, known.font, `F${++inside._fontCount}`);
      if (opened.layoutCache) {
        if (Object.keys(known.shaped).length > MAX_SHAPED)
          known.shaped = Object.create(null) as Record<string, unknown>;
        opened.layoutCache = known.shaped;
      }
      drawPlain(opened);
      inside._fontFamilies[file] = opened;
      continue;
    }
    doc.font(file);
    const opened = inside._font;
    if (opened) drawPlain(opened);
    if (opened?.font && opened.layoutCache && typeof opened.constructor === 'function')
      parsed.set(file, { make: opened.constructor, font: opened.font, shaped: opened.layoutCache });
  }
}
