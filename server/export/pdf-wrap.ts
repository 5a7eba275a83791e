/**
 * Paragraphs broken into lines: words of one style on a line joined into one run, a word wider
 * than the column broken where it must be, lines aligned, a bullet put before the first line.
 */
import { INK, fontOf, type FontName, type Fragment, type Line, type Para } from './pdf-writer.ts';

const BULLET_INDENT = 8;

/** Widths and line heights, measured once per font and size. */
export interface Measure {
  width(text: string, font: FontName, size: number): number;
  lineHeight(font: FontName, size: number): number;
}

/**
 * The paragraph broken into lines no wider than `width`, tops counted from `top`. Words are
 * measured as pdfkit draws them, each with the space after it ("word "), so each is shaped once.
 */
export function wrapPara(m: Measure, para: Para, width: number, size: number, top = 0): Line[] {
  size = para.size ?? size;
  const indent = para.bullet ? BULLET_INDENT : 0;
  const max = width - indent;
  const lines: Line[] = [];
  let line: Fragment[] = [];
  let x = 0;
  // Where the line's last word ends, the space after it not counted.
  let ink = 0;
  let height = 0;
  let y = top;
  const finish = () => {
    const h = height || m.lineHeight('regular', size);
    if (para.align && para.align !== 'left') {
      const shift = (max - ink) * (para.align === 'center' ? 0.5 : 1);
      for (const f of line) f.x += shift;
    }
    lines.push({ fragments: line, top: y, height: h });
    y += h;
    line = [];
    x = ink = height = 0;
  };
  const place = (text: string, font: FontName, color: string, w: number, inked: number) => {
    const last = line[line.length - 1];
    // Words of one style on a line are one fragment: the same text, drawn in one go.
    if (last && last.font === font && last.color === color) last.text += text;
    else line.push({ text, x: indent + x, font, size, color });
    ink = x + inked;
    x += w;
    height = Math.max(height, m.lineHeight(font, size));
  };
  for (const run of para.runs) {
    const font = fontOf(run);
    const color = run.color ?? INK;
    const space = m.width(' ', font, size);
    run.text.split('\n').forEach((part, n) => {
      if (n > 0) finish();
      const words = part.split(' ');
      words.forEach((word, i) => {
        const spaced = i < words.length - 1;
        const chunk = spaced ? `${word} ` : word;
        if (chunk === '') return;
        const w = m.width(chunk, font, size);
        const inked = spaced ? w - space : w;
        // Extra spaces typed, but none at the start of a line.
        if (word === '') return void (x > 0 && place(chunk, font, color, w, 0));
        if (x > 0 && x + inked > max + 0.01) finish();
        if (inked <= max) return place(chunk, font, color, w, inked);
        // A word wider than the column (a long link) is broken where it must be.
        let rest = word;
        while (rest.length > 1 && m.width(rest, font, size) > max) {
          let cut = rest.length - 1;
          while (cut > 1 && m.width(rest.slice(0, cut), font, size) > max) cut--;
          const piece = m.width(rest.slice(0, cut), font, size);
          place(rest.slice(0, cut), font, color, piece, piece);
          finish();
          rest = rest.slice(cut);
        }
        const tail = m.width(rest, font, size);
        place(spaced ? `${rest} ` : rest, font, color, tail + (spaced ? space : 0), tail);
      });
    });
  }
  if (line.length || lines.length === 0) finish();
  if (para.bullet && lines[0])
    lines[0].fragments.unshift({ text: '•', x: 1, font: 'regular', size, color: '#555555', bullet: true });
  return lines;
}
