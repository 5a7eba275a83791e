/**
 * The review as an Excel workbook: a "Review" sheet (title, people, status, overall judgements,
 * sign-off, provenance), the grid — one sheet per section, or per phase where the framework has
 * phases (the LA standards) — with each rated level cell filled in its RAG colour and marked, and
 * frozen headers; a tidy "Ratings" sheet (one row per track × criterion × phase) to filter and
 * pivot; and one sheet per table and form of the framework. Dates are Excel dates.
 */
import ExcelJS from 'exceljs';
import { ragFill } from './colours.ts';
import {
  descriptorText,
  provenanceLines,
  ratedMarks,
  ratingColumns,
  ratingRecord,
  ratingText,
  ratingValue,
  sectionName,
  type CriterionEntry,
  type ExportModel,
  type RatingValue,
  type SectionEntry,
} from './model.ts';

const argb = (colour: string) => `FF${colour.replace('#', '').toUpperCase()}`;
const solid = (colour: string): ExcelJS.Fill => ({
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: argb(colour) },
});
const HEAD = '#dfe6ee';
const BAND = '#f2f4f7';
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin', color: { argb: 'FF9A9A9A' } },
  bottom: { style: 'thin', color: { argb: 'FF9A9A9A' } },
  left: { style: 'thin', color: { argb: 'FF9A9A9A' } },
  right: { style: 'thin', color: { argb: 'FF9A9A9A' } },
};

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetNamer() {
  const used = new Set<string>();
  return (name: string): string => {
    const base =
      name
        .replace(/[:\\/?*[\]]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 31) || 'Sheet';
    let candidate = base;
    for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${base.slice(0, 27)} (${i})`;
    used.add(candidate.toLowerCase());
    return candidate;
  };
}

/** An ISO date or time as an Excel date; anything else stays text. */
function asDate(text: string): Date | string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return new Date(`${t}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t))) return new Date(t);
  return text;
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'top', wrapText: true };
  row.eachCell((c) => {
    c.fill = solid(HEAD);
    c.border = thin;
  });
}

