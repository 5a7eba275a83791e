/**
 * The PDF's first page: the review's title, framework, dates, status and people, the recorded
 * overall judgements beside what the rules suggest, the sign-off block, and the framework's
 * provenance.
 */
import { dateTime, longDate, provenanceLines, ratingText, ratingValue, type ExportModel } from './model.ts';
import { ragFill } from './colours.ts';
import { headerCell } from './pdf-grid.ts';
import { drawTable, textCell } from './pdf-table.ts';
import type { Para, PdfWriter } from './pdf-writer.ts';

export const h2 = (writer: PdfWriter, text: string): void => {
  // A heading keeps a few lines of what it heads with it.
  writer.keep(60);
  writer.para({ runs: [{ text, bold: true }], size: 11, above: 8, below: 4 });
};

const italic = (text: string): Para => ({ runs: [{ text, italics: true }], below: 10 });

function keyValueTable(writer: PdfWriter, rows: [string, string][]): void {
  drawTable(writer, {
    widths: [130, '*'],
    rows: rows.map(([k, v]) => [textCell(k, { bold: true }), textCell(v)]),
    below: 10,
  });
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

function overallBlock(writer: PdfWriter, model: ExportModel): void {
  const fw = model.framework;
  h2(writer, 'Overall judgements');
  drawTable(writer, {
    widths: [130, 110, 110, '*'],
    header: ['Judgement of', 'Recorded', 'Rules suggest', 'Rationale'].map(headerCell),
    rows: (model.overall ?? []).map((o) => {
      const recorded = ratingValue(fw, o.level);
      const rationale: Para[] = [{ runs: [{ text: o.rationale ?? '' }] }];
      (o.triggers ?? []).forEach((t, i) => rationale.push({ runs: [{ text: t }], bullet: true, above: i ? 0 : 2 }));
      if (o.by)
        rationale.push({
          runs: [{ text: `Recorded by ${o.by}${o.at ? `, ${dateTime(o.at)}` : ''}`, color: '#555555' }],
        });
      return [
        textCell(o.scope),
        textCell(ratingText(recorded, 'Not recorded'), {
          bold: true,
          ...(recorded ? { fill: ragFill[recorded.rag] } : {}),
        }),
        textCell(ratingText(ratingValue(fw, o.indicative), '–')),
        { paras: rationale },
      ];
    }),
    below: 10,
  });
}

function signOffBlock(writer: PdfWriter, model: ExportModel): void {
  const list = model.signOffs ?? [];
  h2(writer, 'Sign-off');
  if (!list.length) return writer.para(italic('Not signed off yet.'));
  drawTable(writer, {
    widths: ['*', 150, 160],
    header: ['Signed off by', 'Role', 'Date'].map(headerCell),
    rows: list.map((s) => [textCell(s.name), textCell(s.role ?? ''), textCell(dateTime(s.at))]),
    below: 10,
  });
}

export function titlePage(writer: PdfWriter, model: ExportModel): void {
  const fw = model.framework;
  writer.para({ runs: [{ text: model.review.title, bold: true }], size: 20, below: 4 });
  writer.para({ runs: [{ text: fw.title, color: '#333333' }], size: 11, below: 12 });
  keyValueTable(writer, [
    ['Framework', `${fw.shortTitle ?? fw.title} (version ${fw.version})`],
    ['Review started', longDate(model.review.createdAt)],
    ['Last changed', dateTime(model.review.updatedAt)],
    ...(model.status ? [['Status', statusText(model)] as [string, string]] : []),
    ['Exported', `${dateTime(model.exportedAt)} by ${model.exportedBy}`],
    ['Rating scale', `${fw.scale.label}: ${model.levels.map((l) => ratingText(ratingValue(fw, l.id))).join(', ')}`],
  ]);
  h2(writer, 'People');
  if (model.people.length)
    drawTable(writer, {
      widths: ['*', 150],
      header: [headerCell('Name'), headerCell('Role')],
      rows: model.people.map((p) => [textCell(p.name), textCell(p.role)]),
      below: 10,
    });
  else writer.para(italic('Nobody is recorded on this review.'));
  if (model.overall?.length) overallBlock(writer, model);
  if (model.signOffs) signOffBlock(writer, model);
  h2(writer, 'Provenance of the framework');
  for (const line of provenanceLines(fw)) writer.para({ runs: [{ text: line }], below: 2 });
}
