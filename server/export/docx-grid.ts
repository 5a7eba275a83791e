/** The Word export's grid pages: per section, each criterion's descriptors with the rated cells marked, then its judgements. */
import { HeadingLevel } from 'docx';
import { ragFill } from './colours.ts';
import {
  BAND,
  body,
  cell,
  descriptorParas,
  h,
  headerRow,
  lines,
  para,
  row,
  run,
  table,
  type Block,
} from './docx-blocks.ts';
import type { ParaSpec, RowSpec } from './docx-plain.ts';
import {
  dateTime,
  longDate,
  ratedMarks,
  ratingText,
  ratingValue,
  sectionName,
  type CriterionEntry,
  type ExportModel,
} from './model.ts';

function criterionRows(model: ExportModel, c: CriterionEntry): RowSpec[] {
  const fw = model.framework;
  const n = model.levels.length;
  const multiPhase = model.phases.length > 0;
  const rows: RowSpec[] = [];
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
  rows.push(row([cell(heading, { fill: BAND, span: n })], { cantSplit: true }));
  if (c.criterion.pending !== undefined) {
    rows.push(row([cell([para([run(`No descriptors yet: ${c.criterion.pending}`, { italics: true })])], { span: n })]));
  } else {
    const marks = ratedMarks(c, multiPhase);
    rows.push(
      row(
        model.levels.map((level) => {
          const by = marks.get(level.id);
          const body = descriptorParas(c.criterion.descriptors[level.id]);
          return by
            ? cell([para([run(`RATED: ${by.join('; ')}`, { bold: true })]), ...body], {
                fill: ragFill[ratingValue(fw, level.id)!.rag],
              })
            : cell(body);
        }),
      ),
    );
  }
  const judgement = judgementParas(model, c);
  if (judgement.length) rows.push(row([cell(judgement, { span: n })]));
  return rows;
}

/** Each track's ratings, the agreed rating, the lock, focus, evidence and evidence items of a criterion. */
function judgementParas(model: ExportModel, c: CriterionEntry): ParaSpec[] {
  const fw = model.framework;
  const multiPhase = model.phases.length > 0;
  const judgement: ParaSpec[] = [];
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
  return judgement;
}

export function gridPages(model: ExportModel): Block[] {
  const fw = model.framework;
  const out: Block[] = [];
  const header = model.levels.map((l) => (l.code && l.code !== l.label ? `${l.label} (${l.code})` : l.label));
  for (const { section, criteria } of model.sections) {
    out.push(h(sectionName(section, '  '), HeadingLevel.HEADING_1, true));
    if (section.group) out.push(...body(para([run(section.group, { italics: true })])));
    if (section.summary) out.push(...body(para(section.summary)));
    if (criteria.length === 0) continue;
    out.push(
      table(
        model.levels.map(() => 1),
        [headerRow(header), ...criteria.flatMap((c) => criterionRows(model, c))],
      ),
    );
  }
  if (fw.scale.notApplicable)
    out.push(
      ...body(para([run(`${fw.scale.notApplicable.code} = ${fw.scale.notApplicable.label}`, { italics: true })])),
    );
  return out;
}
