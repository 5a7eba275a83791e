/**
 * Tables on the page writer: fixed column widths (numbers, and '*' sharing what is left), each cell
 * measured once, rows kept whole across page breaks (a row taller than a page is split between its
 * lines), the header row repeated at the top of every page the table reaches.
 */
import { PAGE, type Line, type Para, type PdfWriter, type Run } from './pdf-writer.ts';

export interface Cell {
  paras: Para[];
  fill?: string;
  /** Columns the cell covers (1 unless given). */
  span?: number;
}

export interface Table {
  widths: (number | '*')[];
  header?: Cell[];
  rows: Cell[][];
  size?: number;
  /** Space below the table (pt). */
  below?: number;
}

const RULE = '#9a9a9a';
const PAD_X = 4;
const PAD_Y = 3;
const LINE_WIDTH = 0.5;

type CellText = Omit<Cell, 'paras'> & Omit<Para, 'runs'> & Omit<Run, 'text'>;

/** A cell of one paragraph of one run. */
export function textCell(text: string, options: CellText = {}): Cell {
  const { fill, span, bold, italics, color, ...para } = options;
  const run: Run = { text, ...(bold ? { bold } : {}), ...(italics ? { italics } : {}), ...(color ? { color } : {}) };
  return { paras: [{ ...para, runs: [run] }], ...(fill ? { fill } : {}), ...(span ? { span } : {}) };
}

interface Placed {
  x: number;
  width: number;
  fill?: string;
  lines: Line[];
  /** Height of the content, padding excluded. */
  height: number;
}

function columns(widths: Table['widths']): { x: number; width: number }[] {
  const total = PAGE.width - PAGE.left - PAGE.right;
  // A fixed width is the text's, as pdfmake counted it: the cell's padding comes on top.
  const fixed = widths.reduce<number>((s, w) => s + (w === '*' ? 0 : w + 2 * PAD_X), 0);
  const stars = widths.filter((w) => w === '*').length;
  const star = stars ? Math.max(0, total - fixed) / stars : 0;
  let x = PAGE.left;
  return widths.map((w) => {
    const width = w === '*' ? star : w + 2 * PAD_X;
    const col = { x, width };
    x += width;
    return col;
  });
}

function placeRow(writer: PdfWriter, cols: { x: number; width: number }[], row: Cell[], size: number): Placed[] {
  const out: Placed[] = [];
  let c = 0;
  for (const cell of row) {
    const span = Math.min(cell.span ?? 1, cols.length - c);
    if (span <= 0) break;
    const x = cols[c]!.x;
    const width = cols[c + span - 1]!.x + cols[c + span - 1]!.width - x;
    const lines: Line[] = [];
    let top = 0;
    for (const para of cell.paras) {
      top += para.above ?? 0;
      const wrapped = writer.wrap(para, width - 2 * PAD_X, size, top);
      lines.push(...wrapped);
      top = wrapped.length ? wrapped[wrapped.length - 1]!.top + wrapped[wrapped.length - 1]!.height : top;
    }
    out.push({ x, width, lines, height: top, ...(cell.fill ? { fill: cell.fill } : {}) });
    c += span;
  }
  return out;
}

/** Draw one slice of a row: the lines from `from` up to `to` (content offsets), `height` tall. */
function drawSlice(writer: PdfWriter, cells: Placed[], y: number, height: number, from: number, to: number): void {
  const doc = writer.doc;
  for (const cell of cells)
    if (cell.fill) {
      doc.rect(cell.x, y, cell.width, height).fill(cell.fill);
      writer.resetColour();
    }
  for (const cell of cells) {
    const lines = cell.lines.filter((l) => l.top >= from && l.top < to);
    writer.drawLines(lines, cell.x + PAD_X, y + PAD_Y, from);
  }
  for (const cell of cells) doc.rect(cell.x, y, cell.width, height);
  doc.lineWidth(LINE_WIDTH).strokeColor(RULE).stroke();
}

function rowHeight(cells: Placed[]): number {
  return cells.reduce((h, c) => Math.max(h, c.height), 0) + 2 * PAD_Y;
}

export function drawTable(writer: PdfWriter, table: Table): void {
  const size = table.size ?? 8.5;
  const cols = columns(table.widths);
  const header = table.header ? placeRow(writer, cols, table.header, size) : null;
  const headerHeight = header ? rowHeight(header) : 0;
  const drawHeader = () => {
    if (!header) return;
    drawSlice(writer, header, writer.y, headerHeight, 0, Infinity);
    writer.y += headerHeight;
  };
  const room = writer.bottom - PAGE.top - headerHeight;
  const firstRow = table.rows[0] ? rowHeight(placeRow(writer, cols, table.rows[0], size)) : 0;
  // The header never sits alone at the foot of a page.
  writer.keep(headerHeight + Math.min(firstRow, room));
  drawHeader();
  for (const row of table.rows) {
    const cells = placeRow(writer, cols, row, size);
    const height = rowHeight(cells);
    if (writer.y + height > writer.bottom && height <= room) {
      writer.newPage();
      drawHeader();
    }
    if (writer.y + height <= writer.bottom) {
      drawSlice(writer, cells, writer.y, height, 0, Infinity);
      writer.y += height;
      continue;
    }
    // Taller than a page: split between lines, as many as fit on each page.
    let from = 0;
    const end = height - 2 * PAD_Y;
    while (from < end) {
      const fits = writer.bottom - writer.y - 2 * PAD_Y;
      let to = from + fits;
      // Cut above the first line that would cross the page's foot, in every cell.
      for (const cell of cells)
        for (const l of cell.lines) if (l.top >= from && l.top < to && l.top + l.height > to) to = l.top;
      if (to <= from) {
        // Not even one line fits here: carry on at the top of a new page.
        if (writer.y === PAGE.top + headerHeight) to = from + fits;
        else {
          writer.newPage();
          drawHeader();
          continue;
        }
      }
      const slice = Math.min(to, end) - from;
      drawSlice(writer, cells, writer.y, slice + 2 * PAD_Y, from, to);
      writer.y += slice + 2 * PAD_Y;
      from = to;
      if (from < end) {
        writer.newPage();
        drawHeader();
      }
    }
  }
  writer.y += table.below ?? 0;
}
