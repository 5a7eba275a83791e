import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCriteria, cell, criterion, itemText, loadBuiltIn, normalise, sourcesDir } from './helpers.ts';

const fw = await loadBuiltIn('leicestershire-behaviour-qa.yaml');

// The seed as plain text: bullet glyphs at line starts and the "**" bold markers dropped, whitespace normalised.
const seed = normalise(
  readFileSync(join(sourcesDir, '001_c276855e527370ac.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/^\s*[-·•]\s+/, ''))
    .join('\n')
    .replace(/\*\*/g, ''),
);

const levelIds = ['outstanding', 'good', 'requires-improvement', 'inadequate'];

describe('Leicestershire Behaviour Partnerships QA framework', () => {
  it('has the source structure', () => {
    expect(fw.id).toBe('leicestershire-behaviour-qa');
    expect(fw.version).toBe(1);
    expect(fw.sections).toHaveLength(5);
    expect(allCriteria(fw)).toHaveLength(5);
    expect(fw.sections.map((s) => s.id)).toEqual(['strand-1', 'strand-2', 'strand-3', 'strand-4', 'strand-5']);
    expect(fw.sections.map((s) => s.title)).toEqual([
      'Attendance',
      'Referral, Assessment and Provision Planning',
      'Quality of Provision',
      'Outcomes for Pupils',
      'Leadership and Management',
    ]);
    expect(fw.sections.map((s) => s.criteria.map((c) => c.id))).toEqual([['1'], ['2'], ['3'], ['4'], ['5']]);
    expect(fw.phases).toBeUndefined();
    expect(fw.tables).toBeUndefined();
    expect(fw.forms).toBeUndefined();
    expect(fw.tracks.map((t) => t.id)).toEqual(['self']);
    expect(fw.references?.map((r) => r.id)).toEqual(['introduction', 'goals', 'basis', 'scope']);
  });

  it('grades Outstanding (1) to Inadequate (4), higher value is better', () => {
    expect(fw.scale.label).toBe('Grade');
    expect(fw.scale.levels.map((l) => [l.id, l.label, l.code, l.value])).toEqual([
      ['outstanding', 'Outstanding', '1', 4],
      ['good', 'Good', '2', 3],
      ['requires-improvement', 'Requires improvement', '3', 2],
      ['inadequate', 'Inadequate', '4', 1],
    ]);
    expect(fw.scale.notApplicable).toBeUndefined();
  });

  it('records provenance', () => {
    expect(fw.provenance.title).toBe('Quality Assurance Framework for Leicestershire Behaviour Partnerships');
    expect(fw.provenance.publisher).toBe('Leicestershire Behaviour Partnerships');
    expect(fw.provenance.source).toBe('001_c276855e527370ac.txt');
    expect(fw.provenance.date).toBeUndefined();
    expect(fw.provenance.reference).toBeUndefined();
    expect(fw.provenance.notes).toContain(
      'Elise Rogers, Helen Masoum, Anne Tookey, Steve Meadwell and Adrian Stephenson',
    );
  });

  it('fills every cell except strand 2, which is "to be added"', () => {
    const blank = allCriteria(fw).flatMap((c) =>
      levelIds.filter((l) => (c.descriptors[l] ?? []).length === 0).map((l) => `${c.id}/${l}`),
    );
    expect(blank).toEqual(['2/outstanding', '2/good', '2/requires-improvement', '2/inadequate']);
    expect(criterion(fw, '2').pending).toBe('To be added');
    expect(allCriteria(fw).filter((c) => c.pending !== undefined)).toHaveLength(1);
  });

  it('has the source number of bullets in every cell', () => {
    const counts = Object.fromEntries(
      allCriteria(fw).map((c) => [c.id, levelIds.map((l) => (c.descriptors[l] ?? []).length)]),
    );
    expect(counts).toEqual({
      '1': [6, 5, 1, 4],
      '2': [0, 0, 0, 0],
      '3': [8, 8, 1, 5],
      '4': [7, 6, 1, 5],
      '5': [15, 14, 1, 11],
    });
  });

  const phrases: [string, string, string][] = [
    ['1', 'outstanding', 'many are achieving attendance at 95% or above'],
    ['1', 'good', 'achievable attendance targets have been set with individual students, who see them'],
    ['1', 'requires-improvement', 'despite the injection of Partnership resources'],
    ['1', 'inadequate', 'Information received by the Partnership from Providers is insufficient'],
    ['3', 'outstanding', 'English and maths are embedded across the curriculum'],
    ['3', 'good', 'Providers are informed of Personal Learning Plans.'],
    ['3', 'requires-improvement', 'judgements requires improvement (grade 3)'],
    ['3', 'inadequate', 'social and cultural development or their physical well-being, so that'],
    ['4', 'outstanding', 'made progress have improved their rate of progress'],
    ['4', 'good', 'in order to secure progress. Progress can be demonstrated.'],
    ['4', 'requires-improvement', "students don't fulfil their potential"],
    ['4', 'inadequate', 'Outcome Planning for students is poor.'],
    ['5', 'outstanding', 'maximises their opportunities to achieve academically'],
    ['5', 'outstanding', 'highly effective strategies to secure on-going improvement'],
    ['5', 'good', 'well thought out policies and protocols underpinning practice'],
    ['5', 'requires-improvement', 'not good but are demonstrating the capacity to secure improvement'],
    ['5', 'inadequate', 'management of challenging behaviour within the Partnership. There is little evidence'],
  ];

  it.each(phrases)('criterion %s, %s: "%s"', (criterionId, levelId, phrase) => {
    expect(seed).toContain(normalise(phrase));
    expect(normalise(cell(fw, criterionId, levelId))).toContain(normalise(phrase));
    // …and in no other cell.
    const elsewhere = allCriteria(fw).flatMap((c) =>
      levelIds
        .filter((l) => !(c.id === criterionId && l === levelId))
        .filter((l) => normalise(cell(fw, c.id, l)).includes(normalise(phrase)))
        .map((l) => `${c.id}/${l}`),
    );
    expect(elsewhere).toEqual([]);
  });

  it('keeps every descriptor bullet verbatim from the seed', () => {
    for (const c of allCriteria(fw))
      for (const items of Object.values(c.descriptors))
        for (const item of items) expect(seed).toContain(normalise(itemText(item)));
  });

  it('keeps the footnote to the English and maths bullet as its note', () => {
    const item = criterion(fw, '3').descriptors.outstanding?.[5];
    expect(typeof item === 'object' && item.note).toBe(
      'Pupils whose cognitive ability is such that their literacy skills are likely to be limited make excellent progress appropriate to their age and capabilities.',
    );
  });

  it('states the rules', () => {
    const rules = fw.rules ?? [];
    expect(rules.map((r) => r.kind)).toEqual([
      'best-fit',
      'any-condition',
      'any-condition',
      'any-condition',
      'note',
      'note',
    ]);
    const bestFit = rules[0];
    expect(bestFit?.kind === 'best-fit' && bestFit.text).toBe(
      "These descriptors should not be used as a checklist. They must be applied adopting a 'best fit' approach that relies on the professional judgement of the inspection team.",
    );

    const anyCondition = rules.flatMap((r) => (r.kind === 'any-condition' ? [r] : []));
    expect(anyCondition.map((r) => [r.level, r.criteria, r.conditions.length])).toEqual([
      ['inadequate', ['1'], 4],
      ['inadequate', ['3'], 5],
      ['inadequate', ['4'], 5],
    ]);
    expect(anyCondition.map((r) => r.text)).toEqual([
      'Attendance is likely to be judged inadequate if any of the following apply.',
      'The quality of provision is likely to be inadequate if inspectors judge any of the following to be inadequate:',
      'The quality of outcomes are likely to be inadequate if inspectors judge any of the following to be inadequate:',
    ]);
    for (const r of anyCondition) {
      expect(seed).toContain(normalise(r.text));
      // The conditions are also the criterion's Inadequate descriptors.
      const id = r.criteria?.[0] ?? '';
      expect(r.conditions).toEqual((criterion(fw, id).descriptors.inadequate ?? []).map(itemText));
    }

    const notes = rules.flatMap((r) => (r.kind === 'note' ? [r.text] : []));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain(normalise(cell(fw, '3', 'requires-improvement')));
    expect(notes[0]).toContain('four key judgements');
    expect(notes[1]).toContain(normalise(cell(fw, '5', 'requires-improvement')));
    expect(notes[1]).toContain('not good');
  });

  it('keeps the goals and the basis of the grade descriptors', () => {
    const goals = fw.references?.find((r) => r.id === 'goals');
    const lists = goals?.blocks.flatMap((b) => (b.kind === 'list' ? b.items.map(itemText) : [])) ?? [];
    expect(lists).toHaveLength(4);
    expect(lists[0]).toBe('a majority of pupils referred to them are quickly re-engaged in learning;');
    expect(lists[3]).toContain('sustain their commitment to the next step provision');

    const basis = fw.references?.find((r) => r.id === 'basis');
    const basisLists = basis?.blocks.filter((b) => b.kind === 'list') ?? [];
    expect(basisLists.map((b) => b.items.length)).toEqual([3, 4, 3, 1, 1]);

    for (const ref of fw.references ?? [])
      for (const block of ref.blocks)
        if (block.kind !== 'table')
          for (const item of block.items) expect(seed).toContain(normalise(itemText(item)).replace(/^\d\. /, ''));
  });

  it('summarises each strand in the source words', () => {
    expect(fw.sections.map((s) => s.summary)).toEqual([
      'securing good attendance as a first step to reengagement;',
      "ensuring that processes for referral, assessment and provision planning enable Partnerships to address individual pupils' needs and align provision to them;",
      'ensuring that the provision is high quality;',
      'Outcomes for students that are in line with the goals',
      'effective leadership and management of the partnerships',
    ]);
  });
});
