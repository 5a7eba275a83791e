/**
 * The review as a PDF in the source's own layout: A4 landscape (the rubrics are wide), the grid
 * per section with each rated cell marked and the level named, focus and evidence per criterion,
 * the phase dashboard in the source's codes, the framework's tables and forms. Built with pdfmake
 * (on pdfkit): Roboto, shipped inside pdfmake, is embedded (subset), text stays selectable, table
 * headers repeat on every page, and every page is numbered.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { NO_PHASE } from '../../shared/review/keys.ts';
import {
  dateTime,
  descriptorText,
  isCritical,
  longDate,
  provenanceLines,
  ratedMarks,
  ratingText,
  ratingValue,
  sectionGroups,
  sectionName,
  type CriterionEntry,
  type ExportModel,
  type RatingValue,
} from './model.ts';
import { ragFill } from './colours.ts';
import { installRunRenderer } from './pdf-runs.ts';
import { installStyleLookups } from './pdf-styles.ts';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const fonts = {
  Roboto: {
    normal: join(fontDir, 'Roboto-Regular.ttf'),
    bold: join(fontDir, 'Roboto-Medium.ttf'),
    italics: join(fontDir, 'Roboto-Italic.ttf'),
    bolditalics: join(fontDir, 'Roboto-MediumItalic.ttf'),
  },
};
const fontFiles = new Set(Object.values(fonts.Roboto));
pdfmake.setFonts(fonts);
// Nothing a review contains is fetched or read: only the embedded fonts, never a URL.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => fontFiles.has(path));
installRunRenderer();
installStyleLookups();

const INK = '#1a1a1a';
const RULE = '#9a9a9a';
const HEAD = '#dfe6ee';
const BAND = '#f2f4f7';

const grid = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 4,
  paddingRight: () => 4,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

const headerCell = (text: string): TableCell => ({ text, bold: true, fillColor: HEAD });
const code = (r: RatingValue | null): TableCell =>
  r === null
    ? { text: '–', color: '#666666', alignment: 'center' }
    : { text: r.code ?? r.label, bold: true, fillColor: ragFill[r.rag], alignment: 'center' };

function keyValueTable(rows: [string, string][]): Content {
  return {
    table: { widths: [130, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
    layout: grid,
    margin: [0, 0, 0, 10],
  };
}

function titlePage(model: ExportModel): Content[] {
  const fw = model.framework;
  const out: Content[] = [
    { text: model.review.title, style: 'title' },
    { text: fw.title, style: 'subtitle' },
    keyValueTable([
      ['Framework', `${fw.shortTitle ?? fw.title} (version ${fw.version})`],
      ['Review started', longDate(model.review.createdAt)],
      ['Last changed', dateTime(model.review.updatedAt)],
      ...(model.status ? [['Status', statusText(model)] as [string, string]] : []),
      ['Exported', `${dateTime(model.exportedAt)} by ${model.exportedBy}`],
      ['Rating scale', `${fw.scale.label}: ${model.levels.map((l) => ratingText(ratingValue(fw, l.id))).join(', ')}`],
    ]),
    { text: 'People', style: 'h2' },
    model.people.length
      ? {
          table: {
            headerRows: 1,
            widths: ['*', 150],
            body: [[headerCell('Name'), headerCell('Role')], ...model.people.map((p) => [p.name, p.role])],
          },
          layout: grid,
          margin: [0, 0, 0, 10],
        }
      : { text: 'Nobody is recorded on this review.', italics: true },
  ];
  if (model.overall?.length) out.push(...overallBlock(model));
  if (model.signOffs) out.push(...signOffBlock(model));
  out.push(
    { text: 'Provenance of the framework', style: 'h2' },
    ...provenanceLines(fw).map((line) => ({ text: line, margin: [0, 0, 0, 2] as [number, number, number, number] })),
  );
  return out;
}

const statusText = (model: ExportModel): string =>
  model.status
    ? [
        model.status.label,
        model.status.by ? `by ${model.status.by}` : '',
        model.status.at ? `on ${dateTime(model.status.at)}` : '',
      ]
        .filter(Boolean)
        .join(' ')
    : '';

function overallBlock(model: ExportModel): Content[] {
  const fw = model.framework;
  return [
    { text: 'Overall judgements', style: 'h2' },
    {
      table: {
        headerRows: 1,
        widths: [130, 110, 110, '*'],
        body: [
          [headerCell('Judgement of'), headerCell('Recorded'), headerCell('Rules suggest'), headerCell('Rationale')],
          ...(model.overall ?? []).map((o) => {
            const recorded = ratingValue(fw, o.level);
            return [
              o.scope,
              {
                text: ratingText(recorded, 'Not recorded'),
                bold: true,
                ...(recorded ? { fillColor: ragFill[recorded.rag] } : {}),
              },
              ratingText(ratingValue(fw, o.indicative), '–'),
              {
                stack: [
                  o.rationale ?? '',
                  ...(o.triggers?.length
                    ? [{ ul: o.triggers, margin: [0, 2, 0, 0] as [number, number, number, number] }]
                    : []),
                  ...(o.by
                    ? [{ text: `Recorded by ${o.by}${o.at ? `, ${dateTime(o.at)}` : ''}`, color: '#555555' }]
                    : []),
                ],
              },
            ];
          }),
        ],
      },
      layout: grid,
      margin: [0, 0, 0, 10],
    },
  ];
}

function signOffBlock(model: ExportModel): Content[] {
  const list = model.signOffs ?? [];
  return [
    { text: 'Sign-off', style: 'h2' },
    list.length
      ? {
          table: {
            headerRows: 1,
            widths: ['*', 150, 160],
            body: [
              [headerCell('Signed off by'), headerCell('Role'), headerCell('Date')],
              ...list.map((s) => [s.name, s.role ?? '', dateTime(s.at)]),
            ],
          },
          layout: grid,
          margin: [0, 0, 0, 10],
        }
      : { text: 'Not signed off yet.', italics: true, margin: [0, 0, 0, 10] },
  ];
}

/** The dashboard the LA standards print: every criterion against every phase, in the source's codes. */
function dashboard(model: ExportModel): Content[] {
  const fw = model.framework;
  const phases = model.phases;
  const out: Content[] = [{ text: 'Dashboard', style: 'h1', pageBreak: 'before' }];
  const legend = [
    ...model.levels.map((l) => ratingValue(fw, l.id)!),
    ...(fw.scale.notApplicable ? [ratingValue(fw, 'n/a')!] : []),
  ];
  out.push({
    text: `Key: ${legend.map((r) => `${r.code ?? r.label} = ${r.label}`).join(';  ')}`,
    margin: [0, 0, 0, 6],
  });
  for (const track of fw.tracks) {
    const body: TableCell[][] = [[headerCell('Criterion'), ...phases.map((p) => headerCell(p.label))]];
    for (const { group, sections } of sectionGroups(model)) {
      if (group)
        body.push([{ text: group, bold: true, colSpan: phases.length + 1, fillColor: BAND }, ...phases.map(() => '')]);
      for (const { criteria } of sections)
        for (const c of criteria) {
          if (c.criterion.pending !== undefined) continue;
          const t = c.tracks.find((x) => x.track.id === track.id)!;
          body.push([
            `${c.criterion.code ?? ''} ${c.criterion.title}`.trim(),
            ...phases.map((p): TableCell => {
              const r = t.ratings.find((x) => x.phase === p.id);
              if (!r) return { text: '·', color: '#888888', alignment: 'center' };
              return code(r.rating ?? c.agreed.find((a) => a.phase === p.id)?.rating ?? null);
            }),
          ]);
        }
      const overall = (phase: string) =>
        model.indicative.find((o) => o.track === track.id && o.group === (group ?? null) && o.phase === phase);
      if (model.indicative.some((o) => o.track === track.id && o.group === group))
        body.push([
          { text: 'Overall (indicative)', italics: true },
          ...phases.map((p) => code(ratingValue(fw, overall(p.id)?.indicative ?? null))),
        ]);
    }
    out.push(
      { text: `${track.label}`, style: 'h2' },
      {
        table: { headerRows: 1, widths: ['*', ...phases.map(() => 90)], body },
        layout: grid,
        margin: [0, 0, 0, 12],
      },
    );
  }
  out.push({
    text: 'The overall rows are what the framework’s rules suggest (the median of the rated levels, rounded to the worse); the meeting records its own overall judgement.',
    italics: true,
    fontSize: 7.5,
  });
  return out;
}