function reviewSheet(wb: ExcelJS.Workbook, model: ExportModel, name: string): void {
  const fw = model.framework;
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [{ width: 28 }, { width: 40 }, { width: 24 }, { width: 60 }];
  ws.addRow([model.review.title]).font = { bold: true, size: 16 };
  ws.addRow([fw.title]).font = { size: 12 };
  ws.addRow([]);
  const facts: [string, string | Date][] = [
    ['Framework', `${fw.shortTitle ?? fw.title} (version ${fw.version})`],
    ['Review started', new Date(model.review.createdAt)],
    ['Last changed', new Date(model.review.updatedAt)],
    ...(model.status ? [['Status', model.status.label] as [string, string]] : []),
    ['Exported', new Date(model.exportedAt)],
    ['Exported by', model.exportedBy],
    ['Rating scale', `${fw.scale.label}: ${model.levels.map((l) => ratingText(ratingValue(fw, l.id))).join(', ')}`],
  ];
  for (const [k, v] of facts) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    if (v instanceof Date) row.getCell(2).numFmt = 'd mmmm yyyy hh:mm';
  }
  ws.addRow([]);
  ws.addRow(['People']).font = { bold: true, size: 12 };
  styleHeader(ws.addRow(['Name', 'Role']));
  for (const p of model.people) ws.addRow([p.name, p.role]);
  if (model.overall?.length) {
    ws.addRow([]);
    ws.addRow(['Overall judgements']).font = { bold: true, size: 12 };
    styleHeader(ws.addRow(['Judgement of', 'Recorded', 'Rules suggest', 'Rationale']));
    for (const o of model.overall) {
      const recorded = ratingValue(fw, o.level);
      const row = ws.addRow([
        o.scope,
        ratingText(recorded, 'Not recorded'),
        ratingText(ratingValue(fw, o.indicative), ''),
        [
          o.rationale ?? '',
          ...(o.triggers ?? []).map((t) => `• ${t}`),
          o.by ? `Recorded by ${o.by}${o.at ? `, ${o.at}` : ''}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
      if (recorded) row.getCell(2).fill = solid(ragFill[recorded.rag]);
    }
  }
  if (model.signOffs) {
    ws.addRow([]);
    ws.addRow(['Sign-off']).font = { bold: true, size: 12 };
    styleHeader(ws.addRow(['Signed off by', 'Role', 'Date']));
    for (const s of model.signOffs) {
      const row = ws.addRow([s.name, s.role ?? '', new Date(s.at)]);
      row.getCell(3).numFmt = 'd mmmm yyyy hh:mm';
    }
  }
  ws.addRow([]);
  ws.addRow(['Provenance of the framework']).font = { bold: true, size: 12 };
  for (const line of provenanceLines(fw)) {
    const row = ws.addRow([line]);
    ws.mergeCells(row.number, 1, row.number, 4);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = Math.min(400, 15 * Math.ceil(line.length / 150));
  }
}

/** Grid sheet: one row per criterion, the level columns in the source's order, then the judgement. */
function gridSheet(
  wb: ExcelJS.Workbook,
  model: ExportModel,
  name: string,
  groups: { heading: string | null; criteria: CriterionEntry[] }[],
  phase: string | null,
): void {
  const fw = model.framework;
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
  });
  const multi = fw.tracks.length > 1;
  const header = [
    'Code',
    'Criterion',
    ...model.levels.map((l) => (l.code && l.code !== l.label ? `${l.label} (${l.code})` : l.label)),
    ...fw.tracks.map((t) => (multi ? `${t.label}: rating` : fw.scale.label)),
    'Agreed',
    'Locked',
    ...fw.tracks.flatMap((t) =>
      multi ? [`${t.label}: development focus`, `${t.label}: evidence`] : ['Development focus', 'Evidence'],
    ),
  ];
  ws.columns = header.map((_, i) => ({
    width:
      i === 0
        ? 8
        : i === 1
          ? 32
          : i < 2 + model.levels.length
            ? 42
            : i < 4 + model.levels.length + fw.tracks.length
              ? 18
              : 40,
  }));
  styleHeader(ws.addRow(header));
  const width = header.length;
  const ratingIn = (r: { phase: string; rating: RatingValue | null }[]) =>
    (phase === null ? r[0] : r.find((x) => x.phase === phase))?.rating ?? null;
  for (const { heading, criteria } of groups) {
    if (heading) {
      const row = ws.addRow([heading]);
      ws.mergeCells(row.number, 1, row.number, width);
      row.font = { bold: true };
      row.getCell(1).fill = solid(BAND);
    }
    for (const c of criteria) {
      const marks = ratedMarks(
        {
          ...c,
          tracks: c.tracks.map((t) => ({
            ...t,
            ratings: t.ratings.filter((r) => phase === null || r.phase === phase),
          })),
        },
        false,
      );
      const statements = (c.criterion.statements ?? []).map((s) => `• ${descriptorText(s)}`).join('\n');
      const values = [
        c.criterion.code ?? '',
        statements ? `${c.criterion.title}\n${statements}` : c.criterion.title,
        ...model.levels.map((l) => {
          if (c.criterion.pending !== undefined)
            return l === model.levels[0] ? `No descriptors yet: ${c.criterion.pending}` : '';
          const text = (c.criterion.descriptors[l.id] ?? []).map((d) => `• ${descriptorText(d)}`).join('\n');
          const by = marks.get(l.id);
          return by ? `RATED: ${by.join('; ')}\n${text}` : text;
        }),
        ...c.tracks.map((t) => ratingText(ratingIn(t.ratings), '')),
        ratingText(ratingIn(c.agreed), ''),
        c.lock ? `Locked by ${c.lock.byName}` : '',
        ...c.tracks.flatMap((t) => [t.focus, t.evidence]),
      ];
      const row = ws.addRow(values);
      row.alignment = { vertical: 'top', wrapText: true };
      row.eachCell({ includeEmpty: true }, (cell) => (cell.border = thin));
      model.levels.forEach((l, i) => {
        if (marks.has(l.id)) {
          const cell = row.getCell(3 + i);
          cell.fill = solid(ragFill[ratingValue(fw, l.id)!.rag]);
          cell.font = { bold: false };
        }
      });
      c.tracks.forEach((t, i) => {
        const r = ratingIn(t.ratings);
        if (r) row.getCell(3 + model.levels.length + i).fill = solid(ragFill[r.rag]);
      });
      const agreed = ratingIn(c.agreed);
      if (agreed) row.getCell(3 + model.levels.length + fw.tracks.length).fill = solid(ragFill[agreed.rag]);
    }
  }
}

function ratingsSheet(wb: ExcelJS.Workbook, model: ExportModel, name: string): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = ratingColumns.map((h) => ({
    header: h,
    width: h === 'Criterion' || h === 'Development focus' || h === 'Evidence' ? 40 : h === 'Section' ? 30 : 16,
  }));
  styleHeader(ws.getRow(1));
  const ratingCol = ratingColumns.indexOf('Rating') + 1;
  const agreedCol = ratingColumns.indexOf('Agreed') + 1;
  const atCol = ratingColumns.indexOf('Last changed at') + 1;
  for (const r of model.rows) {
    const values: (string | Date)[] = ratingRecord(r);
    if (r.lastChangedAt) values[atCol - 1] = new Date(r.lastChangedAt);
    const row = ws.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    if (r.rating) row.getCell(ratingCol).fill = solid(ragFill[r.rating.rag]);
    if (r.agreed) row.getCell(agreedCol).fill = solid(ragFill[r.agreed.rag]);
    if (r.lastChangedAt) row.getCell(atCol).numFmt = 'd mmm yyyy hh:mm';
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ratingColumns.length } };
}

function tableSheets(wb: ExcelJS.Workbook, model: ExportModel, nameOf: (n: string) => string): void {
  for (const { table, rows } of model.tables) {
    const ws = wb.addWorksheet(nameOf(table.title), { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
    const labelled = table.rows.length > 0 || table.rowHeader !== undefined;
    const header = [...(labelled ? [table.rowHeader ?? ''] : []), ...table.columns.map((c) => c.label)];
    ws.columns = header.map((_, i) => ({ width: i === 0 && labelled ? 40 : 28 }));
    styleHeader(ws.addRow(header));
    for (const r of rows) {
      const values = r.cells.map((text, i) => (table.columns[i]?.kind === 'date' ? asDate(text) : text));
      const row = ws.addRow([...(labelled ? [r.label] : []), ...values]);
      row.alignment = { vertical: 'top', wrapText: true };
      table.columns.forEach((c, i) => {
        if (c.kind === 'date') row.getCell(i + 1 + (labelled ? 1 : 0)).numFmt = 'd mmmm yyyy';
      });
      if (labelled) row.getCell(1).font = { bold: true };
    }
  }
}

function formSheets(wb: ExcelJS.Workbook, model: ExportModel, nameOf: (n: string) => string): void {
  for (const { form, parts } of model.forms) {
    const ws = wb.addWorksheet(nameOf(form.title));
    ws.columns = [{ width: 30 }, { width: 40 }, { width: 80 }];
    ws.addRow([form.title]).font = { bold: true, size: 13 };
    styleHeader(ws.addRow(['Part', 'Field', 'Value']));
    for (const part of parts)
      for (const f of part.fields) {
        const row = ws.addRow([
          part.section?.title ?? form.title,
          f.label,
          f.kind === 'date' ? asDate(f.value) : f.value,
        ]);
        row.alignment = { vertical: 'top', wrapText: true };
        if (f.kind === 'date') row.getCell(3).numFmt = 'd mmmm yyyy';
      }
  }
}

export function workbook(model: ExportModel): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bestfit';
  wb.title = model.review.title;
  wb.created = new Date(model.exportedAt);
  const nameOf = sheetNamer();
  reviewSheet(wb, model, nameOf('Review'));
  const bySection = (s: SectionEntry) => ({ heading: null, criteria: s.criteria });
  if (model.phases.length > 0) {
    for (const phase of model.phases) {
      const groups = model.sections
        .map((s) => ({
          heading: [s.section.group, sectionName(s.section)].filter(Boolean).join(' · '),
          criteria: s.criteria.filter((c) => c.phases.includes(phase.id)),
        }))
        .filter((g) => g.criteria.length > 0);
      gridSheet(wb, model, nameOf(phase.label), groups, phase.id);
    }
  } else {
    for (const s of model.sections) gridSheet(wb, model, nameOf(sectionName(s.section)), [bySection(s)], null);
  }
  ratingsSheet(wb, model, nameOf('Ratings'));
  tableSheets(wb, model, nameOf);
  formSheets(wb, model, nameOf);
  return wb;
}

export async function renderXlsx(model: ExportModel): Promise<Uint8Array> {
  const buffer = await workbook(model).xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
