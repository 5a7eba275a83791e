import { describe, expect, it } from 'vitest';
import { frameworkSchema, type Framework, type FrameworkInput } from '../framework/schema.ts';
import { ReviewDoc } from './accessors.ts';
import { lowerMedianLevel } from './indicative-overall.ts';
import { judge, judgeReview, type Judgement, type RatingLookup } from './judgement.ts';
import { NO_PHASE, NOT_APPLICABLE } from './keys.ts';
import { builtInFrameworks, skeletonDoc } from './test-fixtures.ts';

const frameworks = new Map(builtInFrameworks().map((fw) => [fw.id, fw]));

function builtIn(id: string): Framework {
  const fw = frameworks.get(id);
  if (!fw) throw new Error(`no built-in framework "${id}"`);
  return fw;
}

/** A built-in framework changed by `edit`, re-validated, to reach rule shapes the built-ins lack. */
function variant(id: string, edit: (fw: FrameworkInput) => void): Framework {
  const copy = structuredClone(builtIn(id)) as FrameworkInput;
  edit(copy);
  return frameworkSchema.parse(copy);
}

const reviewOf = (fw: Framework): ReviewDoc => new ReviewDoc(skeletonDoc(fw), fw);

/** Ratings from a plain list, for frameworks whose skeleton the accessors would refuse. */
function lookup(ratings: [track: string, criterion: string, phase: string, level: string][]): RatingLookup {
  const map = new Map(ratings.map(([t, c, p, l]) => [`${t}/${c}/${p}`, l]));
  return { rating: (t, c, p) => map.get(`${t}/${c}/${p}`), agreed: () => undefined };
}

const distribution = (j: Judgement, track: string, phase: string) => {
  const found = j.distributions.find((d) => d.track === track && d.phase === phase);
  if (!found) throw new Error(`no distribution for ${track}/${phase}`);
  return found;
};

const countsOf = (j: Judgement, track: string, phase: string) =>
  Object.fromEntries(distribution(j, track, phase).levels.map((l) => [l.level, l.count]));

const overallOf = (j: Judgement, track: string, group: string | null, phase: string | null) =>
  j.overalls.find((o) => o.track === track && o.group === group && o.phase === phase);

const RAG1 = 'Impact of the LA on raising standards and improving progress';
const RAG2 = 'Risk management and intervention';

describe('the built-in frameworks', () => {
  it('carry every rule kind the judgement applies', () => {
    const kinds = new Set([...frameworks.values()].flatMap((fw) => (fw.rules ?? []).map((r) => r.kind)));
    expect([...kinds].sort()).toEqual([
      'any-condition',
      'authoritative-track',
      'best-fit',
      'critical-criteria',
      'evidence-of-impact',
      'note',
      'overall',
    ]);
  });
});

