import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCriteria, cell, criterion, flatItems, itemText, loadBuiltIn, normalise, sourcesDir } from './helpers.ts';

const SEED = '003_9b3d8e6ede2c2c98.txt';
const seed = normalise(readFileSync(join(sourcesDir, SEED), 'utf8'));
const fw = await loadBuiltIn('ns-la-quality-standards.yaml');

const LEVELS = ['outstanding', 'good', 'some-improvement', 'significant-improvement'];
const CRITERIA = ['1.1', '1.2', '1.3', '1.4', '1.5', '2.1', '2.2', '2.3', '2.4', '2.5'];
/** Cells left blank in the source: none. */
const BLANK_CELLS: string[] = [];
/** Appendix 2 marks these "(primary and secondary only)"; the example dashboard shows N/A for Early Years. */
const PRIMARY_SECONDARY_ONLY = ['1.4', '2.2', '2.3'];

/** [criterion, level, phrase copied from the seed] — 1.2, 1.4 and 1.5 are the interleaved tables. */
const PHRASES: [string, string, string][] = [
  ['1.1', 'outstanding', 'deployment of EYCs and LA National Strategies consultants is well targeted'],
  ['1.1', 'significant-improvement', 'makes effective use of its EYC and LA National Strategies consultants'],
  ['1.2', 'outstanding', 'no schools in Ofsted'],
  ['1.2', 'good', 'There is a compelling inclusive vision for'],
  ['1.2', 'good', 'Effective PM is in place and maintains'],
  ['1.2', 'some-improvement', 'PM is in place but it is unclear how it leads'],
  ['1.2', 'some-improvement', 'Roles and accountabilities are insufficiently'],
  ['1.2', 'significant-improvement', 'Application of PM is patchy and'],
  ['1.3', 'some-improvement', 'CPD sessions are likely to be principally briefings'],
  ['1.4', 'outstanding', 'quality-assured sources of support'],
  ['1.4', 'good', 'that SIPs/NCAs are given the key'],
  ['1.4', 'some-improvement', 'The LA does not use the SIP/NCA'],
  ['1.4', 'significant-improvement', 'School support is generally limited'],
  ['1.5', 'outstanding', 'track to exceed both national'],
  ['1.5', 'good', 'Tracking in over 90% of providers'],
  ['1.5', 'significant-improvement', 'unlikely to meet either of the'],
  ['2.1', 'significant-improvement', 'Deployment of resources and programmes is not strategic'],
  ['2.2', 'outstanding', 'in the top quartile of attainment and progress nationally'],
  ['2.3', 'some-improvement', 'Intervention is tardy, frequently using an Ofsted categorisation'],
  ['2.3', 'significant-improvement', 'The LA is reluctant to use its statutory powers'],
  ['2.4', 'good', 'predict and manage the risk of provider failure'],
  ['2.4', 'significant-improvement', 'three or more of the seven features'],
  ['2.5', 'outstanding', 'results in the LA being in the top quartile'],
  ['2.5', 'some-improvement', 'Less than half of providers in the LA'],
];

/** The seed text of one standard, from its heading in the main part to the next heading. */
function region(id: string): string {
  const main = seed.indexOf('RAG 1 – Impact of the LA on raising standards and improving progress');
  const start = seed.indexOf(normalise(criterion(fw, id).title), main);
  const next = CRITERIA[CRITERIA.indexOf(id) + 1];
  const end = next ? seed.indexOf(normalise(criterion(fw, next).title), start) : seed.indexOf('Appendix 1:', start);
  expect(start, `heading of ${id}`).toBeGreaterThan(main);
  expect(end, `end of ${id}`).toBeGreaterThan(start);
  return seed.slice(start, end);
}

/** True when the words of `text` occur in order in `source`: how interleaved columns are checked. */
function isWordSubsequence(text: string, source: string): boolean {
  const words = source.split(' ');
  let at = 0;
  for (const word of normalise(text).split(' ')) {
    while (at < words.length && words[at] !== word) at++;
    if (at === words.length) return false;
    at++;
  }
  return true;
}

