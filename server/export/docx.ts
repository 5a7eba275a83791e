/**
 * The review as a Word document, in the same layout as the PDF: title page (people, status,
 * overall judgements and sign-off when recorded, provenance), the phase dashboard or overview,
 * the grid per section with each rated cell shaded and marked, focus and evidence per criterion,
 * then the framework's tables and forms. A4 landscape, numbered pages, header rows repeated on
 * every page, Roboto embedded so the document looks the same on a machine without it.
 */
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
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
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DescriptorItem } from '../../shared/framework/schema.ts';
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

const FONT = 'Roboto';
const fontDir = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
let fontData: { data: Buffer; bold: Buffer; italic: Buffer; boldItalic: Buffer } | null = null;
const embeddedFont = () =>
  (fontData ??= {
    data: readFileSync(join(fontDir, 'Roboto-Regular.ttf')),
    bold: readFileSync(join(fontDir, 'Roboto-Medium.ttf')),
    italic: readFileSync(join(fontDir, 'Roboto-Italic.ttf')),
    boldItalic: readFileSync(join(fontDir, 'Roboto-MediumItalic.ttf')),
  });

/** A4 landscape content width in twentieths of a point: 297 mm less 2 × 15 mm margins. */
const CONTENT_WIDTH = 15137;
const HEAD = 'DFE6EE';
const BAND = 'F2F4F7';
const hex = (colour: string) => colour.replace('#', '').toUpperCase();

const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number; color?: string } = {}) =>
  new TextRun({ text, ...options });

function para(children: ParagraphChild[] | string, options: { bullet?: boolean; spacingAfter?: number } = {}) {
  return new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    ...(options.bullet ? { bullet: { level: 0 } } : {}),
    spacing: { after: options.spacingAfter ?? 40 },
  });
}

/** Lines of plain text as paragraphs, so line breaks people typed survive. */
const lines = (label: string | null, text: string): Paragraph[] =>
  text.split('\n').map((line, i) => para(i === 0 && label ? [run(label, { bold: true }), run(line)] : [run(line)]));

function cell(
  content: Paragraph[] | string,
  options: { fill?: string; span?: number; bold?: boolean; width?: number } = {},
): TableCell {
  const children =
    typeof content === 'string'
      ? [para([run(content, options.bold ? { bold: true } : {})], { spacingAfter: 0 })]
      : content;
  return new TableCell({
    children: children.length ? children : [para('')],
    ...(options.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex(options.fill) } } : {}),
    ...(options.span && options.span > 1 ? { columnSpan: options.span } : {}),
    ...(options.width ? { width: { size: options.width, type: WidthType.DXA } } : {}),
  });
}

const headerRow = (labels: string[]) =>
  new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map((l) => cell(l, { fill: HEAD, bold: true })),
  });

/** A full-width table whose columns share the width as given (relative weights). */
function table(weights: number[], rows: TableRow[]): Table {
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

const ratingCell = (r: RatingValue | null, empty = 'Not rated') =>
  r === null
    ? cell([para([run(empty, { italics: true, color: '666666' })])])
    : cell(ratingText(r), { fill: ragFill[r.rag], bold: true });
const codeCell = (r: RatingValue | null) =>
  r === null
    ? cell([new Paragraph({ alignment: AlignmentType.CENTER, children: [run('–', { color: '666666' })] })])
    : cell([new Paragraph({ alignment: AlignmentType.CENTER, children: [run(r.code ?? r.label, { bold: true })] })], {
        fill: ragFill[r.rag],
      });

const h = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], pageBreak = false) =>
  new Paragraph({
    heading: level,
    children: [...(pageBreak ? [new PageBreak()] : []), run(text)],
    spacing: { before: 120, after: 80 },
  });

