/** The Word export's title page: facts, people, overall judgements, sign-off and provenance. */
import { HeadingLevel, Paragraph, TextRun } from 'docx';
import { body, cell, h, headerRow, lines, para, ratingCell, row, run, table, type Block } from './docx-blocks.ts';
import { dateTime, longDate, provenanceLines, ratingText, ratingValue, type ExportModel } from './model.ts';

export function titlePage(model: ExportModel): Block[] {
  const fw = model.framework;
  const out: Block[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.review.title)], spacing: { after: 0 } }),
    ...body(para([run(fw.title, { size: 24, color: '333333' })], { spacingAfter: 200 })),
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
      facts.map(([k, v]) => row([cell(k, { bold: true }), cell(v)])),
    ),
  );
  out.push(h('People', HeadingLevel.HEADING_2));
  out.push(
    model.people.length
      ? table([4, 1], [headerRow(['Name', 'Role']), ...model.people.map((p) => row([cell(p.name), cell(p.role)]))])
      : body(para([run('Nobody is recorded on this review.', { italics: true })]))[0]!,
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
            return row([
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
            ]);
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
              ...model.signOffs.map((s) => row([cell(s.name), cell(s.role ?? ''), cell(dateTime(s.at))])),
            ],
          )
        : body(para([run('Not signed off yet.', { italics: true })]))[0]!,
    );
  }
  out.push(h('Provenance of the framework', HeadingLevel.HEADING_2));
  out.push(...body(...provenanceLines(fw).map((l) => para(l))));
  return out;
}
