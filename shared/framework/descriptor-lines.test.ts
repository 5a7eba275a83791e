import { describe, expect, it } from 'vitest';
import { itemsToLines, linesToItems, linesToLinks, linesToList, linksToLines } from './descriptor-lines.ts';

describe('descriptor items as lines', () => {
  it('writes one line per bullet and indents sub-bullets', () => {
    expect(itemsToLines(['One', { text: 'Two', items: ['a', { text: 'b', note: 'n' }] }])).toBe('One\nTwo\n  a\n  b');
    expect(itemsToLines(undefined)).toBe('');
  });

  it('reads indented lines as sub-bullets of the bullet above, dropping blank lines and bullet marks', () => {
    expect(linesToItems('- One\n\nTwo\n  a\n\t• b\n', [])).toEqual(['One', { text: 'Two', items: ['a', 'b'] }]);
    // An indented first line has nothing above it: it is a bullet.
    expect(linesToItems('  lone', [])).toEqual(['lone']);
  });

  it('keeps critical marks, notes and unknown fields when the text is kept, moved or edited in place', () => {
    const old = [
      'Plain',
      { text: 'Critical', critical: true, criticalBasis: { source: 'inferred', why: 'bold lost' } },
      { text: 'Noted', note: 'editorial', items: [{ text: 'sub', note: 'kept' }] },
    ];
    // Reordered: matched by text.
    expect(linesToItems('Noted\n  sub\nCritical\nPlain', old)).toEqual([old[2], old[1], 'Plain']);
    // Edited in place (same count): matched by position.
    expect(linesToItems('Plain\nCritical, edited\nNoted\n  sub edited', old)).toEqual([
      'Plain',
      { text: 'Critical, edited', critical: true, criticalBasis: { source: 'inferred', why: 'bold lost' } },
      { text: 'Noted', note: 'editorial', items: [{ text: 'sub edited', note: 'kept' }] },
    ]);
    // A bullet added: the others keep what they carried.
    expect(linesToItems('Plain\nNew\nCritical\nNoted\n  sub', old)).toEqual(['Plain', 'New', old[1], old[2]]);
    // Round trip changes nothing.
    expect(linesToItems(itemsToLines(old), old)).toEqual(old);
  });

  it('reads plain lists one per line', () => {
    expect(linesToList(' a \n\n b')).toEqual(['a', 'b']);
  });

  it('reads and writes link groups as "Label: item | item"', () => {
    const groups = [
      { label: 'Ofsted priorities', items: ['Leadership', 'Outcomes'] },
      { label: 'Other', items: ['One'] },
    ];
    expect(linksToLines(groups)).toBe('Ofsted priorities: Leadership | Outcomes\nOther: One');
    expect(linesToLinks(linksToLines(groups))).toEqual(groups);
    expect(linesToLinks('just a link')).toEqual([{ label: 'Links', items: ['just a link'] }]);
  });
});