describe('distributions', () => {
  it('count levels, N/A and unrated per track over the criteria judged in each phase', () => {
    const la = builtIn('ns-la-quality-standards');
    const review = reviewOf(la);
    review.setRating('la', '1.1', 'primary', 'good');
    review.setRating('la', '1.2', 'primary', 'good');
    review.setRating('la', '1.3', 'primary', 'outstanding');
    review.setRating('la', '2.1', 'primary', NOT_APPLICABLE);
    review.setRating('ns', '1.1', 'early-years', 'significant-improvement');
    const j = judgeReview(review);

    expect(j.distributions.map((d) => `${d.track}/${d.phase}`)).toEqual([
      'la/early-years',
      'la/primary',
      'la/secondary',
      'ns/early-years',
      'ns/primary',
      'ns/secondary',
    ]);
    expect(countsOf(j, 'la', 'primary')).toEqual({
      outstanding: 1,
      good: 2,
      'some-improvement': 0,
      'significant-improvement': 0,
    });
    expect(distribution(j, 'la', 'primary')).toMatchObject({ criteria: 10, notApplicable: 1, unrated: 6 });
    // 1.4, 2.2 and 2.3 are judged in primary and secondary only.
    expect(distribution(j, 'ns', 'early-years')).toMatchObject({ criteria: 7, notApplicable: 0, unrated: 6 });
    expect(countsOf(j, 'ns', 'early-years')['significant-improvement']).toBe(1);
    expect(distribution(j, 'la', 'secondary')).toMatchObject({ criteria: 10, unrated: 10 });
    expect(j.ratings).toBe(5);
    expect(j.agreed).toBe(0);
  });

  it('leave out a pending criterion, which has no levels to rate', () => {
    const fw = builtIn('leicestershire-behaviour-qa');
    const j = judgeReview(reviewOf(fw));
    expect(j.distributions).toHaveLength(1);
    expect(distribution(j, 'self', NO_PHASE)).toMatchObject({ criteria: 4, unrated: 4, notApplicable: 0 });
  });

  it('start empty for a framework without phases, tracks or rules', () => {
    const fw = builtIn('pmqs-3');
    const review = reviewOf(fw);
    expect(judgeReview(review)).toMatchObject({ ratings: 0, agreed: 0, overallBy: null, overalls: [] });
    review.setRating('self', '1.1', NO_PHASE, 'enhancing');
    const j = judgeReview(review);
    expect(countsOf(j, 'self', NO_PHASE)).toEqual({ focusing: 0, developing: 0, established: 0, enhancing: 1 });
    expect(distribution(j, 'self', NO_PHASE)).toMatchObject({ criteria: 9, unrated: 8 });
    expect(j.disagreements).toEqual([]);
    expect(j.reminders).toEqual([]);
  });
});

describe('ratings the scale does not know', () => {
  it('count an unknown level as rated, in no level, no overall and no reminder', () => {
    const fw = builtIn('ns-la-quality-standards');
    const j = judge(
      fw,
      lookup([
        ['la', '1.1', 'primary', 'good'],
        ['la', '1.2', 'primary', 'no-such-level'],
      ]),
    );
    expect(j.ratings).toBe(2);
    expect(distribution(j, 'la', 'primary')).toMatchObject({ unrated: distribution(j, 'la', 'primary').criteria - 2 });
    expect(Object.values(countsOf(j, 'la', 'primary')).reduce((a, b) => a + b)).toBe(1);
    expect(j.reminders.map((r) => r.criterion)).not.toContain('1.2');
  });
});

describe('the lower median', () => {
  const levels = builtIn('ns-la-quality-standards').scale.levels;
  it('takes the middle value of an odd count', () => {
    expect(lowerMedianLevel(levels, [4, 1, 3])?.id).toBe('good');
  });
  it('takes the worse of the two middle values of an even count', () => {
    expect(lowerMedianLevel(levels, [4, 3, 2, 1])?.id).toBe('some-improvement');
    expect(lowerMedianLevel(levels, [4, 3])?.id).toBe('good');
  });
  it('is null with nothing rated', () => {
    expect(lowerMedianLevel(levels, [])).toBeNull();
  });
});