describe('ns-la-quality-standards framework', () => {
  it('has the provenance the source states', () => {
    expect(fw.id).toBe('ns-la-quality-standards');
    expect(fw.version).toBe(2);
    expect(fw.title).toBe('Quality standards and criteria for LA self-evaluation');
    expect(fw.provenance).toMatchObject({
      title: 'Quality standards and criteria for LA self-evaluation',
      publisher: 'The National Strategies, Department for Children, Schools and Families',
      date: '09-2009',
      reference: '00756-2009BKT-EN',
      source: SEED,
    });
    expect(seed).toContain('First published in 2009 Ref: 00756-2009BKT-EN');
    expect(seed).toContain('Date of issue: 09-2009');
    expect(seed).toContain('Published by the Department for Children, Schools and Families');
  });

  it('has the four columns in source order with their codes and N/A', () => {
    expect(fw.scale.levels.map((l) => l.id)).toEqual(LEVELS);
    expect(fw.scale.levels.map((l) => l.label)).toEqual([
      'Outstanding',
      'Good',
      'Requires some improvement',
      'Requires significant improvement',
    ]);
    expect(fw.scale.levels.map((l) => l.code)).toEqual(['OS', 'G', 'NI', 'SI']);
    expect(fw.scale.levels.map((l) => l.value)).toEqual([4, 3, 2, 1]);
    expect(fw.scale.notApplicable).toEqual({ code: 'N/A', label: 'Not applicable' });
    for (const level of fw.scale.levels) expect(seed).toContain(normalise(level.description ?? 'missing'));
  });

  it('has 2 RAG groups, 10 standards and the phases of the dashboard', () => {
    expect(fw.sections.map((s) => [s.id, s.title, s.group])).toEqual([
      [
        'rag-1',
        'RAG 1 – Impact of the LA on raising standards and improving progress',
        'Impact of the LA on raising standards and improving progress',
      ],
      ['rag-2', 'RAG 2 – Risk management and intervention in schools and settings', 'Risk management and intervention'],
    ]);
    expect(fw.sections.map((s) => s.criteria.map((c) => c.id))).toEqual([CRITERIA.slice(0, 5), CRITERIA.slice(5)]);
    expect(allCriteria(fw).map((c) => c.code)).toEqual(CRITERIA);
    expect(fw.phases).toEqual([
      { id: 'early-years', label: 'Early Years' },
      { id: 'primary', label: 'Primary' },
      { id: 'secondary', label: 'Secondary' },
    ]);
    for (const c of allCriteria(fw)) {
      expect(c.phases, c.id).toEqual(PRIMARY_SECONDARY_ONLY.includes(c.id) ? ['primary', 'secondary'] : undefined);
      expect(seed).toContain(normalise(c.title));
    }
  });

  it('keeps every quality-standard bullet verbatim', () => {
    const counts = allCriteria(fw).map((c) => flatItems(c.statements).length);
    expect(counts).toEqual([5, 10, 6, 8, 15, 9, 10, 11, 17, 10]);
    for (const c of allCriteria(fw)) {
      for (const s of flatItems(c.statements)) expect(region(c.id), c.id).toContain(normalise(itemText(s)));
    }
  });

  it('fills every descriptor cell except the listed blanks', () => {
    const blank: string[] = [];
    for (const c of allCriteria(fw)) {
      expect(Object.keys(c.descriptors).sort(), c.id).toEqual([...LEVELS].sort());
      for (const level of LEVELS) if (cell(fw, c.id, level).trim() === '') blank.push(`${c.id}/${level}`);
    }
    expect(blank).toEqual(BLANK_CELLS);
  });

  it('splits each cell into the bullets and sentences the source prints', () => {
    const counts = allCriteria(fw).map((c) => LEVELS.map((l) => flatItems(c.descriptors[l]).length));
    expect(counts).toEqual([
      [4, 6, 5, 4],
      [7, 8, 8, 8],
      [3, 4, 4, 5],
      [3, 10, 4, 2],
      [6, 6, 6, 6],
      [4, 4, 4, 5],
      [2, 11, 9, 9],
      [4, 10, 7, 7],
      [5, 13, 7, 4],
      [3, 12, 3, 3],
    ]);
  });

  it('takes every descriptor item from its own standard, in the source word order', () => {
    for (const c of allCriteria(fw)) {
      const text = region(c.id);
      for (const level of LEVELS) {
        for (const item of c.descriptors[level] ?? []) {
          expect(isWordSubsequence(itemText(item), text), `${c.id}/${level}: ${itemText(item)}`).toBe(true);
        }
      }
    }
  });

  it('places distinctive phrases in the right standard and column', () => {
    expect(PHRASES.length).toBeGreaterThanOrEqual(12);
    for (const [cid, level, phrase] of PHRASES) {
      expect(seed, `seed contains "${phrase}"`).toContain(normalise(phrase));
      expect(normalise(cell(fw, cid, level)), `${cid}/${level}`).toContain(normalise(phrase));
      for (const other of LEVELS.filter((l) => l !== level)) {
        expect(normalise(cell(fw, cid, other)), `${cid}/${other} must not hold "${phrase}"`).not.toContain(
          normalise(phrase),
        );
      }
    }
  });

  it('reconstructs the interleaved 1.2 and 1.4 columns into whole sentences', () => {
    expect(cell(fw, '1.2', 'good')).toContain('Effective PM is in place and maintains quality of the workforce.');
    expect(cell(fw, '1.2', 'some-improvement')).toContain(
      'PM is in place but it is unclear how it leads to improvements in consistency and consistent impact from the workforce.',
    );
    expect(cell(fw, '1.2', 'significant-improvement')).toContain(
      'The workforce is insufficiently high quality to bring about improvement.',
    );
    expect(cell(fw, '1.2', 'outstanding')).toContain(
      'no schools in Ofsted categories and no settings identified as inadequate by Ofsted.',
    );
    expect(cell(fw, '1.4', 'significant-improvement')).toContain(
      "School support is generally limited to the LA's own advisers and consultants.",
    );
    expect(criterion(fw, '1.4').descriptors.good?.slice(1, 5).map(itemText)).toEqual([
      'Brokered and commissioned support',
      'timely',
      'fit for purpose',
      'avoids any conflict of interest.',
    ]);
  });

  it('marks as critical only the criteria for good that the lower columns count', () => {
    const critical = allCriteria(fw).flatMap((c) =>
      LEVELS.flatMap((l) =>
        (c.descriptors[l] ?? []).flatMap((item) =>
          typeof item !== 'string' && item.critical ? [`${c.id}/${l}: ${item.text}`] : [],
        ),
      ),
    );
    expect(critical).toEqual([
      '2.3/good: has an effective system for identifying schools causing concern against published criteria',
      '2.3/good: draws up statements of action that are evaluated as meeting requirements',
      '2.3/good: identifies and commissions appropriate support',
      '2.3/good: reviews progress, plans further action and adapts approaches.',
      '2.4/good: timeliness',
      '2.4/good: accuracy and supported by evidence',
      '2.4/good: identify the issues for action and a timescale',
      '2.4/good: provide evidence of the challenge provided',
      '2.4/good: provide a clear agenda for action',
      '2.4/good: have a clear agenda and format',
      '2.4/good: feed into the LA management information system and risk register.',
      '2.5/good: timely',
      '2.5/good: accurate',
      '2.5/good: useful',
      '2.5/good: accessible',
      '2.5/good: uncluttered.',
    ]);
    expect(cell(fw, '2.3', 'some-improvement')).toContain("two or three of the four criteria for 'good'");
    expect(cell(fw, '2.4', 'some-improvement')).toContain('one or two of the seven features for good reports');
    expect(cell(fw, '2.5', 'some-improvement')).toContain('Two of the critical criteria for good provision');
  });

  it('says of every critical mark that it is inferred, and why: the source bold is lost and no item is called critical in words', () => {
    const marks = allCriteria(fw).flatMap((c) =>
      LEVELS.flatMap((l) =>
        (c.descriptors[l] ?? []).flatMap((item) => (typeof item !== 'string' && item.critical ? [{ c, item }] : [])),
      ),
    );
    expect(marks).toHaveLength(16);
    // The only "critical criteria" wording outside the key names no item: the bold itself is gone.
    const mentions = seed.match(/critical criteria[^.]*\./g) ?? [];
    expect(mentions.filter((m) => !m.startsWith('critical criteria are highlighted'))).toEqual([
      'critical criteria for good provision are missing.',
      'critical criteria for good provision are missing.',
    ]);
    expect(seed).not.toMatch(/\*\*(timely|timeliness|has an effective system)/);
    for (const { c, item } of marks) {
      expect(item.criticalBasis?.source, `${c.id}: ${item.text}`).toBe('inferred');
      expect(item.criticalBasis?.why).toContain('lost in the extraction');
    }
    const why = (id: string) =>
      new Set(marks.filter((m) => m.c.id === id).map((m) => m.item.criticalBasis?.why ?? 'missing'));
    // Each reason quotes the source's count, which the source does contain.
    expect([...why('2.3')]).toHaveLength(1);
    expect([...why('2.3')][0]).toContain("the four criteria for 'good'");
    expect(seed).toContain("secures two or three of the four criteria for 'good'");
    expect([...why('2.4')][0]).toContain('the seven features for good reports');
    expect(seed).toContain('one or two of the seven features for good reports are missing');
    expect([...why('2.5')][0]).toMatch(/^A guess\./);
    expect(seed).toContain('Two of the critical criteria for good provision are missing');
    expect(fw.provenance.notes).toContain('the set is incomplete');
  });

  it('keeps sub-bullets nested under their bullet (1.5 "with the expectation that:", 2.2 "the quality of:")', () => {
    const sub = (items: readonly (string | { text: string; items?: unknown })[] | undefined, text: string) => {
      const found = (items ?? []).find((i) => typeof i !== 'string' && i.text === text);
      return found && typeof found !== 'string' ? (found.items as (string | { text: string })[]).map(itemText) : [];
    };
    const expectations = sub(criterion(fw, '1.5').statements, 'focus on progression, with the expectation that:');
    expect(expectations).toHaveLength(3);
    // In the source they follow the bullet in this order.
    expect(seed).toContain(
      normalise(['focus on progression, with the expectation that:', ...expectations].join(' - ')),
    );
    for (const level of ['good', 'some-improvement', 'significant-improvement']) {
      const quality = sub(
        criterion(fw, '2.2').descriptors[level],
        level === 'significant-improvement' ? 'the quality of' : 'the quality of:',
      );
      expect(quality, level).toEqual([
        'self-evaluation',
        'school improvement planning',
        'use of resources in schools where improvement is required',
      ]);
    }
    // The source prints them as "-" under a "•": the two bullets after them are siblings, not sub-points.
    expect(seed).toContain(
      '• the quality of: - self-evaluation - school improvement planning - use of resources in schools where improvement is required • the effectiveness of extended services',
    );
  });

  it('has the rules and tracks the source states', () => {
    expect(fw.tracks.map((t) => [t.id, t.label, t.authoritative ?? false])).toEqual([
      ['la', 'LA self-evaluation', false],
      ['ns', 'National Strategies view', true],
    ]);
    expect(fw.rules?.map((r) => r.kind)).toEqual([
      'critical-criteria',
      'authoritative-track',
      'overall',
      'evidence-of-impact',
      'evidence-of-impact',
      'note',
      'note',
      'note',
    ]);
    const [critical, authoritative, overall, outstandingImpact, goodImpact, ...notes] = fw.rules ?? [];
    expect(critical).toMatchObject({ kind: 'critical-criteria', threshold: 'good' });
    expect(authoritative).toMatchObject({ kind: 'authoritative-track', track: 'ns' });
    expect(overall).toMatchObject({ kind: 'overall', by: 'phase-and-group' });
    for (const rule of [critical, authoritative, ...notes]) expect(seed).toContain(normalise(rule?.text ?? 'missing'));
    expect(critical?.text).toContain('minimum requirements for an evaluation at that level');
    expect(authoritative?.text).toContain("the report to the DCSF must represent the National Strategies' view");
    // The overall rule is the source's sentence; what the example readout shows is an editorial note.
    expect(seed).toContain(normalise(overall?.text ?? 'missing'));
    expect(overall).toMatchObject({ note: expect.stringContaining('The example readout') as unknown });
    expect(seed).not.toContain('The example readout');
    // "Must be accompanied by (substantial) evidence of impact" as rules, in the source's words.
    expect(outstandingImpact).toMatchObject({ kind: 'evidence-of-impact', level: 'outstanding' });
    expect(goodImpact).toMatchObject({ kind: 'evidence-of-impact', level: 'good' });
    for (const rule of [outstandingImpact, goodImpact]) expect(seed).toContain(normalise(rule?.text ?? 'missing'));
    expect(outstandingImpact?.text).toContain('must be accompanied by substantial evidence of impact');
  });

  it('has the paired-visit form with its header fields, graded sections and grades', () => {
    expect(fw.tables).toBeUndefined();
    expect(fw.forms?.map((f) => f.id)).toEqual(['paired-visit']);
    const form = fw.forms?.[0];
    expect(form?.title).toBe('Paired SIP/NCA and NCA visits to primary, secondary and special schools');
    expect(form?.grades?.map((g) => [g.id, g.label])).toEqual([
      ['1', 'Outstanding and practice worthy of sharing'],
      ['2', 'Good practice that fulfils all requirements of a SIP/NCA'],
      ['3', 'Satisfactory practice that has some areas for improvement'],
      ['4', 'In need of significant improvement'],
    ]);
    expect(form?.fields?.map((f) => f.label)).toEqual([
      'Name of SIP/NCA',
      'Local authority',
      'School for paired visit',
      '(d)SSIA',
      'Date',
      'Length of paired visit',
      'Programme for visit',
    ]);
    expect(form?.sections.map((s) => s.title)).toEqual([
      '1. The quality and effectiveness of challenge (2.2)',
      '2. The quality of target setting (1.5)',
      '3. Effectiveness in brokering support (1.4)',
      'Quality of SIP/NCA report',
      '4. The overall effectiveness of the SIP/NCA in their work with the school',
    ]);
    expect(form?.sections.map((s) => s.fields.map((f) => f.id))).toEqual([
      ['grade', 'evidence'],
      ['grade', 'evidence'],
      [
        'grade',
        'evidence',
        'grade-ncas',
        'evidence-ncas',
        'headteacher-feedback',
        'strengths',
        'areas-for-development',
      ],
      ['grade', 'evidence', 'strengths', 'areas-for-development'],
      ['grade', 'evidence'],
    ]);
    expect(form?.sections.map((s) => s.statements?.length ?? 0)).toEqual([12, 9, 14, 8, 0]);
    // The 'In addition, NCAs should:' block of section 3 lost its left margin in the extraction.
    const restored = form?.sections[2]?.statements?.slice(10).map(itemText) ?? [];
    expect(restored.map((t) => t.split(' ')[0])).toEqual(['In', 'ensure', 'support', 'support']);
    expect(seed).toContain('tion NCAs should: sure that schools are implementing successfully effective teaching');
    const statements = form?.sections.flatMap((s) => (s.statements ?? []).map(itemText)) ?? [];
    for (const t of statements) if (!restored.includes(t)) expect(seed).toContain(normalise(t));
    for (const s of form?.sections ?? []) {
      // The extraction splits "work" in the last heading: "in their w ork with the school".
      const title = s.id === 'overall' ? s.title.replace('their work', 'their w ork') : s.title;
      expect(seed).toContain(normalise(title));
      expect(s.fields.filter((f) => f.kind === 'grade').length).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps the appendices and the dashboard as references', () => {
    expect(fw.references?.map((r) => r.id)).toEqual([
      'introduction',
      'dashboard',
      'underpinning-principles',
      'data-indicators',
      'regional-team',
      'agenda-la',
      'agenda-schools',
      'joint-visits',
    ]);
    const tables = (fw.references ?? []).flatMap((r) =>
      r.blocks.flatMap((b) => (b.kind === 'table' ? [[r.id, b.columns.length, b.rows.length]] : [])),
    );
    expect(tables).toEqual([
      ['dashboard', 11, 3],
      ['dashboard', 3, 4],
      ['data-indicators', 3, 11],
      ['regional-team', 2, 10],
    ]);
    const listTitles = (id: string): (string | undefined)[] =>
      fw.references?.find((r) => r.id === id)?.blocks.flatMap((b) => (b.kind === 'list' ? [b.title] : [])) ?? [];
    expect(listTitles('agenda-la').map((t) => t?.slice(0, 4))).toEqual(CRITERIA.map((c) => `${c} `));
    expect(listTitles('agenda-schools').map((t) => t?.slice(0, 4))).toEqual(
      CRITERIA.filter((c) => c !== '1.2').map((c) => `${c} `),
    );
    // Every reference text is copied from the seed (the dashboard list drops the extraction's ** markers).
    for (const r of fw.references ?? []) {
      for (const b of r.blocks) {
        const texts = b.kind === 'table' ? b.rows.flat().filter((x) => x !== '') : b.items.map(itemText);
        for (const t of texts) {
          const plain = normalise(t);
          const inSeed = seed.includes(plain) || seed.replace(/\*\*/g, '').includes(plain);
          if (!inSeed) expect(isWordSubsequence(t, seed), `${r.id}: ${t}`).toBe(true);
        }
      }
    }
  });
});
