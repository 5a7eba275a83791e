import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCriteria, cell, criterion, itemText, loadBuiltIn, normalise, sourcesDir } from './helpers.ts';

const SEED = '000_7064a70964ef99c0.txt';
const seed = normalise(readFileSync(join(sourcesDir, SEED), 'utf8'));
const fw = await loadBuiltIn('pmqs-3.yaml');

const LEVELS = ['focusing', 'developing', 'established', 'enhancing'];
const CRITERIA = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '3.1', '4.1', '4.2'];
const LEAD_IN = 'The extent to which Headteachers, Senior Leadership Teams and Governors:';

/** [criterion, level, phrase copied from the seed] */
const PHRASES: [string, string, string][] = [
  ['1.1', 'focusing', 'Know the principles of person centred planning'],
  ['1.1', 'developing', 'implement in one aspect of work within school'],
  ['1.1', 'enhancing', 'underpin the whole school ethos'],
  ['1.2', 'focusing', 'any such sporadic contributions are not taken into account'],
  ['1.2', 'developing', 'poorly applied and/or these contributions are given a lesser status'],
  ['1.2', 'established', 'given an inconsistent status with other contributions'],
  ['1.3', 'focusing', 'Little use is made of national comparative datasets'],
  ['1.3', 'developing', 'are usually set for the upper quartile range'],
  ['1.3', 'enhancing', 'the rationale for setting a lower target is agreed'],
  ['1.4', 'developing', '90-94%% of young people in the school'],
  ['1.4', 'established', '95-99% of young people in the school'],
  ['2.1', 'focusing', 'largely within the bottom quartile'],
  ['2.1', 'developing', 'are adequate and in some cases improving'],
  ['2.2', 'focusing', 'Are exploring ways in which they might work collaboratively'],
  ['2.2', 'established', 'Increasingly work collaboratively with other services/providers'],
  ['2.2', 'enhancing', 'at the heart of post-14 processes in school'],
  ['3.1', 'focusing', 'rarely or never attend Transition Review meetings'],
  ['3.1', 'developing', 'Careers/Connexions Service sometimes attend Transition Review meeting'],
  ['3.1', 'enhancing', 'makes a key contribution to ensuring'],
  ['4.1', 'focusing', 'A significantly low number/percentage of school leavers'],
  ['4.1', 'established', 'Nearly all school leavers are subsequently EET'],
  ['4.1', 'enhancing', 'a clear route mapped out to eventual employment'],
  ['4.2', 'focusing', 'influence pupil outcomes as identified in the current OFSTED framework'],
  ['4.2', 'developing', 'evident in Quality First Teaching (QFT)'],
  ['4.2', 'enhancing', 'Work with planners, commissioners and providers'],
];

