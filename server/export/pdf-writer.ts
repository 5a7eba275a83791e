/**
 * A small page writer on pdfkit: paragraphs of styled runs wrapped to a width, laid out a line at
 * a time onto A4 landscape pages, with the page footer drawn last ("Page 3 of 280"). Every word is
 * measured once per font and size (a 1,000-row review repeats the same words thousands of times),
 * and each line is drawn as one text object per style, so text stays selectable and searchable.
 */
import PDFDocument from 'pdfkit';
import { writeText, type DrawFont, type Placed } from './pdf-draw.ts';
import { fontFiles, openFonts, type FontName } from './pdf-fonts.ts';
import { wrapPara } from './pdf-wrap.ts';

export type { FontName };

export interface Run {
  text: string;
  bold?: boolean;
  italics?: boolean;
  color?: string;
}

/** A paragraph: runs wrapped together; a bullet indents it behind a marker. */
export interface Para {
  runs: Run[];
  size?: number;
  bullet?: boolean;
  align?: 'left' | 'center' | 'right';
  /** Space above (pt). */
  above?: number;
  /** Space below (pt), outside tables. */
  below?: number;
}

export interface Fragment {
  text: string;
  x: number;
  font: FontName;
  size: number;
  color: string;
  bullet?: boolean;
}

export interface Line {
  fragments: Fragment[];
  /** Offset of the line's top from the top of what it belongs to. */
  top: number;
  height: number;
}

export const INK = '#1a1a1a';
export const PAGE = { width: 841.89, height: 595.28, left: 36, right: 36, top: 36, bottom: 40 };
const LINE_HEIGHT = 1.15;

export const fontOf = (run: { bold?: boolean; italics?: boolean }): FontName =>
  run.bold ? (run.italics ? 'bolditalics' : 'bold') : run.italics ? 'italics' : 'regular';

