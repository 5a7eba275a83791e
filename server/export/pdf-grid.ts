/**
 * The grid pages of the PDF: per section, one table with a column per level (headings repeated on
 * every page), and per criterion its heading, the descriptors with each rated cell marked and
 * filled in its RAG colour, then each track's judgement, the agreed rating, the lock, and the
 * development focus and evidence.
 */
import {
  dateTime,
  descriptorText,
  isCritical,
  longDate,
  ratedMarks,
  ratingText,
  ratingValue,
  sectionName,
  type CriterionEntry,
  type ExportModel,
} from './model.ts';
import { ragFill } from './colours.ts';
import { drawTable, textCell, type Cell } from './pdf-table.ts';
import type { Para, PdfWriter } from './pdf-writer.ts';

export const HEAD = '#dfe6ee';
export const BAND = '#f2f4f7';
const GRID_SIZE = 7.5;

export const headerCell = (text: string): Cell => textCell(text, { bold: true, fill: HEAD });

/** A section's heading, on a page of its own. */
export function pageHeading(writer: PdfWriter, text: string): void {
  writer.newPage();
  writer.para({ runs: [{ text, bold: true }], size: 14, below: 6 });
}

const bullets = (items: { text: string; bold?: boolean }[], above = 0): Para[] =>
  items.map((item, i) => ({ runs: [item], bullet: true, ...(i === 0 && above ? { above } : {}) }));

function criterionRows(model: ExportModel, c: CriterionEntry): Cell[][] {
  const fw = model.framework;
  const n = model.levels.length;
  const multiPhase = model.phases.length > 0;
  const rows: Cell[][] = [];
  const heading: Para[] = [
    {
      runs: [{ text: c.criterion.code ? `${c.criterion.code}  ${c.criterion.title}` : c.criterion.title, bold: true }],
      size: 9.5,
    },
  ];
  if (c.criterion.statements?.length)
    heading.push(
      ...bullets(
        c.criterion.statements.map((s) => ({ text: descriptorText(s), bold: isCritical(s) })),
        2,
      ),
    );
  if (multiPhase && c.phases.length < model.phases.length)
    heading.push({
      runs: [
        {
          text: `Judged in: ${c.phases.map((p) => model.phases.find((x) => x.id === p)?.label ?? p).join(', ')}`,
          italics: true,
        },
      ],
    });
  rows.push([{ paras: heading, fill: BAND, span: n }]);

  if (c.criterion.pending !== undefined) {
    rows.push([textCell(`No descriptors yet: ${c.criterion.pending}`, { span: n, italics: true })]);
  } else {
    const marks = ratedMarks(c, multiPhase);
    rows.push(
      model.levels.map((level): Cell => {
        const by = marks.get(level.id);
        const descriptors = bullets(
          (c.criterion.descriptors[level.id] ?? []).map((item) => ({
            text: descriptorText(item),
            bold: isCritical(item),
          })),
        );
        if (!by) return { paras: descriptors };
        return {
          paras: [
            { runs: [{ text: `RATED: ${by.join('; ')}`, bold: true }], size: 7.5 },
            ...descriptors.map((d, i) => (i === 0 ? { ...d, above: 2 } : d)),
          ],
          fill: ragFill[ratingValue(fw, level.id)!.rag],
        };
      }),
    );
  }

  const judgement: Para[] = [];
  for (const t of c.tracks) {
    const parts = t.ratings.map((r) =>
      multiPhase ? `${r.phaseLabel}: ${ratingText(r.rating)}` : ratingText(r.rating),
    );
    judgement.push({
      runs: [
        { text: `${t.track.label}${t.track.authoritative ? ' (stands where judgements differ)' : ''}: `, bold: true },
        { text: parts.join(' · ') },
      ],
    });
  }
  if (c.agreed.some((a) => a.rating))
    judgement.push({
      runs: [
        { text: 'Agreed: ', bold: true },
        {
          text: c.agreed
            .map((a) => (multiPhase ? `${a.phaseLabel}: ${ratingText(a.rating)}` : ratingText(a.rating)))
            .join(' · '),
        },
      ],
    });
  if (c.lock) judgement.push({ runs: [{ text: `Locked by ${c.lock.byName}, ${dateTime(c.lock.at)}`, italics: true }] });
  for (const t of c.tracks) {
    const who = fw.tracks.length > 1 ? ` (${t.track.label})` : '';
    if (t.focus.trim())
      judgement.push({ runs: [{ text: `Development focus${who}: `, bold: true }, { text: t.focus }], above: 2 });
    if (t.evidence.trim())
      judgement.push({ runs: [{ text: `Evidence${who}: `, bold: true }, { text: t.evidence }], above: 2 });
  }
  if (c.evidenceItems.length)
    judgement.push(
      { runs: [{ text: 'Evidence items:', bold: true }], above: 2 },
      ...bullets(
        c.evidenceItems.map((e) => ({
          text: `${e.text}${e.url ? ` <${e.url}>` : ''} (${e.byName}, ${longDate(e.at)})`,
        })),
      ),
    );
  if (judgement.length) rows.push([{ paras: judgement, span: n }]);
  return rows;
}

export function gridPages(writer: PdfWriter, model: ExportModel): void {
  const fw = model.framework;
  const header = model.levels.map((l) => headerCell(l.code && l.code !== l.label ? `${l.label} (${l.code})` : l.label));
  for (const { section, criteria } of model.sections) {
    pageHeading(writer, sectionName(section, '  '));
    if (section.group) writer.para({ runs: [{ text: section.group, italics: true }], below: 4 });
    if (section.summary) writer.para({ runs: [{ text: section.summary }], below: 6 });
    if (criteria.length === 0) continue;
    drawTable(writer, {
      widths: model.levels.map(() => '*'),
      header,
      rows: criteria.flatMap((c) => criterionRows(model, c)),
      size: GRID_SIZE,
    });
  }
  if (fw.scale.notApplicable)
    writer.para(
      { runs: [{ text: `${fw.scale.notApplicable.code} = ${fw.scale.notApplicable.label}`, italics: true }], above: 4 },
      GRID_SIZE + 1,
    );
}
