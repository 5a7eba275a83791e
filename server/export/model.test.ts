import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../frameworks/files.ts';
import { ReviewDoc } from '../../shared/review/accessors.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import { buildExportModel, fileName, ratingText, ratingValue, sectionName, type ExportSource } from './model.ts';

const la = await readFrameworkFile(new URL('../../frameworks/ns-la-quality-standards.yaml', import.meta.url).pathname);

function source(history: HistoryEvent[], fill: (r: ReviewDoc) => void = () => {}): ExportSource {
  const doc = new Y.Doc();
  const createdAt = '2026-03-01T10:00:00.000Z';
  buildSkeleton(doc, la, { reviewId: 'r1', frameworkId: la.id, frameworkVersion: la.version, title: 'LA', createdAt });
  fill(new ReviewDoc(doc, la));
  return {
    framework: la,
    review: { id: 'r1', title: 'County LA: self-evaluation / 2026', createdAt, updatedAt: createdAt },
    document: { snapshot: Y.encodeStateAsUpdate(doc), updates: [] },
    people: [],
    history,
    exportedAt: createdAt,
    exportedBy: 'A. Khan',
  };
}

const event = (e: Partial<HistoryEvent> & Pick<HistoryEvent, 'kind' | 'at' | 'userName'>): HistoryEvent => ({
  userId: 'u',
  criterion: '1.1',
  detail: {},
  ...e,
});

describe('the export model', () => {
  it("takes each row's last change from the events that concern it: its track and phase, the criterion's agreed rating, lock and evidence", () => {
    const model = buildExportModel(
      source([
        event({
          kind: 'rating',
          at: '2026-03-02T09:00:00Z',
          userName: 'LA primary',
          detail: { track: 'la', phase: 'primary' },
        }),
        event({
          kind: 'rating',
          at: '2026-03-02T10:00:00Z',
          userName: 'NS primary',
          detail: { track: 'ns', phase: 'primary' },
        }),
        event({ kind: 'focus', at: '2026-03-02T11:00:00Z', userName: 'LA focus', detail: { track: 'la' } }),
        event({
          kind: 'agreed',
          at: '2026-03-02T12:00:00Z',
          userName: 'Agreed secondary',
          detail: { phase: 'secondary' },
        }),
        event({ kind: 'comment', at: '2026-03-02T13:00:00Z', userName: 'Commenter' }),
      ]),
    );
    const row = (track: string, phase: string) =>
      model.rows.find((r) => r.criterionId === '1.1' && r.track === track && r.phase === phase)!;
    expect(row('la', 'primary')).toMatchObject({ lastChangedBy: 'LA focus', lastChangedAt: '2026-03-02T11:00:00Z' });
    expect(row('ns', 'primary')).toMatchObject({ lastChangedBy: 'NS primary' });
    expect(row('la', 'secondary')).toMatchObject({ lastChangedBy: 'Agreed secondary' });
    expect(row('ns', 'early-years')).toMatchObject({ lastChangedBy: null, lastChangedAt: null });
  });

  it('resolves ratings into the source’s labels and codes, N/A included', () => {
    const model = buildExportModel(
      source([], (r) => {
        r.setRating('la', '1.1', 'primary', 'good');
        r.setRating('ns', '1.1', 'primary', 'n/a');
        r.setAgreed('1.1', 'primary', 'outstanding');
      }),
    );
    const primary = model.rows.filter((r) => r.criterionId === '1.1' && r.phase === 'primary');
    expect(primary.map((r) => [r.trackLabel, r.phaseLabel, ratingText(r.rating), ratingText(r.agreed)])).toEqual([
      ['LA self-evaluation', 'Primary', 'Good (G)', 'Outstanding (OS)'],
      ['National Strategies view', 'Primary', 'Not applicable (N/A)', 'Outstanding (OS)'],
    ]);
    expect(ratingValue(la, 'some-improvement')?.rag).toBe('amber');
    expect(ratingText(null)).toBe('Not rated');
  });

  it('names sections and files as people read them', () => {
    expect(sectionName(la.sections[0]!)).toBe(la.sections[0]!.title);
    expect(sectionName({ id: 's', code: '2', title: 'Quality first provision', criteria: [] })).toBe(
      '2 Quality first provision',
    );
    const model = buildExportModel(source([]));
    expect(fileName(model, 'pdf')).toBe('County-LA-self-evaluation-2026.pdf');
    expect(fileName({ review: { ...model.review, title: '***' } }, 'csv')).toBe('review.csv');
  });
});
