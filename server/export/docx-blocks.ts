/** The building blocks of the Word export: runs, paragraphs, cells and full-width tables. */
import {
  type HeadingLevel,
  PageBreak,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { DescriptorItem } from '../../shared/framework/schema.ts';
import { ragFill } from './colours.ts';
import { descriptorText, isCritical, ratingText, type RatingValue } from './model.ts';
import { SPACING_AFTER, STYLE } from './docx-styles.ts';

/** A4 landscape content width in twentieths of a point: 297 mm less 2 × 15 mm margins. */
export const CONTENT_WIDTH = 15137;
export const HEAD = 'DFE6EE';
export const BAND = 'F2F4F7';
const hex = (colour: string) => colour.replace('#', '').toUpperCase();

export interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  color?: string;
}

/** A run; bold through the Label style, so a bold run carries one property instead of two. */
export const run = (text: string, { bold, ...options }: RunOptions = {}) =>
  new TextRun({ text, ...(bold ? { style: STYLE.label } : {}), ...options });

export function para(children: ParagraphChild[] | string, options: { bullet?: boolean; spacingAfter?: number } = {}) {
  const after = options.spacingAfter ?? SPACING_AFTER;
  return new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    // A bullet is the Descriptor style, which carries the list; other space is the document default.
    ...(options.bullet ? { style: STYLE.bullet } : {}),
    ...(after !== SPACING_AFTER ? { spacing: { after } } : {}),
  });
}

/** Lines of plain text as paragraphs, so line breaks people typed survive. */
export const lines = (label: string | null, text: string): Paragraph[] =>
  text.split('\n').map((line, i) => para(i === 0 && label ? [run(label, { bold: true }), run(line)] : [run(line)]));

export const descriptorParas = (items: DescriptorItem[] | undefined): Paragraph[] =>
  (items ?? []).map((item) =>
    para([run(descriptorText(item), isCritical(item) ? { bold: true } : {})], { bullet: true }),
  );

export function cell(
  content: Paragraph[] | string,
  options: { fill?: string; span?: number; bold?: boolean; width?: number } = {},
): TableCell {
  const children =
    typeof content === 'string'
      ? [new Paragraph({ style: STYLE.cell, children: [run(content, options.bold ? { bold: true } : {})] })]
      : content;
  return new TableCell({
    children: children.length ? children : [para('')],
    ...(options.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(options.fill) } } : {}),
    ...(options.span && options.span > 1 ? { columnSpan: options.span } : {}),
    ...(options.width ? { width: { size: options.width, type: WidthType.DXA } } : {}),
  });
}

/** A cell holding one centred code, as in the phase dashboard. */
export const centredCell = (text: string, runOptions: RunOptions, fill?: string) =>
  cell([new Paragraph({ style: STYLE.code, children: [run(text, runOptions)] })], fill ? { fill } : {});

export const headerRow = (labels: string[]) =>
  new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map((l) => cell(l, { fill: HEAD, bold: true })),
  });

/** A full-width table whose columns share the width as given (relative weights). */
export function table(weights: number[], rows: TableRow[]): Table {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / total) * CONTENT_WIDTH));
  return new Table({
    rows,
    columnWidths: widths,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    // Every cell's padding, set once for the table rather than on each of its thousands of cells.
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

export const ratingCell = (r: RatingValue | null, empty = 'Not rated') =>
  r === null
    ? cell([para([run(empty, { italics: true, color: '666666' })])])
    : cell(ratingText(r), { fill: ragFill[r.rag], bold: true });

export const codeCell = (r: RatingValue | null) =>
  r === null ? centredCell('–', { color: '666666' }) : centredCell(r.code ?? r.label, { bold: true }, ragFill[r.rag]);

export const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], pageBreak = false) =>
  new Paragraph({
    heading: level,
    children: [...(pageBreak ? [new PageBreak()] : []), run(text)],
    spacing: { before: 120, after: 80 },
  });
