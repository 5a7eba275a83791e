import { describe, expect, it } from 'vitest';
import { agreementOf, alphaInWords, alphaSummaryOf, type AgreementRound } from './agreement.ts';
import { krippendorffAlpha } from './alpha.ts';
import { NOT_APPLICABLE } from './keys.ts';
import { phasedFramework } from './test-fixtures.ts';

// phasedFramework's levels: a (3), b (2), c (1); ranks c=0, b=1, a=2.
let next = 0;
function round(votes: string[], over: Partial<AgreementRound> = {}): AgreementRound {
  next++;
  return {
    id: `r${next}`,
    criterion: 'c1',
    phase: 'p1',
    track: 't1',
    status: 'closed',
    votes: votes.map((level, i) => ({ userId: `u${i}`, name: `U${i}`, level })),
    ...over,
  };
}

describe('agreement from silent rounds', () => {
  it('ranks levels by value, leaves out not-applicable votes and open rounds', () => {
    const rounds = [
      round(['a', 'a', 'b', NOT_APPLICABLE]),
      round(['c', 'c', 'c'], { status: 'revealed' }),
      round(['b', 'a']),
      round(['a', 'c', 'c'], { status: 'open' }),
      round(['b', NOT_APPLICABLE]),
    ];
    const result = agreementOf(phasedFramework, rounds);
    const expected = krippendorffAlpha(
      [
        [2, 2, 1],
        [0, 0, 0],
        [1, 2],
      ],
      'ordinal',
    );
    expect(result.alpha).toBeCloseTo(expected!, 12);
    expect(result.rounds).toBe(3);
    expect(result.votes).toBe(8);
    expect(result.ci95).not.toBeNull();
    expect(result.byRound.map((r) => r.round)).toEqual(rounds.filter((r) => r.status !== 'open').map((r) => r.id));
    expect(result.byRound[0]).toMatchObject({
      votes: 3,
      notApplicable: 1,
      range: { low: 'b', high: 'a', steps: 1 },
      modes: ['a'],
      modeShare: 2 / 3,
    });
    expect(result.byRound[3]).toMatchObject({ votes: 1, range: { low: 'b', high: 'b', steps: 0 }, modeShare: 1 });
  });

  it('splits by track and phase, in the framework order', () => {
    const rounds = [
      round(['a', 'b'], { track: 't2', phase: 'p2' }),
      round(['a', 'a'], { phase: 'p3' }),
      round(['c', 'b'], { phase: 'p1' }),
    ];
    const { groups } = agreementOf(phasedFramework, rounds);
    expect(groups.map((g) => [g.track, g.phase, g.rounds])).toEqual([
      ['t1', 'p1', 1],
      ['t1', 'p3', 1],
      ['t2', 'p2', 1],
    ]);
    // One round split two ways is no better than chance; a single unit gives no interval.
    expect(groups[0]!.alpha).toBe(0);
    expect(groups[0]!.ci95).toBeNull();
    // One round where both agree: no variation, so alpha is undefined.
    expect(groups[1]!.alpha).toBeNull();
  });

  it('gives null, never NaN, for no rounds and for all-N/A rounds', () => {
    for (const rounds of [[], [round([NOT_APPLICABLE, NOT_APPLICABLE])]]) {
      const result = agreementOf(phasedFramework, rounds);
      expect(result).toMatchObject({ alpha: null, ci95: null, rounds: 0, votes: 0 });
    }
    const empty = agreementOf(phasedFramework, [round([NOT_APPLICABLE])]).byRound[0]!;
    expect(empty).toMatchObject({ range: null, modes: [], modeShare: null, notApplicable: 1 });
  });

  it('explains the number in plain words', () => {
    expect(alphaInWords(null)).toMatch(/not enough/i);
    expect(alphaInWords(0.9)).toMatch(/^Strong/);
    expect(alphaInWords(0.7)).toMatch(/^Fair/);
    expect(alphaInWords(0.3)).toMatch(/^Weak/);
    expect(alphaInWords(-0.2)).toMatch(/^No agreement/);
  });

  it('pools rounds from several reviews into alpha alone, as the review’s own figures, with a level the scale lacks left out', () => {
    const rounds = [
      round(['a', 'a', 'b']),
      round(['c', 'b', 'c'], { track: 't2', phase: 'p2' }),
      round(['b', 'a', 'gone']),
      round(['a', 'c'], { status: 'open' }),
    ];
    const { alpha, rounds: units, votes, ci95 } = agreementOf(phasedFramework, rounds);
    expect(alphaSummaryOf(phasedFramework, rounds)).toEqual({ alpha, rounds: units, votes, ci95 });
    expect([units, votes]).toEqual([3, 8]);
    expect(alphaSummaryOf(phasedFramework, [])).toEqual({ alpha: null, rounds: 0, votes: 0, ci95: null });
  });
});
