import { describe, expect, it } from 'vitest';
import { builtInFrameworks } from '../review/test-fixtures.ts';
import { criterionRatings, headlineRating, moveOf, movement, overallLevel, ranksOf } from './figures.ts';

const byId = new Map(builtInFrameworks().map((fw) => [fw.id, fw]));
const mk = byId.get('milton-keynes-sif')!;
const ns = byId.get('ns-la-quality-standards')!;
const ba = byId.get('ba-partnership-sef')!;

describe('figures terms are compared by', () => {
  it('ranks levels by their values, whatever order the source prints them in', () => {
    expect([...ranksOf(mk)]).toEqual([
      ['la4b', 0],
      ['la4a', 1],
      ['la3', 2],
      ['la2', 3],
      ['la1', 4],
    ]);
  });

  it("reports the authoritative track's rating, else the agreed one, else the first track's", () => {
    const c = mk.sections[0]!.criteria[0]!.id;
    expect(
      headlineRating(mk, { ratings: { [`school/${c}/-`]: 'la1', [`sip/${c}/-`]: 'la3' }, agreed: {} }, c, '-'),
    ).toBe('la3');
    expect(headlineRating(mk, { ratings: { [`school/${c}/-`]: 'la1' }, agreed: { [`${c}/-`]: 'la2' } }, c, '-')).toBe(
      'la2',
    );
    expect(headlineRating(mk, { ratings: { [`school/${c}/-`]: 'la1' }, agreed: {} }, c, '-')).toBe('la1');
    expect(headlineRating(mk, { ratings: {}, agreed: {} }, c, '-')).toBeUndefined();
  });

  it('takes the worst phase without a phase chosen, and the lower median as the overall', () => {
    const summary = {
      ratings: { 'ns/1.1/primary': 'outstanding', 'ns/1.1/secondary': 'some-improvement', 'ns/1.2/primary': 'good' },
      agreed: {},
    };
    const all = criterionRatings(ns, summary, null);
    expect(all.get('1.1')).toBe('some-improvement');
    expect(criterionRatings(ns, summary, 'primary').get('1.1')).toBe('outstanding');
    expect(overallLevel(ns, criterionRatings(ns, summary, 'primary'))?.id).toBe('good');
  });

  it('moves up or down by ranks, and nets the movement', () => {
    expect(moveOf(ba, 'developing', ba, 'enhancing')).toEqual({ move: 'up', size: 3 });
    expect(moveOf(ba, 'established', ba, 'developed')).toEqual({ move: 'down', size: 1 });
    expect(moveOf(ba, null, ba, 'developed')).toEqual({ move: 'rated', size: 0 });
    expect(moveOf(ba, 'developed', ba, null)).toEqual({ move: 'cleared', size: 0 });
    expect(moveOf(ns, 'n/a', ns, 'good')).toEqual({ move: 'changed', size: 0 });
    const before = new Map<string, string | null>([
      ['1.1', 'developing'],
      ['1.2', 'enhancing'],
      ['1.3', null],
    ]);
    const after = new Map<string, string | null>([
      ['1.1', 'established'],
      ['1.2', 'developed'],
      ['1.3', 'developed'],
    ]);
    expect(movement(ba, before, ba, after)).toEqual({ up: 1, down: 1, same: 0, net: 0 });
  });
});
