/**
 * The review as a PDF in the source's own layout: A4 landscape (the rubrics are wide), the grid
 * per section with each rated cell marked and the level named, focus and evidence per criterion,
 * the phase dashboard in the source's codes, the framework's tables and forms. Laid out here a
 * row at a time and drawn with pdfkit: Roboto is embedded (subset), text stays selectable, table
 * headers repeat on every page, and every page is numbered. (pdfmake's general layout, which
 * measured every cell of a 1,000-row grid several times over, took seconds for a big review.)
 */
import { NO_PHASE } from '../../shared/review/keys.ts';
import {
  descriptorText,
  longDate,
  ratingText,
  ratingValue,
  sectionGroups,
  sectionName,
  type ExportModel,
  type RatingValue,
} from './model.ts';
import { ragFill } from './colours.ts';
import { h2, titlePage } from './pdf-front.ts';
import { BAND, gridPages, headerCell, pageHeading } from './pdf-grid.ts';
import { drawTable, textCell, type Cell } from './pdf-table.ts';
import { PdfWriter } from './pdf-writer.ts';

const code = (r: RatingValue | null): Cell =>
  r === null
    ? textCell('–', { color: '#666666', align: 'center' })
    : textCell(r.code ?? r.label, { bold: true, fill: ragFill[r.rag], align: 'center' });

/** The dashboard the LA standards print: every criterion against every phase, in the source's codes. */
function dashboard(writer: PdfWriter, model: ExportModel): void {
  const fw = model.framework;
  const phases = model.phases;
  pageHeading(writer, 'Dashboard');
  const legend = [
    ...model.levels.map((l) => ratingValue(fw, l.id)!),
    ...(fw.scale.notApplicable ? [ratingValue(fw, 'n/a')!] : []),
  ];
  writer.para({
    runs: [{ text: `Key: ${legend.map((r) => `${r.code ?? r.label} = ${r.label}`).join(';  ')}` }],
    below: 6,
  });
  for (const track of fw.tracks) {
    const rows: Cell[][] = [];
    for (const { group, sections } of sectionGroups(model)) {
      if (group) rows.push([textCell(group, { bold: true, fill: BAND, span: phases.length + 1 })]);
      for (const { criteria } of sections)
        for (const c of criteria) {
          if (c.criterion.pending !== undefined) continue;
          const t = c.tracks.find((x) => x.track.id === track.id)!;
          rows.push([
            textCell(`${c.criterion.code ?? ''} ${c.criterion.title}`.trim()),
            ...phases.map((p): Cell => {
              const r = t.ratings.find((x) => x.phase === p.id);
              if (!r) return textCell('·', { color: '#888888', align: 'center' });
              return code(r.rating ?? c.agreed.find((a) => a.phase === p.id)?.rating ?? null);
            }),
          ]);
        }
      const overall = (phase: string) =>
        model.indicative.find((o) => o.track === track.id && o.group === (group ?? null) && o.phase === phase);
      if (model.indicative.some((o) => o.track === track.id && o.group === group))
        rows.push([
          textCell('Overall (indicative)', { italics: true }),
          ...phases.map((p) => code(ratingValue(fw, overall(p.id)?.indicative ?? null))),
        ]);
    }
    h2(writer, track.label);
    drawTable(writer, {
      widths: ['*', ...phases.map(() => 90)],
      header: [headerCell('Criterion'), ...phases.map((p) => headerCell(p.label))],
      rows,
      below: 12,
    });
  }
  writer.para(
    {
      runs: [
        {
          text: 'The overall rows are what the framework’s rules suggest (the median of the rated levels, rounded to the worse); the meeting records its own overall judgement.',
          italics: true,
        },
      ],
    },
    7.5,
  );
}

const ratingCell = (r: RatingValue | null, pending: boolean): Cell =>
  r === null
    ? textCell(pending ? 'No descriptors yet' : 'Not rated', { color: '#666666', italics: true })
    : textCell(ratingText(r), { bold: true, fill: ragFill[r.rag] });

