import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCriteria, cell, criterion, itemText, loadBuiltIn, normalise, sourcesDir } from './helpers.ts';
import type { Framework } from '../../shared/framework/schema.ts';

const SEED = '004_2ee229908ee2125e.txt';
const raw = readFileSync(join(sourcesDir, SEED), 'utf8');
const seed = normalise(raw);
/** The seed without its markdown emphasis and footnote marks, normalised. */
const plain = normalise(
  raw
    .replace(/<sup>\d<\/sup>/g, '')
    .replace(/\\\*/g, '\u2217')
    .replace(/\*/g, '')
    .replaceAll('\u2217', '*'),
);

const load = (): Promise<Framework> => loadBuiltIn('milton-keynes-sif.yaml');

const LEVELS = ['la1', 'la2', 'la3', 'la4a', 'la4b'] as const;
const CRITERIA = ['level-of-need', 'indicators', 'capacity'] as const;

/** Cells that are blank in the source: none — every category has all three columns filled. */
const BLANK_CELLS: string[] = [];

/** [criterion, level, phrase copied from the seed]. */
const PHRASES: [string, string, string][] = [
  ['level-of-need', 'la1', 'Significant elements are exemplary and worth sharing with other schools'],
  ['level-of-need', 'la2', 'Most pupils participate in extended school activities'],
  // LA2's level of need is split by a page break in the source.
  ['level-of-need', 'la2', 'Resources are targeted at securing improved'],
  ['level-of-need', 'la2', 'progress attainment and achievement across ECM outcomes'],
  ['level-of-need', 'la3', 'The school has a balanced budget'],
  ['level-of-need', 'la4a', 'require significant improvement in an important aspect'],
  // LA4a's level of need continues after a page break.
  ['level-of-need', 'la4a', 'They may be at risk of receiving a notice to improve'],
  ['level-of-need', 'la4b', 'Underachievement is widespread and ongoing'],
  ['indicators', 'la1', "School's range of CVA measures sustained sig+ over 3 years"],
  ['indicators', 'la2', 'CVA measures in top 40%'],
  ['indicators', 'la2', 'Learners are prepared for their future economic well-being'],
  ['indicators', 'la3', 'CVA measures below top 40% and above bottom 25%'],
  ['indicators', 'la3', 'FMSIS awarded'],
  ['indicators', 'la4a', 'Attendance is below average and school action is'],
  ['indicators', 'la4a', 'ineffective in improving rates of attendance'],
  ['indicators', 'la4a', 'Failed FMSIS'],
  ['indicators', 'la4b', 'The school is disorderly and unsafe'],
  ['indicators', 'la4b', 'CVA for KS1-2/KS2-4 is sig- for 2 or more consecutive years'],
  ['capacity', 'la1', 'Grade 1 in almost all aspects and no aspect less than good'],
  ['capacity', 'la2', "accurate diagnosis of school's strengths and weaknesses"],
  ['capacity', 'la2', 'Realistic and challenging targets used to secure year on year progress'],
  ['capacity', 'la3', 'Sound procedures for school-self evaluation are in place'],
  ['capacity', 'la4a', 'Resources are not well-deployed to support the needs of all learners'],
  ['capacity', 'la4a', 'by significant overspend/underspend of budget'],
  ['capacity', 'la4a', 'Governing body ill-equipped to hold school to account'],
  ['capacity', 'la4b', "School's safeguarding procedures inadequate"],
];

/** Phrases that must NOT sit in a given cell (the interleaved columns must not bleed into each other). */
const MISPLACED: [string, string, string][] = [
  ['level-of-need', 'la2', 'Learners are prepared for their future economic well-being'],
  ['capacity', 'la2', 'Learners are prepared for their future economic well-being'],
  ['level-of-need', 'la4a', 'ineffective in improving rates of attendance'],
  ['indicators', 'la4a', 'by significant overspend/underspend of budget'],
  ['indicators', 'la4a', 'FMSIS awarded'],
  ['indicators', 'la3', 'Failed FMSIS'],
  ['level-of-need', 'la4b', 'The school is disorderly and unsafe'],
];

