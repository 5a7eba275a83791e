import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Framework, Table } from '../../shared/framework/schema.ts';
import { allCriteria, cell, criterion, flatItems, itemText, loadBuiltIn, normalise, sourcesDir } from './helpers.ts';

const seedFile = '002_c62d2e9b1709a71b.txt';
const seed = readFileSync(join(sourcesDir, seedFile), 'utf8');
const levelIds = ['developing', 'developed', 'established', 'enhancing'];

/** The seed with bullet glyphs and the space before a full stop removed, for copied-text checks. */
const seedText = normalise(seed.replace(/[·•]/g, ' ').replace(/(^|\s)-(?=\s|\S)/g, ' ')).replace(/ \./g, '.');

let fw: Framework;
beforeAll(async () => {
  fw = await loadBuiltIn('ba-partnership-sef.yaml');
});

function table(id: string): Table {
  const found = fw.tables?.find((t) => t.id === id);
  if (!found) throw new Error(`no table "${id}"`);
  return found;
}

describe('ba-partnership-sef', () => {
  it('has the framework identity and provenance the source states', () => {
    expect(fw.id).toBe('ba-partnership-sef');
    expect(fw.version).toBe(2);
    expect(fw.title).toBe('Self-evaluation framework for B&A partnerships');
    expect(fw.provenance.title).toBe('Self-evaluation framework for B&A partnerships');
    expect(fw.provenance.publisher).toBe('B, A and SEAL Team');
    expect(fw.provenance.date).toBe('Sept 24/09');
    expect(fw.provenance.reference).toBeUndefined();
    expect(fw.provenance.source).toBe(seedFile);
    for (const stated of ['Self-evaluation framework for B&A partnerships', 'Sept 24/09', 'B, A and SEAL Team'])
      expect(normalise(seed)).toContain(stated);
  });

  it('uses the Developing … Enhancing scale as the current rating', () => {
    expect(fw.scale.label).toBe('Current rating');
    expect(fw.scale.levels.map((l) => [l.id, l.label, l.value, l.code])).toEqual([
      ['developing', 'Developing', 1, undefined],
      ['developed', 'Developed', 2, undefined],
      ['established', 'Established', 3, undefined],
      ['enhancing', 'Enhancing', 4, undefined],
    ]);
    expect(fw.scale.notApplicable).toBeUndefined();
  });

  it('has exactly the structure of the source: 4 sections, 21 aspects, default track, no extras', () => {
    expect(fw.sections).toHaveLength(4);
    expect(allCriteria(fw)).toHaveLength(21);
    expect(fw.sections.map((s) => [s.id, s.code, s.title])).toEqual([
      ['s1', '1', 'Leadership and management of partnerships'],
      ['s2', '2', 'Quality first provision in schools'],
      ['s3', '3', 'Access to additional or alternative provision'],
      ['s4', '4', 'Opportunities to share skills and expertise and the provision of ongoing CPD'],
    ]);
    expect(fw.sections.map((s) => s.criteria.map((c) => c.id))).toEqual([
      ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'],
      ['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8'],
      ['3.1', '3.2', '3.3'],
      ['4.1', '4.2', '4.3', '4.4'],
    ]);
    expect(fw.tracks).toEqual([{ id: 'self', label: 'Self-evaluation' }]);
    expect(fw.phases).toBeUndefined();
    expect(fw.rules).toBeUndefined();
    expect(fw.forms).toBeUndefined();
    expect(fw.references).toBeUndefined();
    expect(fw.tables?.map((t) => t.id)).toEqual(['membership', 'outcomes']);
    for (const c of allCriteria(fw)) {
      expect(c.code).toBe(c.id);
      expect(c.evidence).toBeUndefined();
      expect(c.links).toBeUndefined();
      expect(c.statements).toBeUndefined();
      expect(c.pending).toBeUndefined();
    }
  });

  it('titles every aspect exactly as the overview does', () => {
    const titles = allCriteria(fw).map((c) => `${c.code} ${c.title}`);
    expect(titles).toEqual([
      '1.1 Engagement of all schools',
      '1.2 Transparent use of data',
      '1.3 Annual report requirement',
      '1.4 Agreement on fair access protocols',
      '1.5 Guidance on use of managed moves and the involvement of parents',
      '1.6 Day 6 provision',
      '2.1 Development of teaching and learning policies',
      '2.2 Use of Securing Good framework',
      '2.3 Use of Home School Agreement',
      '2.4 Strategies for early intervention',
      '2.5 Use of Extended Schools provision',
      '2.6 Liaison with officer from Safer School Partnerships',
      '2.7 Links to primary schools',
      '2.8 Links to FE',
      '3.1 Use and impact of managed moves',
      '3.2 Quality of Short Stay Schools and alternative provision',
      '3.3 Swift and easy access to support services',
      '4.1 Joint appointments',
      '4.2 Shared resources',
      '4.3 Networked training opportunities',
      '4.4 Sharing what works',
    ]);
    const overview = normalise(seed.slice(seed.indexOf('Overview'), seed.indexOf('Current judgement')));
    for (const t of titles) expect(overview).toContain(t);
  });

  it('fills every descriptor cell (the source leaves none blank)', () => {
    const blank: string[] = [];
    for (const c of allCriteria(fw)) {
      expect(Object.keys(c.descriptors).sort()).toEqual([...levelIds].sort());
      for (const l of levelIds) if (cell(fw, c.id, l).trim() === '') blank.push(`${c.id}/${l}`);
    }
    expect(blank).toEqual([]);
  });

  it('copies every descriptor item from the seed', () => {
    const items = allCriteria(fw).flatMap((c) => Object.values(c.descriptors).flatMap(flatItems).map(itemText));
    expect(items).toHaveLength(203);
    for (const item of items) expect(seedText).toContain(normalise(item));
  });

  it('keeps the sub-lists of 1.2 and 2.4 in their own cells, nested under the bullet that introduces them', () => {
    /** The sub-bullets of the item with this text, in one cell. */
    const subs = (id: string, level: string, text: string) => {
      const item = (criterion(fw, id).descriptors[level] ?? []).find((i) => itemText(i) === text);
      expect(item, `${id}/${level}: ${text}`).toBeDefined();
      return typeof item === 'string' || !item?.items ? [] : item.items.map(itemText);
    };
    expect(criterion(fw, '1.2').descriptors.developed).toHaveLength(3);
    expect(flatItems(criterion(fw, '1.2').descriptors.developed)).toHaveLength(7);
    const evaluated = subs('1.2', 'developed', 'Progress to targets is evaluated.');
    expect(evaluated).toEqual([
      'reduction in the need for exclusion either permanent or repeat fixed term,',
      'improved level of attendance and reduced PA',
      'impact of early interventions – around attendance/behaviour',
      'success of managed moves.',
    ]);
    // In the source they are "·" bullets straight after it.
    expect(seedText).toContain(normalise(['Progress to targets is evaluated.', ...evaluated].join(' ')));
    expect(seed).toMatch(/Progress to targets is evaluated\. \n· reduction in the need/);
    expect(criterion(fw, '1.2').descriptors.enhancing).toHaveLength(2);
    const measurements = subs('1.2', 'enhancing', 'Consistent key outcome measurements:');
    expect(measurements).toHaveLength(8);
    expect(measurements.at(-1)).toBe('Ofsted behaviour, attendance and PSD grades.');
    expect(seed).toMatch(/Consistent {2}key outcome measurements: \n\n· improvement in teaching and learning,/);
    const list = [
      'Absence from school',
      'The percentage of partnership pupils that have 20% absence',
      'The need for exclusion',
      'The need for repeat exclusions',
      'Post 16 NEETs',
      'Schools in the partnership judged by Ofsted as being only satisfactory or less for behaviour',
      'Incidents of bullying',
      'Youth crime in the physical area of the partnership',
      'Vandalism',
    ];
    const items = (level: string) => (criterion(fw, '2.4').descriptors[level] ?? []).map(itemText);
    expect(items('developing')).toHaveLength(3);
    const intro =
      'The partnership can clearly demonstrate that early intervention is reducing or maintaining low rates in';
    expect(subs('2.4', 'developed', `${intro} at least 50 % of the following:`)).toEqual(list);
    expect(subs('2.4', 'established', `${intro} at least 75% of the following:`)).toEqual(list);
    expect(subs('2.4', 'enhancing', `${intro} all of the following:`)).toEqual(list);
    expect(items('enhancing')).toHaveLength(1);
    // In the source each list is printed with "-" under its sentence, three times.
    expect(seed.match(/-\s*Absence from school/g)).toHaveLength(3);
  });

  const phrases: [string, string, string][] = [
    ['1.1', 'developing', 'No partner is absent for more than one meeting'],
    ['1.1', 'established', 'roles & responsibilities agreed by partnership'],
    ['1.1', 'enhancing', 'enable full and sustainable engagement of all pupils supported by partners'],
    ['1.2', 'developed', 'impact of early interventions – around attendance/behaviour'],
    ['1.2', 'enhancing', 'success of managed moves and FIP'],
    ['1.3', 'established', 'qualitative and quantative data to show the success'],
    ['1.4', 'developed', '11% to 15% of pupils who need support'],
    ['1.4', 'established', '90% to 95% of pupils who need support'],
    ['1.5', 'established', 'Parental Contracts or equivalent parenting classes are utilised'],
    ['1.5', 'enhancing', 'termly monitoring of the success of the Managed Move process'],
    ['1.6', 'enhancing', 'very few exclusions of longer than 2 days'],
    ['2.1', 'enhancing', 'no pupils on the NEET list 12 months after leaving school'],
    ['2.4', 'developing', 'Progression Guidance 2009/10 is used to support pupils'],
    ['2.4', 'developed', 'low rates in at least 50 % of the following'],
    ['2.4', 'established', 'low rates in at least 75% of the following'],
    ['2.4', 'enhancing', 'reducing or maintaining low rates in all of the following'],
    ['2.6', 'established', 'Links with YOS and other relevant providers'],
    ['2.7', 'developing', 'Transition days and term time holidays'],
    ['3.1', 'developing', 'Between 50% and 84% of managed moves are successful'],
    ['3.1', 'enhancing', '96% to 100% of managed moves are successful'],
    ['3.2', 'developed', 'a directory of quality assured provision'],
    ['3.2', 'enhancing', 'This is enabled by the reduction in PEX'],
    ['3.3', 'developed', 'as they move toward tier 3 intervention'],
    ['4.1', 'enhancing', 'Key personnel are appointed'],
    ['4.2', 'enhancing', 'Access to training across a range of stakeholders'],
    ['4.3', 'developed', 'delivery of CPD including NPSLBA'],
    ['4.4', 'developed', 'a system for practioners to celebrate'],
  ];

  it.each(phrases)('%s %s contains "%s" (and no other level of it does)', (id, level, phrase) => {
    expect(normalise(seed)).toContain(normalise(phrase));
    expect(normalise(cell(fw, id, level))).toContain(normalise(phrase));
    for (const other of levelIds.filter((l) => l !== level))
      expect(normalise(cell(fw, id, other))).not.toContain(normalise(phrase));
  });

  it('has the membership table', () => {
    const t = table('membership');
    expect(t.title).toBe('Membership of partnership');
    expect(t.columns.map((c) => [c.id, c.label, c.kind])).toEqual([['members', 'Members', 'text']]);
    expect(t.rows.map((r) => [r.id, r.label])).toEqual([
      ['secondary', 'Secondary schools'],
      ['primary', 'Primary schools'],
      ['special', 'Special schools'],
      ['pru-ap', 'PRUs and alternative provision'],
      ['fe', 'FE'],
      ['ssp', 'SSP'],
    ]);
    expect(t.openRows).toBeUndefined();
  });

  it('has the key and local outcomes table with termly progress', () => {
    const t = table('outcomes');
    expect(t.title).toBe('Key Outcomes for Partnership');
    expect(t.columns.map((c) => [c.id, c.label])).toEqual([
      ['baseline', 'Baseline data'],
      ['term1', 'Term 1 progress'],
      ['term2', 'Term 2 progress'],
      ['term3', 'Term 3 progress'],
    ]);
    expect(t.openRows).toBe(true);
    expect(normalise(seed)).toContain(
      'The Partnership should define an area of work that reflects local needs and priorities, for example:',
    );
    expect(t.description).toContain(
      'The Partnership should define an area of work that reflects local needs and priorities, for example:',
    );
    const key = t.rows.filter((r) => r.group === 'Key outcomes');
    const local = t.rows.filter((r) => r.group === 'Local outcomes');
    expect(t.rows).toHaveLength(11);
    expect(key).toHaveLength(8);
    expect(local.map((r) => r.label)).toEqual([
      'to reduce the number of incidents occurring during breaktimes by x%.',
      'to reduce the percentage of time lost to term-time holidays by x%',
      'to reduce incidents of racist bullying',
    ]);
    // "…for example:": the local outcomes are the source's examples, which a review may rename or remove.
    for (const r of local) expect(r.example, r.id).toBe(true);
    for (const r of key) expect(r.example, r.id).toBeUndefined();
    expect(key[0]?.label).toBe('To improve the number of schools judged as good or better for behaviour by Ofsted');
    expect(key[5]?.label).toBe('To reduce the disproportionality of exclusions across specific pupil groups');
    expect(key[7]?.label).toBe('To improve pupils perceptions of the schools in the partnership');
    for (const r of [...key, ...local])
      expect(normalise(seed).replace('disporportionality', 'disproportionality')).toContain(r.label);
  });
});