/** Frameworks without phases: the overview the sources open with, one line per criterion. */
function overview(writer: PdfWriter, model: ExportModel): void {
  const fw = model.framework;
  const tracks = fw.tracks;
  const single = tracks.length === 1;
  const rows: Cell[][] = [];
  for (const { section, criteria } of model.sections) {
    rows.push([textCell(sectionName(section), { bold: true, fill: BAND, span: tracks.length + 2 })]);
    for (const c of criteria) {
      const name = c.criterion.code ? `${c.criterion.code} ${c.criterion.title}` : c.criterion.title;
      rows.push([
        textCell(name),
        ...c.tracks.map((t) => ratingCell(t.ratings[0]?.rating ?? null, c.criterion.pending !== undefined)),
        single ? textCell(c.tracks[0]?.focus ?? '') : ratingCell(c.agreed[0]?.rating ?? null, false),
      ]);
    }
  }
  pageHeading(writer, 'Overview');
  drawTable(writer, {
    widths: single ? [220, 110, '*'] : ['*', ...tracks.map(() => 120), 120],
    header: [
      headerCell('Criterion'),
      ...tracks.map((t) => headerCell(single ? fw.scale.label : `${t.label}: ${fw.scale.label.toLowerCase()}`)),
      headerCell(single ? 'Development focus' : 'Agreed'),
    ],
    rows,
  });
}

/** A date typed as 2026-03-14 reads as 14 March 2026; anything else is kept as typed. */
const dateCell = (text: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? longDate(`${text.trim()}T00:00:00Z`) : text;

function tablePages(writer: PdfWriter, model: ExportModel): void {
  for (const { table, rows } of model.tables) {
    pageHeading(writer, table.title);
    if (table.description) writer.para({ runs: [{ text: table.description }], below: 6 });
    const labelled = table.rows.length > 0 || table.rowHeader !== undefined;
    const header = [
      ...(labelled ? [headerCell(table.rowHeader ?? '')] : []),
      ...table.columns.map((c) => headerCell(c.label)),
    ];
    const body: Cell[][] = rows.map((row) => [
      ...(labelled ? [textCell(row.label, { bold: true })] : []),
      ...row.cells.map((text, i) => textCell(table.columns[i]?.kind === 'date' && text ? dateCell(text) : text)),
    ]);
    if (rows.length === 0) body.push([textCell('Nothing recorded.', { italics: true, span: header.length })]);
    const many = table.columns.length > 6;
    drawTable(writer, {
      widths: [...(labelled ? [many ? 70 : 160] : []), ...table.columns.map((): '*' => '*')],
      header,
      rows: body,
      size: many ? 7 : 8.5,
    });
  }
}

function formPages(writer: PdfWriter, model: ExportModel): void {
  for (const { form, parts } of model.forms) {
    pageHeading(writer, form.title);
    if (form.description) writer.para({ runs: [{ text: form.description }], below: 6 });
    if (form.grades?.length)
      writer.para({
        runs: [{ text: `Grades: ${form.grades.map((g) => `${g.id} = ${g.label}`).join('; ')}` }],
        below: 6,
      });
    for (const part of parts) {
      if (part.section) {
        h2(writer, part.section.title);
        const statements = form.sections.find((s) => s.id === part.section!.id)?.statements ?? [];
        statements.forEach((s, i) =>
          writer.para({
            runs: [{ text: descriptorText(s) }],
            bullet: true,
            ...(i === statements.length - 1 ? { below: 4 } : {}),
          }),
        );
      }
      drawTable(writer, {
        widths: [200, '*'],
        rows: part.fields.map((f) => [
          textCell(f.label, { bold: true }),
          textCell(f.kind === 'date' && f.value ? dateCell(f.value) : f.value),
        ]),
        below: 8,
      });
    }
  }
}

export async function renderPdf(model: ExportModel): Promise<Uint8Array> {
  const fw = model.framework;
  const hasPhases = model.phases.length > 0 && model.phases[0]?.id !== NO_PHASE;
  const writer = new PdfWriter({ title: model.review.title, subject: fw.title });
  titlePage(writer, model);
  if (hasPhases) dashboard(writer, model);
  else overview(writer, model);
  gridPages(writer, model);
  tablePages(writer, model);
  formPages(writer, model);
  return writer.finish(`${model.review.title} · ${fw.shortTitle ?? fw.title}`);
}
