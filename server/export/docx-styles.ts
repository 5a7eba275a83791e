/**
 * The Word document's fonts, styles and lists. Formatting that repeats on thousands of paragraphs
 * and runs (spacing, bullets, bold labels, centred codes) lives in a named style, so each of them
 * carries one style reference instead of its own copy: a 1,000-row review's document.xml is
 * a fraction of the size and builds in a fraction of the time.
 */
import { AlignmentType, LevelFormat, type INumberingOptions, type IStylesOptions } from 'docx';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FONT = 'Roboto';
const fontDir = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
let fontData: { data: Buffer; bold: Buffer; italic: Buffer } | null = null;
/**
 * Roboto, embedded so the document looks the same on a machine without it (read once per thread).
 * No text is bold and italic at once, so that face is left out: each face is a further 160 KB to
 * compress into every export.
 */
export const embeddedFont = () =>
  (fontData ??= {
    data: readFileSync(join(fontDir, 'Roboto-Regular.ttf')),
    bold: readFileSync(join(fontDir, 'Roboto-Medium.ttf')),
    italic: readFileSync(join(fontDir, 'Roboto-Italic.ttf')),
  });

/** Space after a paragraph (twentieths of a point), the document default. */
export const SPACING_AFTER = 40;

/** Style ids used by the document's paragraphs and runs. */
export const STYLE = {
  /** A cell's single line of text: no space after it. */
  cell: 'CellText',
  /** A rating code in the dashboard, centred in its cell. */
  code: 'CellCode',
  /** A bulleted descriptor or statement. */
  bullet: 'Descriptor',
  /** A bold label ("Evidence: ", "RATED: …", header cells). */
  label: 'Label',
} as const;

const BULLETS = 'descriptor-bullets';

export const numbering: INumberingOptions = {
  config: [
    {
      reference: BULLETS,
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: '●',
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: { left: 720, hanging: 360 } } },
        },
      ],
    },
  ],
};

export const styles: IStylesOptions = {
  default: {
    document: { run: { font: FONT, size: 16 }, paragraph: { spacing: { after: SPACING_AFTER } } },
    heading1: { run: { font: FONT, size: 28, bold: true, color: '1A1A1A' } },
    heading2: { run: { font: FONT, size: 22, bold: true, color: '1A1A1A' } },
    title: { run: { font: FONT, size: 40, bold: true, color: '1A1A1A' } },
  },
  paragraphStyles: [
    { id: STYLE.cell, name: 'Cell Text', basedOn: 'Normal', paragraph: { spacing: { after: 0 } } },
    { id: STYLE.code, name: 'Cell Code', basedOn: STYLE.cell, paragraph: { alignment: AlignmentType.CENTER } },
    {
      id: STYLE.bullet,
      name: 'Descriptor',
      basedOn: 'Normal',
      paragraph: { numbering: { reference: BULLETS, level: 0 } },
    },
  ],
  characterStyles: [{ id: STYLE.label, name: 'Label', run: { bold: true } }],
};
