/** The Word export's pages for the framework's tables (membership, outcomes, action plan) and forms. */
import { HeadingLevel } from 'docx';
import { body, cell, descriptorParas, h, headerRow, lines, para, row, run, table, type Block } from './docx-blocks.ts';
import { longDate, type ExportModel } from './model.ts';

const dateText = (text: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? longDate(`${text.trim()}T00:00:00Z`) : text;

export function tablePages(model: ExportModel): Block[] {
  const out: Block[] = [];
  for (const { table: t, rows } of model.tables) {
    out.push(h(t.title, HeadingLevel.HEADING_1, true));
    if (t.description) out.push(...body(para(t.description)));
    const labelled = t.rows.length > 0 || t.rowHeader !== undefined;
    const header = [...(labelled ? [t.rowHeader ?? ''] : []), ...t.columns.map((c) => c.label)];
    const bodyRows = rows.map((tableRow) =>
      row([
        ...(labelled ? [cell(tableRow.label, { bold: true })] : []),
        ...tableRow.cells.map((text, i) => cell(lines(null, t.columns[i]?.kind === 'date' ? dateText(text) : text))),
      ]),
    );
    if (bodyRows.length === 0)
      bodyRows.push(row([cell([para([run('Nothing recorded.', { italics: true })])], { span: header.length })]));
    const many = t.columns.length > 6;
    out.push(
      table([...(labelled ? [many ? 1.2 : 2.5] : []), ...t.columns.map(() => 1)], [headerRow(header), ...bodyRows]),
    );
  }
  return out;
}

export function formPages(model: ExportModel): Block[] {
  const out: Block[] = [];
  for (const { form, parts } of model.forms) {
    out.push(h(form.title, HeadingLevel.HEADING_1, true));
    if (form.description) out.push(...body(para(form.description)));
    if (form.grades?.length)
      out.push(...body(para(`Grades: ${form.grades.map((g) => `${g.id} = ${g.label}`).join('; ')}`)));
    for (const part of parts) {
      if (part.section) {
        out.push(h(part.section.title, HeadingLevel.HEADING_2));
        const statements = form.sections.find((s) => s.id === part.section!.id)?.statements;
        out.push(...body(...descriptorParas(statements)));
      }
      out.push(
        table(
          [1, 3],
          part.fields.map((f) =>
            row([cell(f.label, { bold: true }), cell(lines(null, f.kind === 'date' ? dateText(f.value) : f.value))]),
          ),
        ),
      );
    }
  }
  return out;
}