/** Frameworks without phases: the overview the sources open with, one line per criterion. */
function overview(model: ExportModel): Content[] {
  const fw = model.framework;
  const tracks = fw.tracks;
  const single = tracks.length === 1;
  const body: TableCell[][] = [
    [
      headerCell('Criterion'),
      ...tracks.map((t) => headerCell(single ? fw.scale.label : `${t.label}: ${fw.scale.label.toLowerCase()}`)),
      ...(single ? [headerCell('Development focus')] : [headerCell('Agreed')]),
    ],
  ];
  for (const { section, criteria } of model.sections) {
    body.push([
      {
        text: sectionName(section),
        bold: true,
        fillColor: BAND,
        colSpan: tracks.length + 2,
      },
      ...tracks.map(() => ''),
      '',
    ]);
    for (const c of criteria) {
      const name = c.criterion.code ? `${c.criterion.code} ${c.criterion.title}` : c.criterion.title;
      body.push([
        name,
        ...c.tracks.map((t) => ratingCell(t.ratings[0]?.rating ?? null, c.criterion.pending !== undefined)),
        single ? (c.tracks[0]?.focus ?? '') : ratingCell(c.agreed[0]?.rating ?? null, false),
      ]);
    }
  }
  return [
    { text: 'Overview', style: 'h1', pageBreak: 'before' },
    {
      table: { headerRows: 1, widths: single ? [220, 110, '*'] : ['*', ...tracks.map(() => 120), 120], body },
      layout: grid,
    },
  ];
}