function titlePage(model: ExportModel): (Paragraph | Table)[] {
  const fw = model.framework;
  const out: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [run(model.review.title)] }),
    para([run(fw.title, { size: 24, color: '333333' })], { spacingAfter: 200 }),
  ];
  const facts: [string, string][] = [
    ['Framework', `${fw.shortTitle ?? fw.title} (version ${fw.version})`],
    ['Review started', longDate(model.review.createdAt)],
    ['Last changed', dateTime(model.review.updatedAt)],
    ...(model.status
      ? [
          [
            'Status',
            [
              model.status.label,
              model.status.by ? `by ${model.status.by}` : '',
              model.status.at ? `on ${dateTime(model.status.at)}` : '',
            ]
              .filter(Boolean)
              .join(' '),
          ] as [string, string],
        ]
      : []),
    ['Exported', `${dateTime(model.exportedAt)} by ${model.exportedBy}`],
    ['Rating scale', `${fw.scale.label}: ${model.levels.map((l) => ratingText(ratingValue(fw, l.id))).join(', ')}`],
  ];
  out.push(
    table(
      [1, 4],
      facts.map(([k, v]) => new TableRow({ children: [cell(k, { bold: true }), cell(v)] })),
    ),
  );
  out.push(h('People', HeadingLevel.HEADING_2));
  out.push(
    model.people.length
      ? table(
          [4, 1],
          [
            headerRow(['Name', 'Role']),
            ...model.people.map((p) => new TableRow({ children: [cell(p.name), cell(p.role)] })),
          ],
        )
      : para([run('Nobody is recorded on this review.', { italics: true })]),
  );
  if (model.overall?.length) {
    out.push(h('Overall judgements', HeadingLevel.HEADING_2));
    out.push(
      table(
        [2, 2, 2, 5],
        [
          headerRow(['Judgement of', 'Recorded', 'Rules suggest', 'Rationale']),
          ...model.overall.map((o) => {
            const recorded = ratingValue(fw, o.level);
            return new TableRow({
              children: [
                cell(o.scope),
                ratingCell(recorded, 'Not recorded'),
                cell(ratingText(ratingValue(fw, o.indicative), '–')),
                cell([
                  ...lines(null, o.rationale ?? ''),
                  ...(o.triggers ?? []).map((t) => para(t, { bullet: true })),
                  ...(o.by
                    ? [para([run(`Recorded by ${o.by}${o.at ? `, ${dateTime(o.at)}` : ''}`, { color: '555555' })])]
                    : []),
                ]),
              ],
            });
          }),
        ],
      ),
    );
  }
  if (model.signOffs) {
    out.push(h('Sign-off', HeadingLevel.HEADING_2));
    out.push(
      model.signOffs.length
        ? table(
            [4, 2, 2],
            [
              headerRow(['Signed off by', 'Role', 'Date']),
              ...model.signOffs.map(
                (s) => new TableRow({ children: [cell(s.name), cell(s.role ?? ''), cell(dateTime(s.at))] }),
              ),
            ],
          )
        : para([run('Not signed off yet.', { italics: true })]),
    );
  }
  out.push(h('Provenance of the framework', HeadingLevel.HEADING_2));
  out.push(...provenanceLines(fw).map((l) => para(l)));
  return out;
}

function dashboard(model: ExportModel): (Paragraph | Table)[] {
  const fw = model.framework;
  const phases = model.phases;
  const legend = [
    ...model.levels.map((l) => ratingValue(fw, l.id)!),
    ...(fw.scale.notApplicable ? [ratingValue(fw, 'n/a')!] : []),
  ];
  const out: (Paragraph | Table)[] = [
    h('Dashboard', HeadingLevel.HEADING_1, true),
    para(`Key: ${legend.map((r) => `${r.code ?? r.label} = ${r.label}`).join(';  ')}`),
  ];
  for (const track of fw.tracks) {
    const rows = [headerRow(['Criterion', ...phases.map((p) => p.label)])];
    for (const { group, sections } of sectionGroups(model)) {
      if (group)
        rows.push(new TableRow({ children: [cell(group, { bold: true, fill: BAND, span: phases.length + 1 })] }));
      for (const { criteria } of sections)
        for (const c of criteria) {
          if (c.criterion.pending !== undefined) continue;
          const t = c.tracks.find((x) => x.track.id === track.id)!;
          rows.push(
            new TableRow({
              cantSplit: true,
              children: [
                cell(`${c.criterion.code ?? ''} ${c.criterion.title}`.trim()),
                ...phases.map((p) => {
                  const r = t.ratings.find((x) => x.phase === p.id);
                  if (!r)
                    return cell([
                      new Paragraph({ alignment: AlignmentType.CENTER, children: [run('·', { color: '888888' })] }),
                    ]);
                  return codeCell(r.rating ?? c.agreed.find((a) => a.phase === p.id)?.rating ?? null);
                }),
              ],
            }),
          );
        }
      if (model.indicative.some((o) => o.track === track.id && o.group === group))
        rows.push(
          new TableRow({
            children: [
              cell([para([run('Overall (indicative)', { italics: true })])]),
              ...phases.map((p) =>
                codeCell(
                  ratingValue(
                    fw,
                    model.indicative.find((o) => o.track === track.id && o.group === group && o.phase === p.id)
                      ?.indicative ?? null,
                  ),
                ),
              ),
            ],
          }),
        );
    }
    out.push(h(track.label, HeadingLevel.HEADING_2), table([6, ...phases.map(() => 1.2)], rows));
  }
  out.push(
    para([
      run(
        'The overall rows are what the framework’s rules suggest (the median of the rated levels, rounded to the worse); the meeting records its own overall judgement.',
        { italics: true, size: 15 },
      ),
    ]),
  );
  return out;
}