describe('indicative overall (rule by phase and group)', () => {
  const la = builtIn('ns-la-quality-standards');

  it('gives one per track, group and phase, and per group across phases', () => {
    const j = judgeReview(reviewOf(la));
    expect(j.overallBy).toBe('phase-and-group');
    // 2 tracks × 2 groups × (3 phases + across phases).
    expect(j.overalls).toHaveLength(16);
    expect(j.overalls.slice(0, 4).map((o) => [o.track, o.group, o.phase])).toEqual([
      ['la', RAG1, 'early-years'],
      ['la', RAG1, 'primary'],
      ['la', RAG1, 'secondary'],
      ['la', RAG1, null],
    ]);
    expect(j.overalls.every((o) => o.indicative === null && o.rated === 0)).toBe(true);
  });

  it('takes the lower median of each scope, leaving N/A out', () => {
    const review = reviewOf(la);
    review.setRating('la', '1.1', 'primary', 'outstanding');
    review.setRating('la', '1.2', 'primary', 'good');
    review.setRating('la', '1.3', 'primary', 'some-improvement');
    review.setRating('la', '1.5', 'primary', 'significant-improvement');
    review.setRating('la', '1.1', 'secondary', 'good');
    review.setRating('la', '1.2', 'secondary', 'good');
    review.setRating('la', '1.3', 'secondary', 'significant-improvement');
    review.setRating('la', '1.1', 'early-years', NOT_APPLICABLE);
    review.setRating('la', '2.1', 'primary', 'outstanding');
    review.setRating('la', '2.4', 'primary', NOT_APPLICABLE);
    const j = judgeReview(review);
    expect(overallOf(j, 'la', RAG1, 'primary')).toMatchObject({ rated: 4, indicative: 'some-improvement' });
    expect(overallOf(j, 'la', RAG1, 'secondary')).toMatchObject({ rated: 3, indicative: 'good' });
    expect(overallOf(j, 'la', RAG1, 'early-years')).toMatchObject({ rated: 0, indicative: null });
    // Across phases: 4, 3, 2, 1, 3, 3, 1 → sorted 1, 1, 2, 3, 3, 3, 4.
    expect(overallOf(j, 'la', RAG1, null)).toMatchObject({ rated: 7, indicative: 'good' });
    expect(overallOf(j, 'la', RAG2, 'primary')).toMatchObject({ rated: 1, indicative: 'outstanding' });
    expect(overallOf(j, 'la', RAG2, null)).toMatchObject({ rated: 1, indicative: 'outstanding' });
    expect(overallOf(j, 'ns', RAG1, 'primary')).toMatchObject({ rated: 0, indicative: null });
  });

  it('follows a rule by phase only, or by group only', () => {
    const ratings = lookup([
      ['la', '1.1', 'primary', 'good'],
      ['la', '2.1', 'primary', 'some-improvement'],
      ['la', '2.1', 'secondary', 'outstanding'],
    ]);
    const byPhase = variant(la.id, (fw) => {
      fw.rules = [{ kind: 'overall', by: 'phase', text: 'Overall per phase.' }];
    });
    const phaseOnly = judge(byPhase, ratings);
    expect(phaseOnly.overalls).toHaveLength(6);
    expect(overallOf(phaseOnly, 'la', null, 'primary')).toMatchObject({ rated: 2, indicative: 'some-improvement' });
    expect(overallOf(phaseOnly, 'la', null, 'secondary')).toMatchObject({ rated: 1, indicative: 'outstanding' });

    const byGroup = variant(la.id, (fw) => {
      fw.rules = [{ kind: 'overall', by: 'group', text: 'Overall per group.' }];
    });
    const groupOnly = judge(byGroup, ratings);
    expect(groupOnly.overalls).toHaveLength(4);
    expect(overallOf(groupOnly, 'la', RAG1, null)).toMatchObject({ rated: 1, indicative: 'good' });
    expect(overallOf(groupOnly, 'la', RAG2, null)).toMatchObject({ rated: 2, indicative: 'some-improvement' });
  });

  it('is absent for frameworks without an overall rule', () => {
    const mk = builtIn('milton-keynes-sif');
    const j = judge(mk, lookup([['sip', 'capacity', NO_PHASE, 'la2']]));
    expect(j.overallBy).toBeNull();
    expect(j.overalls).toEqual([]);
  });
});