const ratingCell = (r: RatingValue | null, pending: boolean): TableCell =>
  r === null
    ? { text: pending ? 'No descriptors yet' : 'Not rated', color: '#666666', italics: true }
    : { text: ratingText(r), bold: true, fillColor: ragFill[r.rag] };

type DescriptorList = { text: string } | { ul: { text: string; bold: boolean }[]; markerColor: string };

/** A level's descriptor bullets; one list node, so the cell itself is the list (no wrapper to lay out). */
function descriptorStack(items: CriterionEntry['criterion']['descriptors'][string] | undefined): DescriptorList {
  if (!items?.length) return { text: '' };
  return {
    ul: items.map((item) => ({ text: descriptorText(item), bold: isCritical(item) })),
    markerColor: '#555555',
  };
}

/** One criterion of the grid: heading, the descriptors with the rated cells marked, then the judgement. */
function criterionRows(model: ExportModel, c: CriterionEntry): TableCell[][] {
  const fw = model.framework;
  const n = model.levels.length;
  const span = (content: Content & object): TableCell[] => [
    { ...content, colSpan: n },
    ...Array.from({ length: n - 1 }, () => ''),
  ];
  const multiPhase = model.phases.length > 0;
  const rows: TableCell[][] = [];
  const heading: Content[] = [
    {
      text: c.criterion.code ? `${c.criterion.code}  ${c.criterion.title}` : c.criterion.title,
      bold: true,
      fontSize: 9.5,
    },
  ];
  if (c.criterion.statements?.length)
    heading.push({
      ul: c.criterion.statements.map((s) => ({ text: descriptorText(s), bold: isCritical(s) })),
      margin: [0, 2, 0, 0],
    });
  if (multiPhase && c.phases.length < model.phases.length)
    heading.push({
      text: `Judged in: ${c.phases.map((p) => model.phases.find((x) => x.id === p)?.label ?? p).join(', ')}`,
      italics: true,
    });
  rows.push(span({ stack: heading, fillColor: BAND }));

  if (c.criterion.pending !== undefined) {
    rows.push(span({ text: `No descriptors yet: ${c.criterion.pending}`, italics: true }));
  } else {
    const marks = ratedMarks(c, multiPhase);
    rows.push(
      model.levels.map((level): TableCell => {
        const by = marks.get(level.id);
        const descriptors = descriptorStack(c.criterion.descriptors[level.id]);
        if (!by) return descriptors;
        const stack: Content[] = [
          { text: `RATED: ${by.join('; ')}`, bold: true, fontSize: 7.5, margin: [0, 0, 0, 2] },
          descriptors,
        ];
        return { stack, fillColor: ragFill[ratingValue(fw, level.id)!.rag] };
      }),
    );
  }

  const judgement: Content[] = [];
  for (const t of c.tracks) {
    const parts = t.ratings.map((r) =>
      multiPhase ? `${r.phaseLabel}: ${ratingText(r.rating)}` : ratingText(r.rating),
    );
    judgement.push({
      text: [
        { text: `${t.track.label}${t.track.authoritative ? ' (stands where judgements differ)' : ''}: `, bold: true },
        parts.join(' · '),
      ],
    });
  }
  if (c.agreed.some((a) => a.rating))
    judgement.push({
      text: [
        { text: 'Agreed: ', bold: true },
        c.agreed
          .map((a) => (multiPhase ? `${a.phaseLabel}: ${ratingText(a.rating)}` : ratingText(a.rating)))
          .join(' · '),
      ],
    });
  if (c.lock) judgement.push({ text: `Locked by ${c.lock.byName}, ${dateTime(c.lock.at)}`, italics: true });
  for (const t of c.tracks) {
    const who = fw.tracks.length > 1 ? ` (${t.track.label})` : '';
    if (t.focus.trim())
      judgement.push({ text: [{ text: `Development focus${who}: `, bold: true }, t.focus], margin: [0, 2, 0, 0] });
    if (t.evidence.trim())
      judgement.push({ text: [{ text: `Evidence${who}: `, bold: true }, t.evidence], margin: [0, 2, 0, 0] });
  }
  if (c.evidenceItems.length)
    judgement.push(
      { text: 'Evidence items:', bold: true, margin: [0, 2, 0, 0] },
      { ul: c.evidenceItems.map((e) => `${e.text}${e.url ? ` <${e.url}>` : ''} (${e.byName}, ${longDate(e.at)})`) },
    );
  if (judgement.length) rows.push(span({ stack: judgement }));
  return rows;
}