function overview(model: ExportModel): (Paragraph | Table)[] {
  const fw = model.framework;
  const single = fw.tracks.length === 1;
  const rows = [
    headerRow([
      'Criterion',
      ...fw.tracks.map((t) => (single ? fw.scale.label : `${t.label}: ${fw.scale.label.toLowerCase()}`)),
      single ? 'Development focus' : 'Agreed',
    ]),
  ];
  for (const { section, criteria } of model.sections) {
    rows.push(
      new TableRow({
        children: [
          cell(sectionName(section), {
            bold: true,
            fill: BAND,
            span: fw.tracks.length + 2,
          }),
        ],
      }),
    );
    for (const c of criteria)
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            cell(c.criterion.code ? `${c.criterion.code} ${c.criterion.title}` : c.criterion.title),
            ...c.tracks.map((t) =>
              ratingCell(
                t.ratings[0]?.rating ?? null,
                c.criterion.pending !== undefined ? 'No descriptors yet' : 'Not rated',
              ),
            ),
            single ? cell(lines(null, c.tracks[0]?.focus ?? '')) : ratingCell(c.agreed[0]?.rating ?? null),
          ],
        }),
      );
  }
  return [
    h('Overview', HeadingLevel.HEADING_1, true),
    table(single ? [4, 2, 5] : [5, ...fw.tracks.map(() => 2), 2], rows),
  ];
}

const descriptorParas = (items: DescriptorItem[] | undefined): Paragraph[] =>
  (items ?? []).map((item) =>
    para([run(descriptorText(item), isCritical(item) ? { bold: true } : {})], { bullet: true }),
  );

function criterionRows(model: ExportModel, c: CriterionEntry): TableRow[] {
  const fw = model.framework;
  const n = model.levels.length;
  const multiPhase = model.phases.length > 0;
  const rows: TableRow[] = [];
  const heading = [
    para([
      run(c.criterion.code ? `${c.criterion.code}  ${c.criterion.title}` : c.criterion.title, { bold: true, size: 19 }),
    ]),
    ...descriptorParas(c.criterion.statements),
  ];
  if (multiPhase && c.phases.length < model.phases.length)
    heading.push(
      para([
        run(`Judged in: ${c.phases.map((p) => model.phases.find((x) => x.id === p)?.label ?? p).join(', ')}`, {
          italics: true,
        }),
      ]),
    );
  rows.push(new TableRow({ cantSplit: true, children: [cell(heading, { fill: BAND, span: n })] }));
  if (c.criterion.pending !== undefined) {
    rows.push(
      new TableRow({
        children: [cell([para([run(`No descriptors yet: ${c.criterion.pending}`, { italics: true })])], { span: n })],
      }),
    );
  } else {
    const marks = ratedMarks(c, multiPhase);
    rows.push(
      new TableRow({
        children: model.levels.map((level) => {
          const by = marks.get(level.id);
          const body = descriptorParas(c.criterion.descriptors[level.id]);
          return by
            ? cell([para([run(`RATED: ${by.join('; ')}`, { bold: true })]), ...body], {
                fill: ragFill[ratingValue(fw, level.id)!.rag],
              })
            : cell(body);
        }),
      }),
    );
  }
  const judgement: Paragraph[] = [];
  for (const t of c.tracks) {
    const parts = t.ratings.map((r) =>
      multiPhase ? `${r.phaseLabel}: ${ratingText(r.rating)}` : ratingText(r.rating),
    );
    judgement.push(
      para([
        run(`${t.track.label}${t.track.authoritative ? ' (stands where judgements differ)' : ''}: `, { bold: true }),
        run(parts.join(' · ')),
      ]),
    );
  }
  if (c.agreed.some((a) => a.rating))
    judgement.push(
      para([
        run('Agreed: ', { bold: true }),
        run(
          c.agreed
            .map((a) => (multiPhase ? `${a.phaseLabel}: ${ratingText(a.rating)}` : ratingText(a.rating)))
            .join(' · '),
        ),
      ]),
    );
  if (c.lock) judgement.push(para([run(`Locked by ${c.lock.byName}, ${dateTime(c.lock.at)}`, { italics: true })]));
  for (const t of c.tracks) {
    const who = fw.tracks.length > 1 ? ` (${t.track.label})` : '';
    if (t.focus.trim()) judgement.push(...lines(`Development focus${who}: `, t.focus));
    if (t.evidence.trim()) judgement.push(...lines(`Evidence${who}: `, t.evidence));
  }
  if (c.evidenceItems.length) {
    judgement.push(para([run('Evidence items:', { bold: true })]));
    for (const e of c.evidenceItems)
      judgement.push(para(`${e.text}${e.url ? ` <${e.url}>` : ''} (${e.byName}, ${longDate(e.at)})`, { bullet: true }));
  }
  if (judgement.length) rows.push(new TableRow({ children: [cell(judgement, { span: n })] }));
  return rows;
}

