import { describe, expect, it } from 'vitest';
import { ReviewDoc } from './accessors.ts';
import { withModerationTrack } from './moderation.ts';
import { bestFitRows, moderationReport } from './report.ts';
import { alice, builtInFrameworks, skeletonDoc } from './test-fixtures.ts';

const fw = new Map(builtInFrameworks().map((f) => [f.id, f]));

describe('reports for the exports', () => {
  it('gives the suggested best fit and its reasons beside each rating with marks', () => {
    const ns = fw.get('ns-la-quality-standards')!;
    const review = new ReviewDoc(skeletonDoc(ns), ns);
    for (let i = 0; i < 12; i++) if (i !== 2) review.setMark('la', '2.5', `level:good:${i}`, alice, 'evidenced');
    review.setRating('la', '2.5', 'primary', 'good');
    const rows = bestFitRows(review);
    expect(rows.map((r) => [r.track, r.criterion, r.phase])).toEqual([
      ['la', '2.5', 'early-years'],
      ['la', '2.5', 'primary'],
      ['la', '2.5', 'secondary'],
    ]);
    expect(rows[1]).toEqual({
      track: 'la',
      criterion: '2.5',
      phase: 'primary',
      suggested: 'some-improvement',
      rating: 'good',
      differs: true,
      reasons:
        "Good: 11 of 12 statements evidenced; critical 'timely' not evidenced → capped at Requires some improvement",
    });
    expect(rows[0]!.differs).toBe(false);
  });

  it('gives each criterion’s moderation outcome, recorded or by default, and the statement', () => {
    const pmqs = withModerationTrack(fw.get('pmqs-3')!);
    const review = new ReviewDoc(skeletonDoc(pmqs), pmqs);
    review.setRating('self', '1.1', '-', 'established');
    review.setRating('moderation', '1.1', '-', 'established');
    review.setRating('self', '1.2', '-', 'enhancing');
    review.setRating('moderation', '1.2', '-', 'developing');
    review.setModeration('1.2', '-', alice, 'self-stands', 'Case studies show impact');
    review.moderationStatement().insert(0, 'Moderated in July.');
    const report = moderationReport(review)!;
    expect(report.selfTrack).toBe('self');
    expect(report.moderatorTrack).toBe('moderation');
    expect(report.statement).toBe('Moderated in July.');
    expect(report.rows[0]).toMatchObject({ criterion: '1.1', outcome: 'agreed', byDefault: true });
    expect(report.rows[1]).toMatchObject({
      criterion: '1.2',
      self: 'enhancing',
      moderator: 'developing',
      outcome: 'self-stands',
      byDefault: false,
      reason: 'Case studies show impact',
      byName: 'Alice',
    });
    expect(report.rows[2]).toMatchObject({ criterion: '1.3', outcome: null, byDefault: false });
    expect(moderationReport(new ReviewDoc(skeletonDoc(fw.get('pmqs-3')!), fw.get('pmqs-3')!))).toBeNull();
  });
});