function gridPages(model: ExportModel): Content[] {
  const fw = model.framework;
  const out: Content[] = [];
  // Fresh cells for every table: pdfmake writes its layout into the cell objects it is given.
  const header = (): TableCell[] =>
    model.levels.map((l) => headerCell(l.code && l.code !== l.label ? `${l.label} (${l.code})` : l.label));
  model.sections.forEach(({ section, criteria }) => {
    out.push({
      text: sectionName(section, '  '),
      style: 'h1',
      pageBreak: 'before',
    });
    if (section.group) out.push({ text: section.group, italics: true, margin: [0, 0, 0, 4] });
    if (section.summary) out.push({ text: section.summary, margin: [0, 0, 0, 6] });
    if (criteria.length === 0) return;
    out.push({
      table: {
        headerRows: 1,
        widths: model.levels.map(() => '*'),
        body: [header(), ...criteria.flatMap((c) => criterionRows(model, c))],
      },
      layout: grid,
      fontSize: 7.5,
    });
  });
  if (fw.scale.notApplicable)
    out.push({
      text: `${fw.scale.notApplicable.code} = ${fw.scale.notApplicable.label}`,
      italics: true,
      margin: [0, 4, 0, 0],
    });
  return out;
}

function tablePages(model: ExportModel): Content[] {
  const out: Content[] = [];
  for (const { table, rows } of model.tables) {
    out.push({ text: table.title, style: 'h1', pageBreak: 'before' });
    if (table.description) out.push({ text: table.description, margin: [0, 0, 0, 6] });
    const labelled = table.rows.length > 0 || table.rowHeader !== undefined;
    const header = [
      ...(labelled ? [headerCell(table.rowHeader ?? '')] : []),
      ...table.columns.map((c) => headerCell(c.label)),
    ];
    const body: TableCell[][] = [header];
    for (const row of rows)
      body.push([
        ...(labelled ? [{ text: row.label, bold: true } as TableCell] : []),
        ...row.cells.map((text, i) => (table.columns[i]?.kind === 'date' && text ? dateCell(text) : text)),
      ]);
    if (rows.length === 0)
      body.push([
        { text: 'Nothing recorded.', italics: true, colSpan: header.length },
        ...header.slice(1).map(() => ''),
      ]);
    const many = table.columns.length > 6;
    out.push({
      table: {
        headerRows: 1,
        widths: [...(labelled ? [many ? 70 : 160] : []), ...table.columns.map(() => '*')],
        body,
      },
      layout: grid,
      fontSize: many ? 7 : 8.5,
    });
  }
  return out;
}