function gridPages(model: ExportModel): (Paragraph | Table)[] {
  const fw = model.framework;
  const out: (Paragraph | Table)[] = [];
  const header = model.levels.map((l) => (l.code && l.code !== l.label ? `${l.label} (${l.code})` : l.label));
  for (const { section, criteria } of model.sections) {
    out.push(h(sectionName(section, '  '), HeadingLevel.HEADING_1, true));
    if (section.group) out.push(para([run(section.group, { italics: true })]));
    if (section.summary) out.push(para(section.summary));
    if (criteria.length === 0) continue;
    out.push(
      table(
        model.levels.map(() => 1),
        [headerRow(header), ...criteria.flatMap((c) => criterionRows(model, c))],
      ),
    );
  }
  if (fw.scale.notApplicable)
    out.push(para([run(`${fw.scale.notApplicable.code} = ${fw.scale.notApplicable.label}`, { italics: true })]));
  return out;
}

const dateText = (text: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? longDate(`${text.trim()}T00:00:00Z`) : text;

function tablePages(model: ExportModel): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const { table: t, rows } of model.tables) {
    out.push(h(t.title, HeadingLevel.HEADING_1, true));
    if (t.description) out.push(para(t.description));
    const labelled = t.rows.length > 0 || t.rowHeader !== undefined;
    const header = [...(labelled ? [t.rowHeader ?? ''] : []), ...t.columns.map((c) => c.label)];
    const body = rows.map(
      (row) =>
        new TableRow({
          children: [
            ...(labelled ? [cell(row.label, { bold: true })] : []),
            ...row.cells.map((text, i) => cell(lines(null, t.columns[i]?.kind === 'date' ? dateText(text) : text))),
          ],
        }),
    );
    if (body.length === 0)
      body.push(
        new TableRow({
          children: [cell([para([run('Nothing recorded.', { italics: true })])], { span: header.length })],
        }),
      );
    const many = t.columns.length > 6;
    out.push(table([...(labelled ? [many ? 1.2 : 2.5] : []), ...t.columns.map(() => 1)], [headerRow(header), ...body]));
  }
  return out;
}

function formPages(model: ExportModel): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const { form, parts } of model.forms) {
    out.push(h(form.title, HeadingLevel.HEADING_1, true));
    if (form.description) out.push(para(form.description));
    if (form.grades?.length) out.push(para(`Grades: ${form.grades.map((g) => `${g.id} = ${g.label}`).join('; ')}`));
    for (const part of parts) {
      if (part.section) {
        out.push(h(part.section.title, HeadingLevel.HEADING_2));
        const statements = form.sections.find((s) => s.id === part.section!.id)?.statements;
        out.push(...descriptorParas(statements));
      }
      out.push(
        table(
          [1, 3],
          part.fields.map(
            (f) =>
              new TableRow({
                children: [
                  cell(f.label, { bold: true }),
                  cell(lines(null, f.kind === 'date' ? dateText(f.value) : f.value)),
                ],
              }),
          ),
        ),
      );
    }
  }
  return out;
}

export function docxDocument(model: ExportModel): Document {
  const fw = model.framework;
  const hasPhases = model.phases.length > 0;
  const font = embeddedFont();
  return new Document({
    title: model.review.title,
    subject: fw.title,
    creator: 'Bestfit',
    fonts: [{ name: FONT, ...font }],
    styles: {
      default: {
        document: { run: { font: FONT, size: 16 } },
        heading1: { run: { font: FONT, size: 28, bold: true, color: '1A1A1A' } },
        heading2: { run: { font: FONT, size: 22, bold: true, color: '1A1A1A' } },
        title: { run: { font: FONT, size: 40, bold: true, color: '1A1A1A' } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.LANDSCAPE, width: 11906, height: 16838 },
            margin: { top: 850, bottom: 850, left: 850, right: 850 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                children: [
                  run(`${model.review.title} · ${fw.shortTitle ?? fw.title} · Page `, { size: 14, color: '555555' }),
                  new TextRun({ children: [PageNumber.CURRENT], size: 14, color: '555555' }),
                  run(' of ', { size: 14, color: '555555' }),
                  new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 14, color: '555555' }),
                ],
              }),
            ],
          }),
        },
        children: [
          ...titlePage(model),
          ...(hasPhases ? dashboard(model) : overview(model)),
          ...gridPages(model),
          ...tablePages(model),
          ...formPages(model),
        ],
      },
    ],
  });
}

export async function renderDocx(model: ExportModel): Promise<Uint8Array> {
  const buffer = await Packer.toBuffer(docxDocument(model));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