describe('milton-keynes-sif framework', () => {
  it('has the identity and provenance of the source', async () => {
    const fw = await load();
    expect(fw.id).toBe('milton-keynes-sif');
    expect(fw.version).toBe(2);
    expect(fw.provenance.title).toBe('Aiming to be outstanding');
    expect(fw.provenance.publisher).toMatch(/Milton Keynes Council/);
    expect(fw.provenance.date).toBe('2009/10');
    expect(fw.provenance.reference).toBe('www.milton-keynes.gov.uk/schools');
    expect(fw.provenance.source).toBe(SEED);
    expect(seed).toContain(normalise(fw.provenance.title));
  });

  it('has the five categories as its scale, best first', async () => {
    const fw = await load();
    expect(fw.scale.label).toBe('Category');
    expect(fw.scale.notApplicable).toBeUndefined();
    expect(fw.scale.levels.map((l) => [l.id, l.code, l.label, l.value])).toEqual([
      ['la1', 'LA1', 'Outstanding', 5],
      ['la2', 'LA2', 'Good', 4],
      ['la3', 'LA3', 'Satisfactory', 3],
      ['la4a', 'LA4a', 'At risk', 2],
      ['la4b', 'LA4b', 'Inadequate (causing concern)', 1],
    ]);
    for (const level of fw.scale.levels) expect(level.description).toBeTruthy();
    const la1 = fw.scale.levels[0];
    expect(normalise(la1?.description ?? '')).toContain('These are excellent schools that are consistently successful');
  });

  it('has exactly one section of three criteria (the columns of the category chart)', async () => {
    const fw = await load();
    expect(fw.sections).toHaveLength(1);
    expect(fw.sections[0]?.id).toBe('categorisation');
    expect(allCriteria(fw).map((c) => [c.id, c.title])).toEqual([
      ['level-of-need', 'Level of need'],
      ['indicators', 'Indicators'],
      ['capacity', 'Capacity for improvement'],
    ]);
    expect(fw.phases).toBeUndefined();
    expect(fw.forms).toBeUndefined();
  });

  it('fills every cell except the ones blank in the source', async () => {
    const fw = await load();
    const blank: string[] = [];
    for (const c of CRITERIA) {
      for (const l of LEVELS) if (cell(fw, c, l).trim() === '') blank.push(`${c}/${l}`);
      expect(Object.keys(criterion(fw, c).descriptors).sort()).toEqual([...LEVELS].sort());
    }
    expect(blank).toEqual(BLANK_CELLS);
  });

  it('has the number of bullets per cell that the source has', async () => {
    const fw = await load();
    const counts = Object.fromEntries(
      CRITERIA.map((c) => [c, LEVELS.map((l) => criterion(fw, c).descriptors[l]?.length ?? 0)]),
    );
    expect(counts).toEqual({
      'level-of-need': [7, 5, 5, 4, 4],
      indicators: [16, 16, 12, 16, 8],
      capacity: [5, 3, 2, 5, 5],
    });
    for (const c of allCriteria(fw))
      for (const items of Object.values(c.descriptors))
        for (const item of items) expect(itemText(item)).not.toMatch(/^[·•▪-]\s|&amp;|<\/?[a-z]+>/);
  });

  it.each(PHRASES)('%s / %s contains "%s" (and the seed does too)', async (c, l, phrase) => {
    const fw = await load();
    expect(seed).toContain(normalise(phrase));
    expect(normalise(cell(fw, c, l))).toContain(normalise(phrase));
  });

  it.each(MISPLACED)('%s / %s does not contain "%s"', async (c, l, phrase) => {
    const fw = await load();
    expect(seed).toContain(normalise(phrase));
    expect(normalise(cell(fw, c, l))).not.toContain(normalise(phrase));
  });

  it('rejoins cells the page breaks split', async () => {
    const fw = await load();
    expect(normalise(cell(fw, 'indicators', 'la2'))).toContain('Unauthorised absence & exclusions well below average');
    expect(normalise(cell(fw, 'indicators', 'la4a'))).toContain(
      'Attendance is below average and school action is ineffective in improving rates of attendance.',
    );
    expect(normalise(cell(fw, 'capacity', 'la4a'))).toContain(
      'Resources are not well-deployed to support the needs of all learners – indicated by significant overspend/underspend of budget',
    );
    expect(normalise(cell(fw, 'level-of-need', 'la4a'))).toContain(
      'require significant improvement in an important aspect of their work.',
    );
  });

  it('has the SIP and school tracks, the SIP authoritative', async () => {
    const fw = await load();
    expect(fw.tracks.map((t) => [t.id, t.label, t.authoritative ?? false])).toEqual([
      ['sip', 'School Improvement Partner', true],
      ['school', 'School', false],
    ]);
  });

  it('states the rules of categorisation in the source words', async () => {
    const fw = await load();
    const rules = fw.rules ?? [];
    expect(rules).toHaveLength(7);
    expect(rules.map((r) => r.kind)).toEqual(['authoritative-track', 'note', 'note', 'note', 'note', 'note', 'note']);
    const auth = rules[0];
    if (auth?.kind !== 'authoritative-track') throw new Error('first rule should be authoritative-track');
    expect(auth.track).toBe('sip');
    const quote = "If there is a difference of opinion between the SIP and the school, the SIP's judgement will stand";
    expect(seed).toContain(quote);
    expect(normalise(auth.text)).toContain(quote);
    expect(normalise(auth.text)).toContain("the school's view will be recorded along with the evidence to support it");
    const notes = rules.filter((r) => r.kind === 'note').map((r) => normalise(r.text));
    const autumn = 'A category will be agreed each autumn term';
    const termly = 'informed of the category by letter in the autumn term and this will be reviewed each term';
    for (const phrase of [autumn, termly]) {
      expect(seed).toContain(phrase);
      expect(notes.some((n) => n.includes(phrase))).toBe(true);
    }
    for (const n of notes) for (const sentence of n.split(/(?<=\.) /)) expect(seed).toContain(sentence);
  });

  it('has the action-planning template as an open table', async () => {
    const fw = await load();
    expect(fw.tables?.map((t) => t.id)).toEqual(['action-plan', 'targets-14-19']);
    const plan = fw.tables?.[0];
    expect(plan?.title).toBe('Regulated Children Services Action Planning template');
    expect(plan?.openRows).toBe(true);
    expect(plan?.rows).toEqual([]);
    expect(plan?.columns.map((c) => [c.label, c.kind])).toEqual([
      ['Current position', 'text'],
      ['Success Criteria', 'text'],
      ['Targets', 'text'],
      ['Evaluation & Responsible body/officer', 'text'],
      ['How often', 'text'],
      ['Activity', 'text'],
      ['Lead', 'text'],
      ['Start', 'date'],
      ['Target completion date', 'date'],
      ['Resources', 'text'],
      ['Objective(s)', 'text'],
      ['Monitoring', 'text'],
      ['Progress', 'text'],
    ]);
    expect(plan?.rowHeader).toBe('Improvement Priority');
  });

  it('has the 14-19 targets table with its ten rows', async () => {
    const fw = await load();
    const targets = fw.tables?.[1];
    expect(targets?.columns.map((c) => c.label)).toEqual(['2013 Target']);
    expect(targets?.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // The source fixes every 2013 Target: values, read-only, on the row as the source prints it.
    expect(targets?.rows.map((r) => r.values?.['target-2013'])).toEqual([
      '93.6%',
      '100%',
      '50%',
      '0%',
      '90%',
      '85%',
      '85%',
      '54%',
      'National figure',
      '785',
    ]);
    for (const row of targets?.rows ?? []) {
      expect(row.hint).toBeUndefined();
      expect(raw).toContain(`${row.id}\t${row.label}\t${row.values?.['target-2013'] ?? 'missing'}`);
    }
    for (const row of targets?.rows ?? []) expect(seed).toContain(normalise(row.label));
    expect(targets?.rows[0]?.label).toBe(
      'Percentage of 16-18 year olds in education, training or employment with training',
    );
  });

  it('has the references, with the 4a/4b triggers grouped by school type', async () => {
    const fw = await load();
    expect(fw.references?.map((r) => r.id)).toEqual([
      'priority-groups',
      'categorisation',
      'categories',
      'triggers',
      'challenge-support',
      'sip-role',
      'intervention-4b',
      'monitoring-evaluation',
      'action-plan-introduction',
      'vision',
    ]);
    const triggers = fw.references?.find((r) => r.id === 'triggers');
    const lists = (triggers?.blocks ?? []).filter((b) => b.kind === 'list');
    expect(lists.map((b) => [b.title, b.items.length])).toEqual([
      ['All schools', 16],
      ['All mainstream schools', 3],
      ['Primary/Infant schools', 2],
      ['Secondary schools', 2],
      ['Special schools', 1],
    ]);
    const allSchools = lists[0]?.items.map(itemText).map(normalise) ?? [];
    expect(allSchools).toContain('Downward trend in outcomes over 2+ years');
    expect(allSchools).toContain('Setting of an unapproved budget');
    const primary = lists[2]?.items.map(itemText).map(normalise) ?? [];
    expect(primary).toContain('Contextual attainment at KS1 below average');

    const categories = fw.references?.find((r) => r.id === 'categories');
    expect(categories?.blocks.map((b) => b.title)).toEqual([
      'Category LA1: Outstanding Schools',
      'Category LA2: Good Schools',
      'Category LA3: Satisfactory Schools',
      'Category LA4a: Schools at risk and requiring additional support',
      'Category LA4b: Schools evaluated as inadequate in significant aspects of provision (School Causing Concern)',
    ]);
    for (const block of categories?.blocks ?? []) {
      expect(seed).toContain(normalise(block.title ?? ''));
      if (block.kind === 'paragraphs') for (const p of block.items) expect(seed).toContain(normalise(p));
    }

    const intro = fw.references?.find((r) => r.id === 'action-plan-introduction');
    expect(intro?.blocks[0]?.kind === 'list' ? intro.blocks[0].items.length : 0).toBe(7);
  });

  it('describes LA4a and LA4b in full: the first paragraph under each category heading', async () => {
    const fw = await load();
    const level = (id: string) => normalise(fw.scale.levels.find((l) => l.id === id)?.description ?? '');
    const paragraphAfter = (heading: string) => {
      const lines = raw.split('\n');
      const at = lines.findIndex((l) => l.includes(heading));
      expect(at, heading).toBeGreaterThan(0);
      return normalise(lines.slice(at + 1).find((l) => l.trim() !== '') ?? 'missing');
    };
    expect(level('la4a')).toBe(
      `Schools at risk and requiring additional support. ${paragraphAfter('### Category LA4a: Schools at risk')}`,
    );
    expect(level('la4b')).toBe(
      `Schools evaluated as inadequate in significant aspects of provision (School Causing Concern). ${paragraphAfter('### Category LA4b:')}`,
    );
    expect(level('la4a')).toContain('A school which has been part of the National Challenge prior to 2011');
    expect(level('la4b')).toContain('A Targeted Intervention Board will be set up');
  });

  it('restores the Ofsted achievement-grade guidance in full', async () => {
    const fw = await load();
    const categorisation = fw.references?.find((r) => r.id === 'categorisation');
    const paragraphs = (categorisation?.blocks ?? []).flatMap((b) => (b.kind === 'paragraphs' ? b.items : []));
    const guidance = paragraphs.find((p) => p.startsWith('A regular cycle of termly visits'));
    expect(guidance).toContain("For ease of reference it is often called the 'achievement grade'");
    expect(normalise(guidance ?? '')).toMatch(/have been made'\.$/);
    expect(plain).toContain(normalise(guidance ?? 'missing'));
  });

  it('restores the priority vulnerable and underperforming groups the indicators depend on', async () => {
    const fw = await load();
    const groups = fw.references?.find((r) => r.id === 'priority-groups');
    expect(groups?.title).toBe('Priority vulnerable and underperforming groups');
    const texts = (groups?.blocks ?? []).flatMap((b) =>
      b.kind === 'table' ? [] : b.kind === 'list' ? b.items.map(itemText) : b.items,
    );
    const list = groups?.blocks.find((b) => b.kind === 'list');
    expect(list?.kind === 'list' ? list.items.map(itemText) : []).toEqual([
      'children in care',
      'learners with learning difficulties and disabilities /SEN',
      'young offenders',
      'children in need (including Young Carers)',
      'children with high mobility including Travellers',
    ]);
    expect(texts.join(' ')).toContain('Underperforming groups are categorised by a range of characteristics');
    expect(texts.join(' ')).toContain("'stable' pupils are defined as those");
    for (const t of texts) expect(plain).toContain(normalise(t.replace(/^or /, '')));
    // The indicators speak of "any group" and "significant groups": these are the groups meant.
    expect(seed).toContain(
      'Schools where any group of children and young people are failing to make expected progress',
    );
  });

  it('lists each section of the source left out, with why', async () => {
    const fw = await load();
    const omitted = fw.provenance.omitted ?? [];
    expect(omitted.length).toBeGreaterThanOrEqual(10);
    for (const o of omitted) expect(o.reason).toMatch(/left out for length/);
    // Every numbered section of the source's contents is either in the framework or listed as left out.
    const contents = [...raw.matchAll(/^(\d+)\. (.+?)\t\d+$/gm)].map((m) => Number(m[1]));
    expect(contents).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const listed = new Set(
      omitted.flatMap((o) => [...o.section.matchAll(/(?:^|, )(\d+)\. /g)].map((m) => Number(m[1]))),
    );
    const kept = [11, 14, 15]; // challenge and support, categorisation, intervention: the framework itself
    for (const n of contents) expect(listed.has(n) || kept.includes(n), `section ${n}`).toBe(true);
    for (const n of kept) expect(listed.has(n), `section ${n}`).toBe(false);
  });
});