/** A date typed as 2026-03-14 reads as 14 March 2026; anything else is kept as typed. */
const dateCell = (text: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? longDate(`${text.trim()}T00:00:00Z`) : text;

function formPages(model: ExportModel): Content[] {
  const out: Content[] = [];
  for (const { form, parts } of model.forms) {
    out.push({ text: form.title, style: 'h1', pageBreak: 'before' });
    if (form.description) out.push({ text: form.description, margin: [0, 0, 0, 6] });
    if (form.grades?.length)
      out.push({ text: `Grades: ${form.grades.map((g) => `${g.id} = ${g.label}`).join('; ')}`, margin: [0, 0, 0, 6] });
    for (const part of parts) {
      if (part.section) {
        out.push({ text: part.section.title, style: 'h2' });
        const statements = form.sections.find((s) => s.id === part.section!.id)?.statements;
        if (statements?.length) out.push({ ul: statements.map(descriptorText), margin: [0, 0, 0, 4] });
      }
      out.push({
        table: {
          widths: [200, '*'],
          body: part.fields.map((f) => [
            { text: f.label, bold: true },
            f.kind === 'date' && f.value ? dateCell(f.value) : f.value,
          ]),
        },
        layout: grid,
        margin: [0, 0, 0, 8],
      });
    }
  }
  return out;
}

export function pdfDefinition(model: ExportModel): TDocumentDefinitions {
  const fw = model.framework;
  const hasPhases = model.phases.length > 0 && model.phases[0]?.id !== NO_PHASE;
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [36, 36, 36, 40],
    info: {
      title: model.review.title,
      subject: fw.title,
      creator: 'Bestfit',
      producer: 'Bestfit',
    },
    defaultStyle: { font: 'Roboto', fontSize: 8.5, color: INK, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 11, color: '#333333', margin: [0, 0, 0, 12] },
      h1: { fontSize: 14, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 11, bold: true, margin: [0, 8, 0, 4] },
    },
    footer: (page, pages) => ({
      columns: [
        { text: `${model.review.title} · ${fw.shortTitle ?? fw.title}`, color: '#555555' },
        { text: `Page ${page} of ${pages}`, alignment: 'right', color: '#555555' },
      ],
      fontSize: 7.5,
      margin: [36, 12, 36, 0],
    }),
    content: [
      ...titlePage(model),
      ...(hasPhases ? dashboard(model) : overview(model)),
      ...gridPages(model),
      ...tablePages(model),
      ...formPages(model),
    ],
  };
}

export async function renderPdf(model: ExportModel): Promise<Uint8Array> {
  const buffer = await pdfmake.createPdf(pdfDefinition(model)).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
