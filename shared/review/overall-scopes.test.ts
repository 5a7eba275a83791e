import { describe, expect, it } from 'vitest';
import type { Framework } from '../framework/schema.ts';
import { ReviewDoc } from './accessors.ts';
import { overallDefinition } from './overall-scopes.ts';
import { alice, bob, builtInFrameworks, skeletonDoc } from './test-fixtures.ts';

const byId = (id: string): Framework => {
  const fw = builtInFrameworks().find((f) => f.id === id);
  if (!fw) throw new Error(`no built-in ${id}`);
  return fw;
};
const reviewOf = (id: string): ReviewDoc => {
  const fw = byId(id);
  return new ReviewDoc(skeletonDoc(fw), fw);
};
const suggestion = (review: ReviewDoc, track: string, scope: string) =>
  review.suggestedOveralls().find((s) => s.track === track && s.scope === scope);

describe('the overalls each framework asks for', () => {
  it('B&A: per section and for the partnership', () => {
    const def = overallDefinition(byId('ba-partnership-sef'));
    expect(def.scopes.map((s) => [s.id, s.label])).toEqual([
      ['section:s1', '1 Leadership and management of partnerships'],
      ['section:s2', expect.stringMatching(/^2 /)],
      ['section:s3', expect.stringMatching(/^3 /)],
      ['section:s4', expect.stringMatching(/^4 /)],
      ['all', 'Overall'],
    ]);
    expect(def.checkLists).toEqual([]);
  });

  it('PMQS: per focus area and overall', () => {
    const def = overallDefinition(byId('pmqs-3'));
    expect(def.scopes.map((s) => s.id)).toEqual(['section:fa1', 'section:fa2', 'section:fa3', 'section:fa4', 'all']);
  });

  it('Leicestershire: per strand and overall, with the inadequate-if-any conditions tickable', () => {
    const def = overallDefinition(byId('leicestershire-behaviour-qa'));
    expect(def.scopes.map((s) => s.id)).toEqual([
      'section:strand-1',
      'section:strand-2',
      'section:strand-3',
      'section:strand-4',
      'section:strand-5',
      'all',
    ]);
    expect(def.checkLists.map((l) => [l.kind, l.level, l.criteria, l.items.length])).toEqual([
      ['condition', 'inadequate', ['1'], 4],
      ['condition', 'inadequate', ['3'], 5],
      ['condition', 'inadequate', ['4'], 5],
    ]);
  });

  it('LA standards: per phase in each RAG group, and each group across phases', () => {
    const def = overallDefinition(byId('ns-la-quality-standards'));
    expect(def.scopes.map((s) => s.id)).toEqual([
      'group:rag-1@early-years',
      'group:rag-1@primary',
      'group:rag-1@secondary',
      'group:rag-1',
      'group:rag-2@early-years',
      'group:rag-2@primary',
      'group:rag-2@secondary',
      'group:rag-2',
    ]);
    expect(def.scopes[1]?.label).toBe('Impact of the LA on raising standards and improving progress: Primary');
  });

  it('Milton Keynes: the category, with the Appendix 1 triggers by type of school', () => {
    const def = overallDefinition(byId('milton-keynes-sif'));
    expect(def.scopes.map((s) => [s.id, s.label])).toEqual([['all', 'Category']]);
    expect(def.schoolTypes.map((t) => t.id)).toEqual(['primary', 'secondary', 'special']);
    expect(def.checkLists.map((l) => [l.title, l.level, l.schoolTypes, l.items.length])).toEqual([
      ['All schools', 'la4a', ['primary', 'secondary', 'special'], 16],
      ['All mainstream schools', 'la4a', ['primary', 'secondary'], 3],
      ['Primary/Infant schools', 'la4a', ['primary'], 2],
      ['Secondary schools', 'la4a', ['secondary'], 2],
      ['Special schools', 'la4a', ['special'], 1],
    ]);
    const ids = def.checkLists.flatMap((l) => l.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('suggested overalls say why', () => {
  it('Milton Keynes: the SIP’s ratings, then the ticked triggers for the school’s type', () => {
    const review = reviewOf('milton-keynes-sif');
    review.setRating('sip', 'level-of-need', '-', 'la3');
    review.setRating('sip', 'indicators', '-', 'la2');
    review.setRating('sip', 'capacity', '-', 'la3');
    let s = suggestion(review, 'sip', 'all');
    expect(s).toMatchObject({ rated: 3, fromRatings: 'la3', suggested: 'la3' });
    expect(s?.reasons[0]).toBe('The middle of 3 judgements (LA2 Good ×1, LA3 Satisfactory ×2): LA3 Satisfactory.');
    expect(s?.reasons[1]).toMatch(/Choose the school's type/);

    const primaryOnly = review.overallDefinition.checkLists.find((l) => l.title === 'Primary/Infant schools')!;
    review.setTicked('trigger', primaryOnly.items[1]!.id, alice, true);
    // Until the school's type is known, only the triggers for all schools count.
    expect(suggestion(review, 'sip', 'all')?.suggested).toBe('la3');
    review.setSchoolType('primary', alice);
    s = suggestion(review, 'sip', 'all');
    expect(s?.suggested).toBe('la4a');
    expect(s?.fromRatings).toBe('la3');
    expect(s?.reasons).toContain('1 trigger ticked for a primary or infant school (Appendix 1) point to LA4a At risk.');
    review.setSchoolType('secondary', alice);
    expect(suggestion(review, 'sip', 'all')?.suggested).toBe('la3');
    // Nothing rated on the school's track, yet a trigger for every school still points somewhere.
    const all = review.overallDefinition.checkLists.find((l) => l.title === 'All schools')!;
    review.setTicked('trigger', all.items[0]!.id, bob, true);
    expect(suggestion(review, 'school', 'all')).toMatchObject({ rated: 0, fromRatings: null, suggested: 'la4a' });
  });

  it('Leicestershire: a ticked condition makes its strand no better than inadequate', () => {
    const review = reviewOf('leicestershire-behaviour-qa');
    review.setRating('self', '1', '-', 'good');
    review.setRating('self', '3', '-', 'outstanding');
    review.setRating('self', '4', '-', 'good');
    expect(suggestion(review, 'self', 'section:strand-1')?.suggested).toBe('good');
    review.setTicked('condition', 'r1.0', alice, true);
    const strand = suggestion(review, 'self', 'section:strand-1');
    expect(strand).toMatchObject({ fromRatings: 'good', suggested: 'inadequate' });
    expect(strand?.reasons).toEqual([
      'The middle of 1 judgement (2 Good ×1): 2 Good.',
      '1 Attendance of pupils: 1 condition ticked under "Attendance is likely to be judged inadequate if any of the following apply." — no better than 4 Inadequate.',
      'With what is ticked applied: 4 Inadequate.',
    ]);
    // Nothing rated in strand 4, yet a ticked condition decides it.
    review.setRating('self', '4', '-', null);
    review.setTicked('condition', 'r3.1', alice, true);
    expect(suggestion(review, 'self', 'section:strand-4')).toMatchObject({
      fromRatings: null,
      suggested: 'inadequate',
    });
    review.setTicked('condition', 'r3.1', alice, false);
    review.setRating('self', '4', '-', 'good');
    expect(suggestion(review, 'self', 'section:strand-3')?.suggested).toBe('outstanding');
    // Overall: inadequate, good, outstanding → the middle one.
    expect(suggestion(review, 'self', 'all')?.suggested).toBe('good');
  });

  it('LA standards: per phase and group, with the critical criteria to check', () => {
    const review = reviewOf('ns-la-quality-standards');
    const section = review.framework.sections.find((sec) =>
      sec.criteria.some((c) => (c.descriptors.good ?? []).some((i) => typeof i !== 'string' && i.critical)),
    )!;
    const rated = section.criteria
      .filter((c) => !c.pending && (c.phases ?? ['primary']).includes('primary'))
      .slice(0, 3);
    for (const c of rated) review.setRating('ns', c.id, 'primary', 'good');
    const s = suggestion(review, 'ns', `group:${section.id}@primary`);
    expect(s).toMatchObject({ rated: rated.length, suggested: 'good' });
    expect(s?.reasons.join(' ')).toMatch(/rests? on critical criteria: each is a minimum/);
    expect(suggestion(review, 'ns', `group:${section.id}@secondary`)?.suggested).toBeNull();
    expect(suggestion(review, 'ns', `group:${section.id}`)?.suggested).toBe('good');
    expect(suggestion(review, 'la', `group:${section.id}`)?.reasons).toEqual(['Nothing rated yet in this part.']);

    // A minimum of Good not met: that criterion is no better than the level below Good.
    const minimum = review.overallDefinition.critical.find(
      (c) =>
        c.role === 'minimum' && c.level === 'good' && c.phase === 'primary' && rated.some((r) => r.id === c.criterion),
    )!;
    expect(minimum.cap).toBe('some-improvement');
    review.setTicked('critical', minimum.id, alice, true);
    const after = suggestion(review, 'ns', `group:${section.id}@primary`);
    expect(after?.reasons.join(' ')).toContain(`(Primary): a critical criterion of G Good is not met — no better than`);
    if (rated.length === 1) expect(after?.suggested).toBe('some-improvement');
    // In another phase it changes nothing.
    expect(suggestion(review, 'ns', `group:${section.id}@secondary`)?.suggested).toBeNull();
  });

  it('lists every overall with its suggestion and what was recorded, for exports', () => {
    const review = reviewOf('ba-partnership-sef');
    review.setRating('self', review.framework.sections[0]!.criteria[0]!.id, '-', 'established');
    review.recordOverall('self', 'all', alice, {
      level: 'developed',
      rationale: '  Early days across the partnership. ',
    });
    const rows = review.overallJudgements();
    expect(rows.map((r) => r.scopeLabel)).toHaveLength(5);
    const all = rows.find((r) => r.scope === 'all');
    expect(all).toMatchObject({
      trackLabel: 'Self-evaluation',
      scopeLabel: 'Overall',
      suggested: 'established',
      recorded: { level: 'developed', rationale: 'Early days across the partnership.', by: alice.id, byName: 'Alice' },
    });
    expect(() => review.recordOverall('self', 'all', alice, { level: 'developed', rationale: ' ' })).toThrow(
      /rationale/,
    );
    expect(() => review.recordOverall('self', 'nowhere', alice, null)).toThrow(/no overall "self\/nowhere"/);
  });
});

describe('the action plan accessors', () => {
  it('nests activities under their priority, in order, and keeps actions without one', () => {
    const review = reviewOf('milton-keynes-sif');
    const p = review.addPriority({ title: 'Improve attendance', howOften: 'Half-termly' }, alice);
    review.addAction({ what: 'Stand-alone action', criterion: 'capacity' }, bob);
    review.addAction({ what: 'First visit', priority: p.id, due: '2026-02-01' }, alice);
    review.addAction({ what: 'Second visit', priority: p.id }, bob);
    const plan = review.actionPlan();
    expect(plan.priorities.map((x) => [x.priority.title, x.actions.map((a) => a.what)])).toEqual([
      ['Improve attendance', ['First visit', 'Second visit']],
    ]);
    expect(plan.actions.map((a) => [a.what, a.criterion])).toEqual([['Stand-alone action', 'capacity']]);
    expect(() => review.addAction({ what: 'x', due: '1 May' }, bob)).toThrow();

    const second = plan.priorities[0]!.actions[1]!;
    review.updateActionEntry(second.id, { rag: 'red', due: '2026-03-01' }, alice);
    expect(review.actionEntries().find((e) => e.id === second.id)).toMatchObject({
      rag: 'red',
      due: '2026-03-01',
      by: bob.id,
      editedBy: alice.id,
    });
    review.updateActionEntry(second.id, { rag: undefined }, alice);
    expect(review.actionEntries().find((e) => e.id === second.id)).not.toHaveProperty('rag');

    // Alice removes the priority: her activity goes with it, Bob's stays, without a priority.
    review.removeActionEntry(p.id, alice, (e) => e.by === alice.id);
    expect(review.actionPlan()).toMatchObject({ priorities: [] });
    expect(review.actionPlan().actions.map((a) => a.what)).toEqual(['Stand-alone action', 'Second visit']);
  });
});
