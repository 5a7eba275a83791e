/** The Word export's one-table summary: the phase dashboard in its codes, or the overview of ratings. */
import { HeadingLevel } from 'docx';
import {
  BAND,
  body,
  cell,
  centredCell,
  codeCell,
  h,
  headerRow,
  lines,
  para,
  ratingCell,
  row,
  run,
  table,
  type Block,
} from './docx-blocks.ts';
import { ratingValue, sectionGroups, sectionName, type ExportModel } from './model.ts';

export function dashboard(model: ExportModel): Block[] {
  const fw = model.framework;
  const phases = model.phases;
  const legend = [
    ...model.levels.map((l) => ratingValue(fw, l.id)!),
    ...(fw.scale.notApplicable ? [ratingValue(fw, 'n/a')!] : []),
  ];
  const out: Block[] = [
    h('Dashboard', HeadingLevel.HEADING_1, true),
    ...body(para(`Key: ${legend.map((r) => `${r.code ?? r.label} = ${r.label}`).join(';  ')}`)),
  ];
  for (const track of fw.tracks) {
    const rows = [headerRow(['Criterion', ...phases.map((p) => p.label)])];
    for (const { group, sections } of sectionGroups(model)) {
      if (group) rows.push(row([cell(group, { bold: true, fill: BAND, span: phases.length + 1 })]));
      for (const { criteria } of sections)
        for (const c of criteria) {
          if (c.criterion.pending !== undefined) continue;
          const t = c.tracks.find((x) => x.track.id === track.id)!;
          rows.push(
            row(
              [
                cell(`${c.criterion.code ?? ''} ${c.criterion.title}`.trim()),
                ...phases.map((p) => {
                  const r = t.ratings.find((x) => x.phase === p.id);
                  if (!r) return centredCell('·', { color: '888888' });
                  return codeCell(r.rating ?? c.agreed.find((a) => a.phase === p.id)?.rating ?? null);
                }),
              ],
              { cantSplit: true },
            ),
          );
        }
      if (model.indicative.some((o) => o.track === track.id && o.group === group))
        rows.push(
          row([
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
          ]),
        );
    }
    out.push(h(track.label, HeadingLevel.HEADING_2), table([6, ...phases.map(() => 1.2)], rows));
  }
  out.push(
    ...body(
      para([
        run(
          'The overall rows are what the framework’s rules suggest (the median of the rated levels, rounded to the worse); the meeting records its own overall judgement.',
          { italics: true, size: 15 },
        ),
      ]),
    ),
  );
  return out;
}

export function overview(model: ExportModel): Block[] {
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
    rows.push(row([cell(sectionName(section), { bold: true, fill: BAND, span: fw.tracks.length + 2 })]));
    for (const c of criteria)
      rows.push(
        row(
          [
            cell(c.criterion.code ? `${c.criterion.code} ${c.criterion.title}` : c.criterion.title),
            ...c.tracks.map((t) =>
              ratingCell(
                t.ratings[0]?.rating ?? null,
                c.criterion.pending !== undefined ? 'No descriptors yet' : 'Not rated',
              ),
            ),
            single ? cell(lines(null, c.tracks[0]?.focus ?? '')) : ratingCell(c.agreed[0]?.rating ?? null),
          ],
          { cantSplit: true },
        ),
      );
  }
  return [
    h('Overview', HeadingLevel.HEADING_1, true),
    table(single ? [4, 2, 5] : [5, ...fw.tracks.map(() => 2), 2], rows),
  ];
}