/** Word widths by font and size, then word; like the fonts, the same for every document. */
const widths = new Map<string, Map<string, number>>();
const heights = new Map<string, number>();
const MAX_WIDTHS = 100_000;

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  /** Top of the next thing written on the current page. */
  y = PAGE.top;
  readonly bottom = PAGE.height - PAGE.bottom;
  private state = { font: '', size: 0, color: '' };
  /** pdfkit's own step for drawing one line of text, when it has it (see drawLines). */
  private readonly fragment: ((text: string, x: number, y: number, options: object) => void) | null;

  constructor(info: { title: string; subject: string }) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      bufferPages: true,
      // No standard font is ever named in the file: Roboto is opened below.
      font: null as unknown as string,
      info: { Title: info.title, Subject: info.subject, Creator: 'Bestfit', Producer: 'Bestfit' },
    });
    openFonts(this.doc);
    this.use('regular', 8.5, INK);
    const fragment = (this.doc as unknown as { _fragment?: unknown })._fragment;
    this.fragment = typeof fragment === 'function' ? (fragment.bind(this.doc) as PdfWriter['fragment']) : null;
  }

  private use(font: FontName, size: number, color: string): void {
    // By file: pdfkit keeps an opened font by the name it was asked for, and opens a registered
    // name's file again each time when the same font was first opened by its file.
    if (this.state.font !== font) this.doc.font(fontFiles[font]);
    if (this.state.size !== size) this.doc.fontSize(size);
    if (this.state.color !== color) this.doc.fillColor(color);
    this.state = { font, size, color };
  }

  /** Font and size for measuring: no colour is set, so measuring writes nothing into the page. */
  private measureIn(font: FontName, size: number): void {
    if (this.state.font !== font) this.doc.font(fontFiles[font]);
    if (this.state.size !== size) this.doc.fontSize(size);
    this.state = { ...this.state, font, size };
  }

  /** Something other than text set the fill colour (a cell's background). */
  resetColour(): void {
    this.state.color = '';
  }

  width(text: string, font: FontName, size: number): number {
    const key = `${font} ${size}`;
    let byWord = widths.get(key);
    if (!byWord || byWord.size > MAX_WIDTHS) widths.set(key, (byWord = new Map<string, number>()));
    let w = byWord.get(text);
    if (w === undefined) {
      this.measureIn(font, size);
      w = this.doc.widthOfString(text);
      byWord.set(text, w);
    }
    return w;
  }

  lineHeight(font: FontName, size: number): number {
    const key = `${font} ${size}`;
    let h = heights.get(key);
    if (h === undefined) {
      this.measureIn(font, size);
      h = this.doc.currentLineHeight(true) * LINE_HEIGHT;
      heights.set(key, h);
    }
    return h;
  }

  /** The paragraph broken into lines no wider than `width`, tops counted from `top`. */
  wrap(para: Para, width: number, size: number, top = 0): Line[] {
    return wrapPara(this, para, width, size, top);
  }

  /** Draw lines at (x, y); `from` is the offset of the first line drawn. */
  drawLines(lines: Line[], x: number, y: number, from = 0): void {
    const runs: Placed[] = [];
    // Bullets after the text they mark: the text reads the same, with fewer changes of colour.
    for (const bullets of [false, true])
      for (const line of lines)
        for (const f of line.fragments)
          if (!f.bullet === !bullets && f.text) runs.push({ ...f, x: x + f.x, y: y + line.top - from });
    const fonts = this.fonts();
    for (const run of fonts ? writeText(this.doc, fonts, runs) : runs) this.draw(run, 0, run.y);
  }

  private opened: Record<FontName, DrawFont> | null | undefined;

  /** The document's opened fonts, by name (null where pdfkit keeps them some other way). */
  private fonts() {
    if (this.opened === undefined) {
      const families = (this.doc as unknown as { _fontFamilies?: Record<string, unknown> })._fontFamilies;
      const all = Object.fromEntries(
        Object.entries(fontFiles).map(([name, file]) => [name, families?.[file]]),
      ) as Record<FontName, DrawFont | undefined>;
      const usable = Object.values(all).every(
        (f) => f && typeof f.encode === 'function' && typeof f.ref === 'function',
      );
      this.opened = usable ? (all as Record<FontName, DrawFont>) : null;
    }
    return this.opened;
  }

  private draw(f: Placed | Fragment, x: number, y: number): void {
    if (!f.text) return;
    this.use(f.font, f.size, f.color);
    // The line is already laid out: pdfkit's text() would measure it again only to move its cursor.
    if (this.fragment) this.fragment(f.text, x + f.x, y, {});
    else this.doc.text(f.text, x + f.x, y, { lineBreak: false });
  }

  newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** A paragraph in the page's flow, moved whole to a new page when it does not fit. */
  para(para: Para, size = 8.5): void {
    const width = PAGE.width - PAGE.left - PAGE.right;
    const lines = this.wrap(para, width, size);
    const height = lines.reduce((s, l) => s + l.height, 0);
    this.y += para.above ?? 0;
    if (this.y + height > this.bottom && this.y > PAGE.top) this.newPage();
    for (const line of lines) {
      if (this.y + line.height > this.bottom) this.newPage();
      this.drawLines([line], PAGE.left, this.y, line.top);
      this.y += line.height;
    }
    this.y += para.below ?? 0;
  }

  /** Space for at least `height` on this page, or a new page. */
  keep(height: number): void {
    if (this.y + height > this.bottom && this.y > PAGE.top) this.newPage();
  }

  /** Footer on every page, then the finished file. */
  async finish(footer: string): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    const { start, count } = this.doc.bufferedPageRange();
    const y = PAGE.height - PAGE.bottom + 12;
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      this.state = { font: '', size: 0, color: '' };
      const pageText = `Page ${i + 1} of ${count}`;
      this.use('regular', 7.5, '#555555');
      this.doc.text(footer, PAGE.left, y, { lineBreak: false });
      const w = this.width(pageText, 'regular', 7.5);
      this.use('regular', 7.5, '#555555');
      this.doc.text(pageText, PAGE.width - PAGE.right - w, y, { lineBreak: false });
    }
    this.doc.end();
    await ended;
    const buffer = Buffer.concat(chunks);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
}
