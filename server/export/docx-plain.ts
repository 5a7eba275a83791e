/**
 * Tables and paragraphs for the Word export as plain descriptions, written straight into the
 * objects docx's own serialiser takes. docx builds several class instances per element and walks
 * them again to write them; a 1,000-row review has over 100,000 elements in its tables, and that
 * walk was most of the export's time. The XML is the same docx writes for the equivalent
 * Table, TableRow, TableCell, Paragraph and TextRun, except that a run's text keeps its spaces
 * only where it has spaces to keep (docx-plain.test.ts holds them side by side).
 */
import { FileChild, type IXmlableObject } from 'docx';

export interface RunSpec {
  text: string;
  /** A character style (bold labels use one). */
  style?: string;
  italics?: boolean;
  color?: string;
  /** Half-points. */
  size?: number;
}
export interface ParaSpec {
  runs: RunSpec[];
  /** A paragraph style. */
  style?: string;
  /** Space after, when not the document default. */
  spacingAfter?: number;
}
export interface CellSpec {
  paras: ParaSpec[];
  /** Background, RRGGBB. */
  fill?: string;
  span?: number;
}
export interface RowSpec {
  cells: CellSpec[];
  /** Repeated at the top of every page the table runs onto. */
  header?: boolean;
  cantSplit?: boolean;
}

const val = (name: string, value: string | number) => ({ [name]: { _attr: { 'w:val': value } } });

/** Text whose spaces need `xml:space="preserve"`: leading, trailing or doubled, or a tab. */
const keepSpaces = /^\s|\s$|\s\s|\t/;

function runXml(r: RunSpec): IXmlableObject {
  const props: IXmlableObject[] = [];
  if (r.style) props.push(val('w:rStyle', r.style));
  if (r.italics) props.push({ 'w:i': {} }, { 'w:iCs': {} });
  if (r.color) props.push(val('w:color', r.color));
  if (r.size) props.push(val('w:sz', r.size), val('w:szCs', r.size));
  // Spaces are kept as typed only where Word would otherwise drop them: 19,000 attributes fewer on a big review.
  const text = { 'w:t': keepSpaces.test(r.text) ? [{ _attr: { 'xml:space': 'preserve' } }, r.text] : [r.text] };
  return { 'w:r': props.length ? [{ 'w:rPr': props }, text] : [text] };
}

export function paraXml(p: ParaSpec): IXmlableObject {
  const props: IXmlableObject[] = [];
  if (p.style) props.push(val('w:pStyle', p.style));
  if (p.spacingAfter !== undefined) props.push({ 'w:spacing': { _attr: { 'w:after': p.spacingAfter } } });
  const children = [...(props.length ? [{ 'w:pPr': props }] : []), ...p.runs.map(runXml)];
  return { 'w:p': children.length ? children : {} };
}

const dxa = (name: string, w: number) => ({ [name]: { _attr: { 'w:type': 'dxa', 'w:w': w } } });
const border = { _attr: { 'w:val': 'single', 'w:color': 'auto', 'w:sz': 4 } };
const tableBorders = {
  'w:tblBorders': ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((side) => ({ [`w:${side}`]: border })),
};

/** A fixed-layout table `width` wide whose columns are `columns` wide, every cell padded as given. */
export function tableXml(
  width: number,
  columns: number[],
  margins: { top: number; left: number; bottom: number; right: number },
  rows: RowSpec[],
): IXmlableObject {
  const total = columns.reduce((a, b) => a + b, 0);
  // Columns that fall short of the table's width are scaled up to fill it, as Word lays them out.
  const scale = total > 0 && width > total ? width / total : 1;
  const cellMargins = (['top', 'left', 'bottom', 'right'] as const).map((side) => dxa(`w:${side}`, margins[side]));
  const rowXml = (row: RowSpec): IXmlableObject => {
    let column = 0;
    const cells = row.cells.map((c) => {
      const span = c.span ?? 1;
      const w = Math.round(columns.slice(column, column + span).reduce((a, b) => a + b, 0) * scale);
      column += span;
      const props: IXmlableObject[] = [dxa('w:tcW', w)];
      if (span > 1) props.push(val('w:gridSpan', span));
      if (c.fill) props.push({ 'w:shd': { _attr: { 'w:fill': c.fill, 'w:color': 'auto', 'w:val': 'clear' } } });
      return { 'w:tc': [{ 'w:tcPr': props }, ...c.paras.map(paraXml)] };
    });
    const props = [...(row.cantSplit ? [{ 'w:cantSplit': {} }] : []), ...(row.header ? [{ 'w:tblHeader': {} }] : [])];
    return { 'w:tr': props.length ? [{ 'w:trPr': props }, ...cells] : cells };
  };
  return {
    'w:tbl': [
      {
        'w:tblPr': [
          dxa('w:tblW', width),
          tableBorders,
          { 'w:tblLayout': { _attr: { 'w:type': 'fixed' } } },
          { 'w:tblCellMar': cellMargins },
        ],
      },
      { 'w:tblGrid': columns.map((w) => ({ 'w:gridCol': { _attr: { 'w:w': w } } })) },
      ...rows.map(rowXml),
    ],
  };
}

/** A block of the document body (a table or a paragraph) written from its plain description. */
export class PlainBlock extends FileChild {
  constructor(private readonly write: () => IXmlableObject) {
    super('w:p');
  }

  override prepForXml(): IXmlableObject {
    return this.write();
  }
}