describe('disagreements between tracks', () => {
  it("report the authoritative track's rating (Milton Keynes: the SIP's)", () => {
    const mk = builtIn('milton-keynes-sif');
    const review = reviewOf(mk);
    review.setRating('sip', 'level-of-need', NO_PHASE, 'la3');
    review.setRating('school', 'level-of-need', NO_PHASE, 'la2');
    review.setAgreed('level-of-need', NO_PHASE, 'la2');
    review.setRating('sip', 'indicators', NO_PHASE, 'la2');
    review.setRating('school', 'indicators', NO_PHASE, 'la2');
    review.setRating('school', 'capacity', NO_PHASE, 'la1');
    const j = judgeReview(review);
    expect(j.disagreements).toEqual([
      {
        criterion: 'level-of-need',
        phase: NO_PHASE,
        ratings: [
          { track: 'sip', rating: 'la3' },
          { track: 'school', rating: 'la2' },
        ],
        agreed: 'la2',
        reported: { by: 'authoritative-track', track: 'sip', rating: 'la3' },
      },
    ]);
    expect(j.agreed).toBe(1);
  });

  it('count N/A against a level as a disagreement, per phase (LA standards: the National Strategies view)', () => {
    const la = builtIn('ns-la-quality-standards');
    const review = reviewOf(la);
    review.setRating('la', '2.2', 'primary', 'good');
    review.setRating('ns', '2.2', 'primary', NOT_APPLICABLE);
    review.setRating('la', '2.2', 'secondary', 'good');
    review.setRating('ns', '2.2', 'secondary', 'good');
    const j = judgeReview(review);
    expect(j.disagreements).toHaveLength(1);
    expect(j.disagreements[0]).toMatchObject({
      criterion: '2.2',
      phase: 'primary',
      agreed: null,
      reported: { by: 'authoritative-track', track: 'ns', rating: NOT_APPLICABLE },
    });
  });

  it('fall back to the agreed rating when the authoritative track has not rated, else report none', () => {
    const threeTracks = variant('ns-la-quality-standards', (fw) => {
      fw.tracks = [...(fw.tracks ?? []), { id: 'peer', label: 'Peer review' }];
    });
    const review = reviewOf(threeTracks);
    review.setRating('la', '1.1', 'primary', 'good');
    review.setRating('peer', '1.1', 'primary', 'outstanding');
    review.setRating('la', '1.2', 'primary', 'good');
    review.setRating('peer', '1.2', 'primary', 'some-improvement');
    review.setAgreed('1.2', 'primary', 'good');
    const [first, second] = judgeReview(review).disagreements;
    expect(first).toMatchObject({ criterion: '1.1', agreed: null, reported: null });
    expect(second).toMatchObject({ criterion: '1.2', agreed: 'good', reported: { by: 'agreed', rating: 'good' } });
  });
});

describe('disagreements in a framework without rules', () => {
  it('report the agreed rating, or none, with no authoritative track to follow', () => {
    const twoTracks = variant('pmqs-3', (fw) => {
      fw.tracks = [...(fw.tracks ?? [{ id: 'self', label: 'Self' }]), { id: 'peer', label: 'Peer review' }];
    });
    expect(twoTracks.rules).toBeUndefined();
    const review = reviewOf(twoTracks);
    review.setRating('self', '1.1', NO_PHASE, 'enhancing');
    review.setRating('peer', '1.1', NO_PHASE, 'developing');
    review.setRating('self', '1.2', NO_PHASE, 'enhancing');
    review.setRating('peer', '1.2', NO_PHASE, 'established');
    review.setAgreed('1.2', NO_PHASE, 'established');
    const [first, second] = judgeReview(review).disagreements;
    expect(first).toMatchObject({ criterion: '1.1', agreed: null, reported: null });
    expect(second).toMatchObject({ criterion: '1.2', reported: { by: 'agreed', rating: 'established' } });
  });
});

describe('any-condition reminders (Leicestershire behaviour QA)', () => {
  const fw = builtIn('leicestershire-behaviour-qa');

  it('remind a criterion rated better than the level to check none of the conditions applies', () => {
    const review = reviewOf(fw);
    review.setRating('self', '1', NO_PHASE, 'good');
    review.setRating('self', '3', NO_PHASE, 'requires-improvement');
    review.setRating('self', '4', NO_PHASE, 'inadequate');
    review.setRating('self', '5', NO_PHASE, 'outstanding');
    const reminders = judgeReview(review).reminders;
    expect(reminders.map((r) => [r.kind, r.criterion, r.rated])).toEqual([
      ['any-condition', '1', 'good'],
      ['any-condition', '3', 'requires-improvement'],
    ]);
    const [attendance] = reminders;
    if (attendance?.kind !== 'any-condition') throw new Error('expected an any-condition reminder');
    expect(attendance.level).toBe('inadequate');
    expect(attendance.text).toBe('Attendance is likely to be judged inadequate if any of the following apply.');
    expect(attendance.conditions).toHaveLength(4);
    expect(attendance.conditions[0]).toBe('The recording of attendance by the Partnership is not reliable');
  });

  it('apply to every criterion when the rule names none', () => {
    const everywhere = variant(fw.id, (input) => {
      const rule = input.rules?.find((r) => r.kind === 'any-condition');
      if (rule?.kind === 'any-condition') delete rule.criteria;
    });
    const j = judge(everywhere, lookup([['self', '5', NO_PHASE, 'good']]));
    expect(j.reminders.map((r) => [r.kind, r.criterion])).toEqual([['any-condition', '5']]);
  });
});

