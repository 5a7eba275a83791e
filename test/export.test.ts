import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { ratingColumns } from '../server/export/model.ts';
import type { Framework } from '../shared/framework/schema.ts';
import { statementsOf } from '../shared/review/statements.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { NO_PHASE, NOT_APPLICABLE } from '../shared/review/keys.ts';
import { synced, until } from './helpers/clients.ts';
import { fillReview, type Filled } from './helpers/export-fill.ts';
import {
  docxParagraphs,
  docxXml,
  pdfEmbeddedFonts,
  pdfPages,
  readCsv,
  readWorkbook,
  sheetRows,
  squash,
} from './helpers/export-read.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, makeUser, repoRoot, type TestServer } from './helpers/server.ts';

const live = liveServer();
const frameworkIds = [
  'ba-partnership-sef',
  'pmqs-3',
  'leicestershire-behaviour-qa',
  'ns-la-quality-standards',
  'milton-keynes-sif',
];

async function download(server: TestServer, reviewId: string, format: string, token: string | null) {
  return fetch(`${server.url}/api/reviews/${reviewId}/export?format=${format}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

async function bytesOf(res: Response): Promise<Uint8Array> {
  expect(
    res.status,
    await res
      .clone()
      .text()
      .catch(() => ''),
  ).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** A review of the framework filled through a real client, and stored (seen by a second client). */
async function filledReview(fw: Framework) {
  const server = await live.start();
  const reviewId = await createReviewOver(server.url, server.owner.token, fw.id, `Export of ${fw.id}`);
  const observer = await server.addMember(reviewId, 'observer', 'O. Watcher');
  const writer = live.client(reviewId, server.owner.token);
  const watcher = live.client(reviewId, observer.token);
  await Promise.all([synced(writer), synced(watcher)]);
  const filled = fillReview(new ReviewDoc(writer.doc, fw), { id: server.owner.id, name: 'Owner' });
  // The meeting's overall judgement of the first scope the framework asks for, with its rationale.
  const writerDoc = new ReviewDoc(writer.doc, fw);
  const scope = writerDoc.overallDefinition.scopes[0]!.id;
  const overall = {
    track: fw.tracks[0]!.id,
    scope,
    level: fw.scale.levels[1]!.id,
    rationale: `Agreed overall for ${fw.id}`,
  };
  writerDoc.recordOverall(overall.track, scope, { id: server.owner.id, name: 'Owner' }, overall);
  // An action plan (a priority with an activity) and one statement marked as evidenced.
  const owner = { id: server.owner.id, name: 'Owner' };
  const priority = writerDoc.addPriority(
    { title: `Priority for ${fw.id} zq`, currentPosition: 'Where we are zq' },
    owner,
  );
  writerDoc.addAction(
    { what: `Activity for ${fw.id} zq`, priority: priority.id, owner: 'A. Khan', due: '2027-03-31' },
    owner,
  );
  const firstCriterion = fw.sections.flatMap((s) => s.criteria).find((c) => statementsOf(fw, c.id).length > 0)!;
  const statement = statementsOf(fw, firstCriterion.id)[0]!;
  writerDoc.setMark(fw.tracks[0]!.id, firstCriterion.id, statement.ref, owner, 'evidenced');
  const seen = new ReviewDoc(watcher.doc, fw);
  await until(
    watcher.doc,
    () =>
      seen.lockOf(filled.lockedCriterion) !== undefined &&
      seen.ratings.size === filled.ratings.length &&
      seen.getOverall(overall.track, scope) !== undefined &&
      seen.actionEntries().length === 2 &&
      seen.statementMarks.size === 1,
    'every change to reach a second client (so it is stored)',
  );
  return { server, reviewId, observer, filled, overall };
}

const labelOf = (fw: Framework, rating: string) =>
  rating === NOT_APPLICABLE ? fw.scale.notApplicable!.label : fw.scale.levels.find((l) => l.id === rating)!.label;
const codeOf = (fw: Framework, rating: string) =>
  rating === NOT_APPLICABLE ? fw.scale.notApplicable!.code : fw.scale.levels.find((l) => l.id === rating)!.code;
const named = (fw: Framework, rating: string) => {
  const label = labelOf(fw, rating);
  const code = codeOf(fw, rating);
  return code && code !== label ? `${label} (${code})` : label;
};
const phaseLabel = (fw: Framework, phase: string) =>
  phase === NO_PHASE ? '' : fw.phases!.find((p) => p.id === phase)!.label;
const criteriaOf = (fw: Framework) => fw.sections.flatMap((s) => s.criteria.map((c) => ({ section: s, criterion: c })));
const headingOf = (c: { code?: string; title: string }) => (c.code ? `${c.code} ${c.title}` : c.title);

/** Each track's line under a criterion: "LA self-evaluation: Early Years: Good (G) · Primary: …". */
function trackLine(fw: Framework, filled: Filled, track: string, criterion: string): string {
  const t = fw.tracks.find((x) => x.id === track)!;
  const parts = filled.ratings
    .filter((r) => r.track === track && r.criterion === criterion)
    .map((r) => (r.phase === NO_PHASE ? named(fw, r.rating) : `${phaseLabel(fw, r.phase)}: ${named(fw, r.rating)}`));
  return `${t.label}${t.authoritative ? ' (stands where judgements differ)' : ''}: ${parts.join(' · ')}`;
}

/**
 * In the Word or PDF text, every criterion's block (from its heading in the grid to the next
 * criterion's) names each track's rating in each phase, and holds that criterion's focus and evidence.
 */
function expectGridText(fw: Framework, filled: Filled, text: string, what: string) {
  const all = squash(text);
  const list = criteriaOf(fw);
  // The grid ends where the meeting's own tables begin (they name criteria again).
  const planAt = all.indexOf(squash('Action plan: priorities'));
  const grid = planAt < 0 ? all : all.slice(0, planAt);
  const starts = list.map(({ criterion }) => grid.lastIndexOf(squash(headingOf(criterion))));
  list.forEach(({ criterion }, i) => {
    expect(starts[i], `${what}: heading of ${criterion.id}`).toBeGreaterThanOrEqual(0);
    const end = i + 1 < list.length ? starts[i + 1]! : grid.length;
    const block = grid.slice(starts[i], end);
    for (const track of fw.tracks) {
      if (criterion.pending === undefined)
        expect(block, `${what}: ${track.id} ratings of ${criterion.id}`).toContain(
          squash(trackLine(fw, filled, track.id, criterion.id)),
        );
      expect(block, `${what}: focus ${track.id}/${criterion.id}`).toContain(
        squash(filled.focus.get(`${track.id}/${criterion.id}`)!),
      );
      expect(block, `${what}: evidence ${track.id}/${criterion.id}`).toContain(
        squash(filled.evidence.get(`${track.id}/${criterion.id}`)!),
      );
    }
    if (criterion.id === filled.lockedCriterion) {
      expect(block, `${what}: lock of ${criterion.id}`).toContain(squash('Locked by Owner'));
      expect(block, `${what}: rated cell marked`).toContain(squash('RATED:'));
    }
  });
  for (const t of [...filled.tableTexts, ...filled.formTexts]) expect(all, `${what}: ${t}`).toContain(squash(t));
}

/** The tidy ratings (CSV, or the workbook's Ratings sheet): one row per track × criterion × phase, each in place. */
function expectTidyRatings(fw: Framework, filled: Filled, rows: unknown[][], what: string) {
  expect(rows[0], `${what}: header`).toEqual([...ratingColumns]);
  const col = (name: (typeof ratingColumns)[number]) => ratingColumns.indexOf(name);
  const body = rows.slice(1);
  const pendingRows = criteriaOf(fw).filter((c) => c.criterion.pending !== undefined).length * fw.tracks.length;
  expect(body.length, `${what}: one row per track, criterion and phase`).toBe(filled.ratings.length + pendingRows);
  for (const r of filled.ratings) {
    const criterion = criteriaOf(fw).find((c) => c.criterion.id === r.criterion)!.criterion;
    const track = fw.tracks.find((t) => t.id === r.track)!;
    const matches = body.filter(
      (row) =>
        row[col('Criterion')] === criterion.title &&
        row[col('Track')] === track.label &&
        (row[col('Phase')] ?? '') === phaseLabel(fw, r.phase),
    );
    const where = `${what}: ${r.track}/${r.criterion}/${r.phase}`;
    expect(matches, where).toHaveLength(1);
    const row = matches[0]!;
    expect(row[col('Criterion code')] ?? '', where).toBe(criterion.code ?? '');
    expect(row[col('Rating')], where).toBe(labelOf(fw, r.rating));
    expect(row[col('Development focus')], where).toBe(filled.focus.get(`${r.track}/${r.criterion}`));
    expect(row[col('Evidence')], where).toBe(filled.evidence.get(`${r.track}/${r.criterion}`));
    expect(row[col('Last changed by')], where).toBe('Owner');
    expect(row[col('Last changed at')], where).toBeTruthy();
    if (r.criterion === filled.lockedCriterion) expect(row[col('Locked')], where).toBe('Locked by Owner');
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The grid sheets: the rated level's cell of each criterion is marked with the track (per phase sheet where phases exist). */
function expectGridSheets(fw: Framework, filled: Filled, wb: ExcelJS.Workbook) {
  const levels = fw.scale.levels.map((l) => l.id);
  for (const r of filled.ratings) {
    if (r.rating === NOT_APPLICABLE) continue;
    const { section, criterion } = criteriaOf(fw).find((c) => c.criterion.id === r.criterion)!;
    const sheetName =
      r.phase === NO_PHASE ? [section.code, section.title].filter(Boolean).join(' ') : phaseLabel(fw, r.phase);
    const ws = wb.worksheets.find((w) => sheetName.startsWith(w.name.replace(/ \(\d+\)$/, '')));
    const where = `grid ${r.track}/${r.criterion}/${r.phase}`;
    expect(ws, where).toBeDefined();
    const rows = sheetRows(ws!);
    const row = rows.find((x) => cellText(x[1]).split('\n')[0] === criterion.title);
    expect(row, where).toBeDefined();
    const cell = cellText(row![2 + levels.indexOf(r.rating)]);
    expect(cell.startsWith('RATED:'), `${where}: ${cell.slice(0, 60)}`).toBe(true);
    expect(cell.split('\n')[0], where).toContain(fw.tracks.find((t) => t.id === r.track)!.label);
  }
}

describe('exports of a filled review, read back', () => {
  for (const id of frameworkIds) {
    it(`${id}: Word, PDF, Excel and CSV hold every rating, focus and evidence where it belongs`, async () => {
      const fw = await readFrameworkFile(`${repoRoot}frameworks/${id}.yaml`);
      const { server, reviewId, filled, overall } = await filledReview(fw);
      const token = server.owner.token;
      // Signed off and final: the status and the sign-off block are part of every document.
      const finalised = await fetch(`${server.url}/api/reviews/${reviewId}/finalise`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(finalised.status).toBe(200);
      const signer = ((await finalised.json()) as { signOffs: { name: string }[] }).signOffs[0]!.name;

      const docxRes = await download(server, reviewId, 'docx', token);
      expect(docxRes.headers.get('content-type')).toContain('wordprocessingml');
      expect(docxRes.headers.get('content-disposition')).toContain(`filename="Export-of-${id}.docx"`);
      const docxBytes = await bytesOf(docxRes);
      const xml = await docxXml(docxBytes);
      expect(xml, 'grid header rows repeat on every page').toContain('<w:tblHeader/>');
      expect(xml).toContain('w:orient="landscape"');
      expect(xml, 'page numbers').toContain('PAGE');
      const paragraphs = await docxParagraphs(docxBytes);
      expect(paragraphs).toContain(`Export of ${id}`);
      expectGridText(fw, filled, paragraphs.join('\n'), 'docx');
      expect(paragraphs.join('\n'), 'docx: the recorded overall and its rationale').toContain(overall.rationale);
      expect(paragraphs.join('\n'), 'docx: status').toContain('Final');
      expect(paragraphs.join('\n'), 'docx: sign-off').toContain(signer);

      const pdf = await bytesOf(await download(server, reviewId, 'pdf', token));
      expect(await pdfEmbeddedFonts(pdf)).toBe(true);
      const pages = await pdfPages(pdf);
      expect(pages[0]).toContain(`Export of ${id}`);
      pages.forEach((page, i) => expect(squash(page)).toContain(squash(`Page ${i + 1} of ${pages.length}`)));
      expectGridText(fw, filled, pages.join('\n'), 'pdf');
      expect(squash(pages.join('\n')), 'pdf: the recorded overall and its rationale').toContain(
        squash(overall.rationale),
      );
      // Every page of the grid starts with the level headings, repeated where a table breaks.
      const headings = fw.scale.levels.map((l) =>
        squash(l.code && l.code !== l.label ? `${l.label} (${l.code})` : l.label),
      );
      const gridPages = pages.filter((p) => p.includes('RATED:'));
      expect(gridPages.length).toBeGreaterThan(0);
      for (const page of gridPages) for (const h of headings) expect(squash(page), h).toContain(h);

      const wb = await readWorkbook(await bytesOf(await download(server, reviewId, 'xlsx', token)));
      expect(wb.worksheets[0]!.name).toBe('Review');
      const ratings = wb.getWorksheet('Ratings')!;
      expect(ratings.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expectTidyRatings(
        fw,
        filled,
        sheetRows(ratings).map((row) => row.map((v) => (v instanceof Date ? v : v === undefined ? '' : cellText(v)))),
        'xlsx',
      );
      expectGridSheets(fw, filled, wb);
      for (const ws of wb.worksheets.slice(1, wb.worksheets.indexOf(ratings)))
        expect(ws.views[0], `${ws.name} keeps its header row and criterion columns in view`).toMatchObject({
          state: 'frozen',
          ySplit: 1,
          xSplit: 2,
        });
      const everything = wb.worksheets.map((w) => sheetRows(w).flat().map(cellText).join('\n')).join('\n');
      for (const t of [...filled.tableTexts, ...filled.formTexts]) expect(everything, `xlsx: ${t}`).toContain(t);
      expect(everything, 'xlsx: the recorded overall and its rationale').toContain(overall.rationale);
      // The action plan and the suggested best fit with its reasons, in every document.
      for (const t of [`Priority for ${id} zq`, 'Where we are zq', `Activity for ${id} zq`, 'Suggested best fit']) {
        expect(paragraphs.join('\n'), `docx: ${t}`).toContain(t);
        expect(squash(pages.join('\n')), `pdf: ${t}`).toContain(squash(t));
      }
      for (const t of [`Priority for ${id} zq`, 'Where we are zq', `Activity for ${id} zq`])
        expect(everything, `xlsx: ${t}`).toContain(t);
      expect(wb.worksheets.map((w) => w.name)).toEqual(
        expect.arrayContaining(['Action plan priorities', 'Action plan actions', 'Suggested best fit']),
      );
      expect(everything, 'xlsx: best-fit reasons').toMatch(/statements? evidenced/);
      // Values the source fixes (Milton Keynes' 2013 targets) are printed as the source gives them.
      for (const table of fw.tables ?? [])
        for (const row of table.rows)
          for (const value of Object.values(row.values ?? {})) {
            expect(everything, `xlsx: ${table.id}/${row.id} ${value}`).toContain(value);
            expect(paragraphs.join('\n'), `docx: ${table.id}/${row.id} ${value}`).toContain(value);
          }
      for (const table of fw.tables ?? [])
        for (const [i, col] of table.columns.entries())
          if (col.kind === 'date') {
            const ws = wb.worksheets.find((w) => table.title.startsWith(w.name))!;
            const values = sheetRows(ws)
              .slice(1)
              .map((row) => row[i + 1]);
            expect(values.length, `${table.id}.${col.id}`).toBeGreaterThan(0);
            for (const v of values) expect(v, `${table.id}.${col.id} is a date`).toBeInstanceOf(Date);
          }

      const csvRes = await download(server, reviewId, 'csv', token);
      expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const csvBytes = await bytesOf(csvRes);
      const { bom, records } = readCsv(csvBytes);
      expect(bom).toBe(true);
      expect(new TextDecoder().decode(csvBytes)).toContain('\r\n');
      expectTidyRatings(fw, filled, records, 'csv');
    });
  }
});

describe('who may export', () => {
  it('lets an observer export; an outsider gets 404, signed out 401, an unknown format 400 naming the formats', async () => {
    const fw = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, fw.id, 'Permissions');
    const observer = await server.addMember(reviewId, 'observer', 'O. Watcher');
    const colleague = await makeUser(server.store, 'Same workspace, not in the review');
    const stranger = await makeUser(server.store, 'Other workspace', { workspace: 'Elsewhere' });

    for (const format of ['docx', 'pdf', 'xlsx', 'csv'])
      expect((await download(server, reviewId, format, observer.token)).status, format).toBe(200);
    for (const user of [colleague, stranger]) {
      const res = await download(server, reviewId, 'pdf', user.token);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('Permissions');
    }
    expect((await download(server, 'no-such-review', 'pdf', server.owner.token)).status).toBe(404);
    expect((await download(server, reviewId, 'pdf', null)).status).toBe(401);

    for (const format of ['html', '', '../etc', 'PDF']) {
      const res = await download(server, reviewId, format, server.owner.token);
      expect(res.status, format).toBe(400);
      const body = (await res.json()) as { error: { message: string; field: string } };
      expect(body.error.field).toBe('format');
      expect(body.error.message).toContain('docx, pdf, xlsx, csv, json');
    }
    const none = await fetch(`${server.url}/api/reviews/${reviewId}/export`, {
      headers: { authorization: `Bearer ${server.owner.token}` },
    });
    expect(none.status).toBe(400);
    // The JSON backup is another handler's on the same path: this one passes it on, never refuses it.
    expect((await download(server, reviewId, 'json', server.owner.token)).status).not.toBe(400);
  });

  it('keeps typed text as text in the CSV, never a formula', async () => {
    const fw = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, fw.id, 'Formulae');
    const writer = live.client(reviewId, server.owner.token);
    const watcher = live.client(reviewId, server.owner.token);
    await Promise.all([synced(writer), synced(watcher)]);
    new ReviewDoc(writer.doc, fw).focus('self', '1.1').insert(0, '=HYPERLINK("http://x.example","click")');
    await until(watcher.doc, () => new ReviewDoc(watcher.doc, fw).focus('self', '1.1').length > 0);
    const { records } = readCsv(await bytesOf(await download(server, reviewId, 'csv', server.owner.token)));
    const focus = records[1]![ratingColumns.indexOf('Development focus')];
    expect(focus).toBe(`'=HYPERLINK("http://x.example","click")`);
  });
});
