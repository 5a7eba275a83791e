/**
 * `npm run examples`: one example review per built-in framework,
 * exported as PDF and Word exactly as the server renders them, with a few pages of each drawn to
 * PNG in docs/examples/. Needs `pdftoppm` (poppler-utils) and, for the Word pages, LibreOffice
 * (`soffice`) to lay the .docx out; without it only the PDF pages are drawn. `pngquant`, where
 * present, shrinks each page to a 64-colour palette.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { buildExportModel, type ExportSource } from '../../server/export/model.ts';
import { render } from '../../server/export/render.ts';
import { readFrameworkFile } from '../../server/frameworks/files.ts';
import type { Framework } from '../../shared/framework/schema.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import { NO_PHASE, NOT_APPLICABLE } from '../../shared/review/keys.ts';
import { moderationTracks } from '../../shared/review/moderation.ts';
import { statementsOf } from '../../shared/review/statements.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = join(root, 'docs', 'examples');
const RESOLUTION = '56';

const reviews: Record<string, { title: string; overall: ExportSource['overall'] }> = {
  'ba-partnership-sef': {
    title: 'North Ridings partnership: self-evaluation, spring 2026',
    overall: [
      {
        scope: 'Partnership',
        level: 'established',
        indicative: 'developed',
        rationale: 'Leadership and provision are established; sharing skills is still developing.',
      },
    ],
  },
  'pmqs-3': {
    title: 'Hillside cluster: PMQS 3 review 2026',
    overall: [{ scope: 'Overall', level: 'established', rationale: 'Most focus areas are established.' }],
  },
  'leicestershire-behaviour-qa': {
    title: 'Charnwood Behaviour Partnership: QA 2026',
    overall: [{ scope: 'Partnership', level: 'good', rationale: 'No strand is inadequate; most are good.' }],
  },
  'ns-la-quality-standards': {
    title: 'County LA self-evaluation against the quality standards',
    overall: [
      { scope: 'Primary · RAG 1', level: 'good', indicative: 'good', rationale: 'Critical criteria for good are met.' },
      { scope: 'Secondary · RAG 2', level: 'some-improvement', indicative: 'some-improvement' },
    ],
  },
  'milton-keynes-sif': {
    title: 'Oakfield Primary: categorisation 2026',
    overall: [
      {
        scope: "School's category (SIP)",
        level: 'la2',
        indicative: 'la2',
        rationale: 'Progress is good for all groups; no Appendix 1 trigger applies.',
        triggers: [],
      },
    ],
  },
};

const focusTexts = [
  'Share termly attendance and exclusion data with every school and agree the actions it points to.',
  'Train the new coordinators in the managed-move protocol before the autumn term.',
  'Bring parents into the review of the home-school agreement.',
  'Moderate the evidence with a neighbouring partnership.',
];
const evidenceTexts = [
  'Minutes of the March steering group; termly data pack; headteacher survey (82% agree).',
  'Case files of the six managed moves this year, all completed within 12 weeks.',
  'Partnership budget report and the SLA with the behaviour support service.',
];

function fill(review: ReviewDoc, fw: Framework): void {
  const levels = fw.scale.levels.map((l) => l.id);
  const who = { id: 'example', name: 'A. Khan' };
  let i = 0;
  review.doc.transact(() => {
    fw.tracks.forEach((track, t) => {
      for (const section of fw.sections)
        for (const criterion of section.criteria) {
          review.focus(track.id, criterion.id).insert(0, focusTexts[i % focusTexts.length]!);
          review.evidence(track.id, criterion.id).insert(0, evidenceTexts[i % evidenceTexts.length]!);
          if (criterion.pending !== undefined) continue;
          for (const phase of review.model.phasesOf.get(criterion.id) ?? []) {
            i++;
            const rating =
              fw.scale.notApplicable && i % 9 === 0 ? NOT_APPLICABLE : levels[(i * 7 + t) % levels.length]!;
            review.setRating(track.id, criterion.id, phase, rating);
          }
        }
    });
    // The decisions beyond the grid: a priority with two activity rows and an action of its own,
    // statements marked as evidenced (the suggested best fit) and moderation outcomes.
    const [first, second] = fw.sections.flatMap((s) => s.criteria).filter((c) => c.pending === undefined);
    const priority = review.addPriority(
      {
        title: 'Raise attendance of pupils at risk of exclusion',
        currentPosition: 'Persistent absence is 14% among pupils on part-time timetables.',
        successCriteria: 'Persistent absence below 9% by July.',
        targets: 'Termly: 12%, 10%, 9%.',
        evaluation: 'Steering group; attendance lead',
        howOften: 'Termly',
      },
      who,
    );
    review.addAction(
      {
        priority: priority.id,
        what: 'Weekly attendance review of every pupil on a part-time timetable',
        owner: 'Attendance lead',
        start: '2026-04-13',
        due: '2026-07-17',
        successCriteria: 'Every pupil reviewed each week',
        rag: 'green',
      },
      who,
    );
    review.addAction(
      {
        priority: priority.id,
        what: 'Family support worker visits for the ten lowest attenders',
        owner: 'Family support team',
        due: '2026-05-22',
        rag: 'amber',
      },
      who,
    );
    if (first)
      review.addAction(
        {
          what: 'Publish the managed-move protocol to every school',
          owner: 'Partnership manager',
          due: '2026-06-05',
          criterion: first.id,
          rag: 'red',
        },
        who,
      );
    const track = fw.tracks[0]!.id;
    for (const c of [first, second])
      if (c)
        statementsOf(fw, c.id)
          .slice(0, 3)
          .forEach((st, n) => review.setMark(track, c.id, st.ref, who, n === 2 ? 'partly' : 'evidenced'));
    if (moderationTracks(fw) && first && second) {
      const phase = (id: string) => review.model.phasesOf.get(id)?.[0] ?? NO_PHASE;
      review.setModeration(first.id, phase(first.id), who, 'agreed', 'Both views rest on the same evidence.');
      review.setModeration(second.id, phase(second.id), who, 'moderator-stands', 'The case files show less.');
      review.moderationStatement().insert(0, 'Moderated on 14 March 2026; two judgements changed.');
    }
    for (const table of fw.tables ?? []) {
      for (const row of table.rows)
        for (const col of table.columns) {
          // A value the source fixes (Milton Keynes' 2013 targets) is not the review's to fill.
          if (row.values?.[col.id] !== undefined) continue;
          review.cell(table.id, row.id, col.id).insert(0, col.kind === 'date' ? '2026-03-14' : 'On track');
        }
      if (table.openRows) {
        const row = review.addTableRow(table.id, who);
        for (const col of table.columns)
          review
            .cell(table.id, row.id, col.id)
            .insert(0, col.kind === 'date' ? '2026-07-17' : `${col.label}: see plan`);
      }
    }
  });
}

const work = mkdtempSync(join(tmpdir(), 'bestfit-examples-'));
const has = (command: string, flag: string) => {
  try {
    execFileSync(command, [flag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const hasPngquant = has('pngquant', '--version');
const hasSoffice = has('soffice', '--version');
// `npm run examples -- <framework id>…` draws only those; without ids, every example afresh.
const only = process.argv.slice(2);
const drawn = Object.entries(reviews).filter(([id]) => only.length === 0 || only.includes(id));
for (const name of readdirSync(here))
  if (name.endsWith('.png') && drawn.some(([id]) => name.startsWith(`${id}-`))) rmSync(join(here, name));

for (const [id, example] of drawn) {
  const fw = await readFrameworkFile(join(root, 'frameworks', `${id}.yaml`));
  const doc = new Y.Doc();
  const createdAt = '2026-03-02T09:00:00.000Z';
  buildSkeleton(doc, fw, {
    reviewId: 'example',
    frameworkId: fw.id,
    frameworkVersion: fw.version,
    title: example.title,
    createdAt,
  });
  fill(new ReviewDoc(doc, fw), fw);
  const model = buildExportModel({
    framework: fw,
    review: { id: 'example', title: example.title, createdAt, updatedAt: '2026-03-14T15:20:00.000Z' },
    document: { snapshot: Y.encodeStateAsUpdate(doc), updates: [] },
    people: [
      { name: 'A. Khan', role: 'facilitator' },
      { name: 'B. Okafor', role: 'editor' },
      { name: 'C. Lewis', role: 'observer' },
    ],
    history: [],
    exportedAt: '2026-03-14T16:00:00.000Z',
    exportedBy: 'A. Khan',
    status: { label: 'Final', by: 'A. Khan', at: '2026-03-14T15:30:00.000Z' },
    signOffs: [{ name: 'A. Khan', role: 'facilitator', at: '2026-03-14T15:30:00.000Z' }],
    overall: example.overall,
  });
  const pdf = join(work, `${id}.pdf`);
  writeFileSync(pdf, await render('pdf', model));
  const docx = join(work, `${id}.docx`);
  writeFileSync(docx, await render('docx', model));
  // The title page, and the first page of the grid (where a rated cell is marked).
  const pageWith = (file: string, text: string) => {
    const pages = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
    const page = pages.findIndex((p) => p.includes(text)) + 1;
    if (page === 0) throw new Error(`${file}: no page shows "${text}"`);
    return page;
  };
  const firstGridPage = (file: string) => pageWith(file, 'RATED:');
  const draw = (file: string, page: number, out: string) => {
    execFileSync('pdftoppm', ['-png', '-r', RESOLUTION, '-f', String(page), '-l', String(page), file, join(work, out)]);
    const made = readdirSync(work).find((n) => n.startsWith(`${out}-`) && n.endsWith('.png'))!;
    renameSync(join(work, made), join(here, `${out}.png`));
    // A palette of 64 colours keeps each page small enough to commit, text still crisp.
    if (hasPngquant)
      execFileSync('pngquant', [
        '64',
        '--force',
        '--skip-if-larger',
        '--output',
        join(here, `${out}.png`),
        join(here, `${out}.png`),
      ]);
  };
  draw(pdf, 1, `${id}-pdf-title`);
  draw(pdf, firstGridPage(pdf), `${id}-pdf-grid`);
  // The phase dashboard, in the source's codes, where the framework has phases.
  if (fw.phases?.length) draw(pdf, pageWith(pdf, 'Dashboard'), `${id}-pdf-dashboard`);
  // The action plan (each priority, then its activity rows), the suggested best fit and moderation.
  draw(pdf, pageWith(pdf, 'Action plan: priorities'), `${id}-pdf-plan`);
  draw(pdf, pageWith(pdf, 'Action plan: actions'), `${id}-pdf-actions`);
  draw(pdf, pageWith(pdf, 'Suggested best fit'), `${id}-pdf-best-fit`);
  if (moderationTracks(fw)) draw(pdf, pageWith(pdf, 'Moderation'), `${id}-pdf-moderation`);
  if (hasSoffice) {
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', join(work, 'word'), docx], {
      stdio: 'ignore',
    });
    const laidOut = join(work, 'word', `${id}.pdf`);
    draw(laidOut, firstGridPage(laidOut), `${id}-docx-grid`);
  }
  console.log(`${id}: drawn`);
}
rmSync(work, { recursive: true, force: true });