describe('pmqs-3 framework', () => {
  it('has the provenance the source states', () => {
    expect(fw.id).toBe('pmqs-3');
    expect(fw.version).toBe(1);
    expect(fw.provenance.title).toBe(
      'Appendix C: Performance Management/Quality Standards (PMQS) 3 - for Schools and clusters of schools',
    );
    expect(fw.provenance.reference).toBe('Appendix C');
    expect(fw.provenance.source).toBe(SEED);
    expect(fw.provenance.publisher).toBeUndefined();
    expect(fw.provenance.date).toBeUndefined();
    expect(seed).toContain(normalise(fw.provenance.title));
  });

  it('has the four-level scale in source column order', () => {
    expect(fw.scale.levels.map((l) => l.id)).toEqual(LEVELS);
    expect(fw.scale.levels.map((l) => l.label)).toEqual([
      'Focusing / Inadequate',
      'Developing / Satisfactory',
      'Established / Good',
      'Enhancing / Outstanding',
    ]);
    expect(fw.scale.levels.map((l) => l.code)).toEqual(['4', '3', '2', '1']);
    expect(fw.scale.levels.map((l) => l.value)).toEqual([1, 2, 3, 4]);
    expect(fw.scale.notApplicable).toBeUndefined();
  });

  it('has exactly 4 focus areas and 9 criteria, and nothing extra', () => {
    expect(fw.sections).toHaveLength(4);
    expect(fw.sections.map((s) => s.criteria.map((c) => c.id))).toEqual([
      ['1.1', '1.2', '1.3', '1.4'],
      ['2.1', '2.2'],
      ['3.1'],
      ['4.1', '4.2'],
    ]);
    expect(allCriteria(fw).map((c) => c.id)).toEqual(CRITERIA);
    expect(allCriteria(fw).map((c) => c.code)).toEqual(CRITERIA);
    expect(fw.phases).toBeUndefined();
    expect(fw.tables).toBeUndefined();
    expect(fw.forms).toBeUndefined();
    expect(fw.rules).toBeUndefined();
    expect(fw.tracks.map((t) => t.id)).toEqual(['self']);
    expect(fw.references?.map((r) => r.id)).toEqual(['csp-aspects', 'ofsted-links', 'settings']);
  });

  it('links each focus area to its Transmap principle', () => {
    const principles = ['Transmap Principle 2', 'Transmap Principle 4', 'Transmap Principle 1', 'Transmap Principle 5'];
    fw.sections.forEach((s, i) => {
      expect(s.summary).toContain(principles[i]);
      expect(seed).toContain(normalise(s.summary ?? ''));
      expect(seed).toContain(normalise(`Focus Area ${i + 1}: ${s.title}`));
    });
  });

  it('fills every descriptor cell (the source has no blank cells)', () => {
    const blank: string[] = [];
    for (const c of allCriteria(fw)) {
      for (const level of LEVELS) {
        if (cell(fw, c.id, level).trim() === '') blank.push(`${c.id}/${level}`);
      }
      expect(Object.keys(c.descriptors).sort()).toEqual([...LEVELS].sort());
    }
    expect(blank).toEqual([]);
  });

  it('keeps bullets as separate items where the source splits a cell', () => {
    const counts = allCriteria(fw).map((c) => LEVELS.map((l) => c.descriptors[l]?.length ?? 0));
    expect(counts).toEqual([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [2, 1, 1, 2],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [2, 2, 2, 2],
      [2, 2, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
  });

  it('places distinctive phrases in the right criterion and level', () => {
    expect(PHRASES.length).toBeGreaterThanOrEqual(12);
    for (const [cid, level, phrase] of PHRASES) {
      expect(seed, `seed contains "${phrase}"`).toContain(normalise(phrase));
      expect(normalise(cell(fw, cid, level)), `${cid}/${level}`).toContain(normalise(phrase));
      for (const other of LEVELS.filter((l) => l !== level)) {
        if (cid === '1.3' && phrase.includes('upper quartile')) continue;
        expect(normalise(cell(fw, cid, other)), `${cid}/${other} must not hold "${phrase}"`).not.toContain(
          normalise(phrase),
        );
      }
    }
  });

  it('takes every descriptor item verbatim from the seed', () => {
    for (const c of allCriteria(fw)) {
      expect(seed).toContain(normalise(c.title));
      for (const level of LEVELS) {
        for (const item of c.descriptors[level] ?? []) {
          const text = normalise(itemText(item));
          // 1.2 Developing was broken across paragraphs in the extraction; check both halves.
          if (c.id === '1.2' && level === 'developing') {
            expect(seed).toContain(
              normalise('have few opportunities to contribute to setting targets, and/or these are poorly applied'),
            );
            expect(seed).toContain(
              normalise('and/or these contributions are given a lesser status than other contributions in the process'),
            );
            continue;
          }
          expect(seed, `${c.id}/${level}: ${text}`).toContain(text);
        }
      }
    }
  });

  it('carries the lead-in statement, Ofsted priorities and evidence for every criterion', () => {
    for (const c of allCriteria(fw)) {
      expect(c.statements).toEqual([LEAD_IN]);
      expect(c.links).toHaveLength(1);
      expect(c.links?.[0]?.label).toBe('Ofsted inspection priorities');
      expect(c.evidence?.length).toBeGreaterThan(0);
    }
    const priorityCounts = allCriteria(fw).map((c) => c.links?.[0]?.items.length);
    expect(priorityCounts).toEqual([7, 7, 6, 6, 7, 6, 6, 6, 6]);
    const evidenceCounts = allCriteria(fw).map((c) => c.evidence?.length);
    expect(evidenceCounts).toEqual([4, 4, 6, 2, 5, 3, 6, 3, 4]);

    expect(criterion(fw, '2.1').links?.[0]?.items[0]).toBe('the effectiveness of leadership');
    expect(criterion(fw, '1.1').links?.[0]?.items).toContain('pupils’ behaviour and safety');
    expect(criterion(fw, '4.2').links?.[0]?.items).not.toContain('pupils’ behaviour and safety');
    expect(criterion(fw, '1.1').evidence?.[3]).toContain('A designated person who builds a relationship of trust');
    expect(criterion(fw, '2.1').evidence).toContain(
      'The procedures following less than 100% attendance are made clear on entry to the school.',
    );
    expect(criterion(fw, '3.1').evidence).toEqual(
      expect.arrayContaining(['Personal Adviser Caseload lists;', 'Job descriptions (lead responsibilities);']),
    );
    for (const c of allCriteria(fw)) {
      for (const e of c.evidence ?? []) {
        if (c.id === '1.1' && e.startsWith('Chronically')) continue;
        expect(seed, `${c.id} evidence: ${e}`).toContain(normalise(e));
      }
    }
  });

  it('keeps the introduction as references', () => {
    const refs = fw.references ?? [];
    const items = (id: string): string[] =>
      refs
        .find((r) => r.id === id)
        ?.blocks.flatMap((b) => (b.kind === 'table' ? [] : b.items.map((i) => itemText(i)))) ?? [];
    expect(items('csp-aspects')).toHaveLength(6);
    expect(items('csp-aspects')).toContain('Locality & cluster based commissioning.');
    expect(items('ofsted-links')).toHaveLength(3);
    expect(items('settings')).toHaveLength(8);
    expect(items('settings')).toContain('Young Offender Institution');
    for (const id of ['csp-aspects', 'ofsted-links', 'settings']) {
      for (const text of items(id)) expect(seed, text).toContain(normalise(text));
    }
  });
});
