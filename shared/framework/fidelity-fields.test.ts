import { describe, expect, it } from 'vitest';
import { flatItems, isInferredCritical, itemFullText, itemText } from './items.ts';
import type { DescriptorItem } from './schema.ts';
import { parseFrameworkText } from './validate.ts';

/** A small framework whose one criterion's Good descriptor is `good` (YAML flow). */
const withGood = (good: string, extra = ''): string => `
id: small
version: 1
title: Small
provenance: { title: S }
scale: { label: G, levels: [{ id: good, label: Good, value: 2 }, { id: poor, label: Poor, value: 1 }] }
sections: [{ id: s, title: S, criteria: [{ id: c, title: C, descriptors: { good: ${good} } }] }]
${extra}`;

const issues = (text: string) => {
  const result = parseFrameworkText(text, 'small.yaml');
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('descriptor items: critical basis, sub-bullets', () => {
  it('accepts a critical mark with its basis, and sub-bullets one level deep', () => {
    expect(
      issues(
        withGood(
          `[{ text: Has data, critical: true, criticalBasis: { source: inferred, why: The bold is lost } }, { text: 'Data is:', items: [timely, { text: accurate }] }]`,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses a basis on an item that is not critical, an unknown source, and sub-bullets of sub-bullets', () => {
    expect(issues(withGood(`[{ text: Has data, criticalBasis: { source: stated, why: Bold } }]`))).toEqual([
      'sections.0.criteria.0.descriptors.good.0.criticalBasis: criticalBasis says why an item is critical; mark the item "critical: true" or remove criticalBasis',
    ]);
    expect(
      issues(withGood(`[{ text: Has data, critical: true, criticalBasis: { source: guessed, why: B } }]`)),
    ).toEqual([expect.stringMatching(/^sections\.0\.criteria\.0\.descriptors\.good\.0/) as unknown]);
    expect(
      issues(withGood(`[{ text: 'A:', items: [{ text: 'B:', items: [c] }] }]`)).some((i) => i.includes('"items"')),
    ).toBe(true);
    expect(issues(withGood(`[{ text: 'A:', items: [] }]`)).length).toBeGreaterThan(0);
  });

  it('checks that an evidence-of-impact rule names a level', () => {
    expect(issues(withGood('[Fine]', 'rules: [{ kind: evidence-of-impact, level: good, text: Evidence }]'))).toEqual(
      [],
    );
    expect(issues(withGood('[Fine]', 'rules: [{ kind: evidence-of-impact, level: great, text: Evidence }]'))).toEqual([
      'rules.0.level: "great" is not a level of the scale',
    ]);
  });

  it('flattens for readers that need plain statements, in reading order', () => {
    const items: DescriptorItem[] = [
      'First',
      { text: 'Data is:', items: ['timely', { text: 'accurate' }] },
      { text: 'Key', critical: true, criticalBasis: { source: 'inferred', why: 'Counted' } },
    ];
    expect(flatItems(items).map(itemText)).toEqual(['First', 'Data is:', 'timely', 'accurate', 'Key']);
    expect(itemFullText(items[1]!)).toBe('Data is:\n  • timely\n  • accurate');
    expect(items.map(isInferredCritical)).toEqual([false, false, true]);
    expect(flatItems(undefined)).toEqual([]);
  });
});
