/** The building blocks of the Word export: runs, paragraphs, cells and full-width tables. */
import { PageBreak, Paragraph, TextRun, type HeadingLevel } from 'docx';
import type { DescriptorItem } from '../../shared/framework/schema.ts';
import { ragFill } from './colours.ts';
import {
  PlainBlock,
  paraXml,
  tableXml,
  type CellSpec,
  type ParaSpec,
  type RowSpec,
  type RunSpec,
} from './docx-plain.ts';
import { SPACING_AFTER, STYLE } from './docx-styles.ts';
import { descriptorText, isCritical, ratingText, type RatingValue } from './model.ts';

/** A4 landscape content width in twentieths of a point: 297 mm less 2 × 15 mm margins. */
export const CONTENT_WIDTH = 15137;
export const HEAD = 'DFE6EE';
export const BAND = 'F2F4F7';
const hex = (colour: string) => colour.replace('#', '').toUpperCase();

export type Block = Paragraph | PlainBlock;

export interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  color?: string;
}

/** A run; bold through the Label style, so a bold run carries one property instead of two. */
export const run = (text: string, { bold, ...options }: RunOptions = {}): RunSpec => ({
  text,
  ...(bold ? { style: STYLE.label } : {}),
  ...options,
});

export function para(
  children: RunSpec[] | string,
  options: { bullet?: boolean; spacingAfter?: number } = {},
): ParaSpec {
  const after = options.spacingAfter ?? SPACING_AFTER;
  return {
    runs: typeof children === 'string' ? [run(children)] : children,
    // A bullet is the Descriptor style, which carries the list; other space is the document default.
    ...(options.bullet ? { style: STYLE.bullet } : {}),
    ...(after !== SPACING_AFTER ? { spacingAfter: after } : {}),
  };
}

/** Paragraphs as blocks of the document body, outside any table. */
export const body = (...paras: ParaSpec[]): PlainBlock[] => paras.map((p) => new PlainBlock(() => paraXml(p)));

/** Lines of plain text as paragraphs, so line breaks people typed survive. */
export const lines = (label: string | null, text: string): ParaSpec[] =>
  text.split('\n').map((line, i) => para(i === 0 && label ? [run(label, { bold: true }), run(line)] : [run(line)]));

export const descriptorParas = (items: DescriptorItem[] | undefined): ParaSpec[] =>
  (items ?? []).map((item) =>
    para([run(descriptorText(item), isCritical(item) ? { bold: true } : {})], { bullet: true }),
  );

export function cell(
  content: ParaSpec[] | string,
  options: { fill?: string; span?: number; bold?: boolean } = {},
): CellSpec {
  const paras =
    typeof content === 'string'
      ? [{ style: STYLE.cell, runs: [run(content, options.bold ? { bold: true } : {})] }]
      : content;
  return {
    paras: paras.length ? paras : [para('')],
    ...(options.fill ? { fill: hex(options.fill) } : {}),
    ...(options.span && options.span > 1 ? { span: options.span } : {}),
  };
}

/** A cell holding one centred code, as in the phase dashboard. */
export const centredCell = (text: string, runOptions: RunOptions, fill?: string): CellSpec =>
  cell([{ style: STYLE.code, runs: [run(text, runOptions)] }], fill ? { fill } : {});

export const row = (cells: CellSpec[], options: { cantSplit?: boolean } = {}): RowSpec => ({ cells, ...options });

export const headerRow = (labels: string[]): RowSpec => ({
  header: true,
  cantSplit: true,
  cells: labels.map((l) => cell(l, { fill: HEAD, bold: true })),
});

/** A full-width table whose columns share the width as given (relative weights). */
export function table(weights: number[], rows: RowSpec[]): PlainBlock {
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((w / total) * CONTENT_WIDTH));
  // Every cell's padding, set once for the table rather than on each of its thousands of cells.
  return new PlainBlock(() => tableXml(CONTENT_WIDTH, widths, { top: 40, left: 80, bottom: 40, right: 80 }, rows));
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
    children: [...(pageBreak ? [new PageBreak()] : []), new TextRun(text)],
    spacing: { before: 120, after: 80 },
  });