describe('critical-criteria reminders (LA quality standards)', () => {
  const la = builtIn('ns-la-quality-standards');

  it('remind Good and Outstanding ratings of the evidence of impact they must be accompanied by', () => {
    const review = reviewOf(la);
    review.setRating('la', '1.1', 'primary', 'outstanding');
    review.setRating('la', '1.2', 'primary', 'good');
    review.setRating('la', '1.3', 'primary', 'some-improvement');
    const impact = judgeReview(review).reminders.flatMap((r) =>
      r.kind === 'evidence-of-impact' ? [[r.criterion, r.level, r.text]] : [],
    );
    expect(impact).toEqual([
      [
        '1.1',
        'outstanding',
        expect.stringContaining('must be accompanied by substantial evidence of impact') as unknown,
      ],
      ['1.2', 'good', expect.stringContaining('must be accompanied by evidence of impact') as unknown],
    ]);
  });

  it("list the rated level's critical items as minimums at or above the threshold", () => {
    const review = reviewOf(la);
    review.setRating('ns', '2.3', 'secondary', 'good');
    review.setRating('la', '2.4', 'primary', 'outstanding');
    review.setRating('la', '2.5', 'primary', 'some-improvement');
    const all = judgeReview(review).reminders;
    // Good and Outstanding ratings are also reminded that they need evidence of impact (below).
    const reminders = all.filter((r) => r.kind !== 'evidence-of-impact');
    expect(reminders).toHaveLength(1);
    const [minimum] = reminders;
    if (minimum?.kind !== 'critical-minimum') throw new Error('expected a critical-minimum reminder');
    expect(minimum).toMatchObject({ track: 'ns', criterion: '2.3', phase: 'secondary', rated: 'good' });
    expect(minimum.items.map((i) => i.text)).toEqual([
      'has an effective system for identifying schools causing concern against published criteria',
      'draws up statements of action that are evaluated as meeting requirements',
      'identifies and commissions appropriate support',
      'reviews progress, plans further action and adapts approaches.',
    ]);
  });

  it('list critical items below the threshold as caps on a better rating, worst first', () => {
    const capped = variant(la.id, (fw) => {
      const criterion = fw.sections.flatMap((s) => s.criteria).find((c) => c.id === '1.1');
      if (!criterion) throw new Error('no 1.1');
      criterion.descriptors['some-improvement'] = [{ text: 'Cap at NI', critical: true }];
      criterion.descriptors['significant-improvement'] = ['Not critical', { text: 'Cap at SI', critical: true }];
    });
    const j = judge(
      capped,
      lookup([
        ['la', '1.1', 'primary', 'good'],
        ['la', '1.1', 'secondary', 'some-improvement'],
        ['la', '1.1', 'early-years', 'significant-improvement'],
      ]),
    );
    expect(
      j.reminders.flatMap((r) =>
        r.kind === 'evidence-of-impact'
          ? []
          : [
              [
                r.phase,
                r.kind === 'critical-cap' ? r.cap : r.kind,
                r.kind === 'any-condition' ? [] : r.items.map((i) => i.text),
              ],
            ],
      ),
    ).toEqual([
      ['primary', 'significant-improvement', ['Cap at SI']],
      ['primary', 'some-improvement', ['Cap at NI']],
      ['secondary', 'significant-improvement', ['Cap at SI']],
    ]);
  });
});
