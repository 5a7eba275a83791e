/** The Store contract for frozen snapshots, chains of terms, live summaries and workspace overviews. */
import { describe, expect, it } from 'vitest';
import type { RatingSummary } from '../../shared/cycles/figures.ts';
import type { FrozenSnapshotWithState } from './cycles-types.ts';
import type { Store } from './types.ts';

const summaryOf = (level: string): RatingSummary => ({ ratings: { 'self/c1/-': level }, agreed: {} });

/** `review(id, workspaceId)` creates a review; `edit(id, count)` appends that many updates to it. */
export function cyclesContract(
  store: () => Store,
  review: (id: string, workspaceId?: string | null) => Promise<void>,
  edit: (id: string, count: number) => Promise<number>,
): void {
  const frozen = (id: string, reviewId: string, createdAt: string, status?: string): FrozenSnapshotWithState => ({
    id,
    reviewId,
    label: `Label ${id}`,
    meta: { frameworkId: 'contract-fw', frameworkVersion: 1, title: reviewId, ...(status ? { status } : {}) },
    createdBy: 'ann',
    createdByName: 'Ann',
    createdAt,
    state: new Uint8Array([1, 2, 3, id.length]),
    summary: summaryOf(id),
  });
  const listed = ({ state: _s, summary: _m, ...rest }: FrozenSnapshotWithState) => rest;

  describe('cycles', () => {
    it('keeps snapshots exactly as taken, in the order taken, and reports the latest final one first', async () => {
      const s = store();
      await review('r1');
      await review('r2');
      const a = frozen('a', 'r1', '2024-01-01T00:00:00.000Z', 'final');
      const b = frozen('b', 'r1', '2024-02-01T00:00:00.000Z', 'final');
      const c = frozen('c', 'r1', '2024-03-01T00:00:00.000Z', 'draft');
      for (const x of [b, a, c]) await s.cycles.putSnapshot(x);
      expect(await s.cycles.snapshots('r1')).toEqual([listed(a), listed(b), listed(c)]);
      expect(await s.cycles.snapshot('a')).toEqual(a);
      expect(await s.cycles.snapshot('none')).toBeNull();
      expect(await s.cycles.reportedSnapshot('r1')).toEqual(b);
      expect(await s.cycles.reportedSnapshot('r2')).toBeNull();
      // Without a final one, the latest is reported.
      const d = frozen('d', 'r2', '2024-01-01T00:00:00.000Z');
      const e = frozen('e', 'r2', '2024-02-01T00:00:00.000Z', 'draft');
      await s.cycles.putSnapshot(e);
      await s.cycles.putSnapshot(d);
      expect(await s.cycles.reportedSnapshot('r2')).toEqual(e);
      expect(await s.cycles.snapshots('r9')).toEqual([]);
    });

    it('links a review to the term before it, and finds the terms after one', async () => {
      const s = store();
      for (const id of ['spring', 'summer', 'summer-2', 'first']) await review(id);
      await s.cycles.link({ reviewId: 'first', previousReviewId: null, carriedFocus: false, createdAt: '2024-01-01' });
      await s.cycles.link({
        reviewId: 'summer',
        previousReviewId: 'spring',
        carriedFocus: true,
        createdAt: '2024-02-01',
      });
      await s.cycles.link({
        reviewId: 'summer-2',
        previousReviewId: 'spring',
        carriedFocus: false,
        createdAt: '2024-03-01',
      });
      expect(await s.cycles.linkOf('summer')).toEqual({
        reviewId: 'summer',
        previousReviewId: 'spring',
        carriedFocus: true,
        createdAt: '2024-02-01',
      });
      expect(await s.cycles.linkOf('first')).toEqual({
        reviewId: 'first',
        previousReviewId: null,
        carriedFocus: false,
        createdAt: '2024-01-01',
      });
      expect(await s.cycles.linkOf('spring')).toBeNull();
      expect(await s.cycles.nextOf('spring')).toEqual(['summer', 'summer-2']);
      expect(await s.cycles.nextOf('summer')).toEqual([]);
    });

    it('keeps one live summary per review, the newest replacing the older', async () => {
      const s = store();
      await review('r1');
      expect(await s.cycles.summary('r1')).toBeNull();
      await s.cycles.putSummary('r1', 3, summaryOf('low'));
      await s.cycles.putSummary('r1', 5, summaryOf('high'));
      expect(await s.cycles.summary('r1')).toEqual({ summary: summaryOf('high'), uptoSeq: 5 });
    });

    it('knows a review’s log position through appends and compaction', async () => {
      const s = store();
      await review('r1');
      expect(await s.cycles.seqOf('r1')).toBe(0);
      expect(await s.cycles.seqOf('none')).toBe(0);
      const seq = await edit('r1', 3);
      expect(await s.cycles.seqOf('r1')).toBe(seq);
      const snapshot = (await s.loadDocument('r1')).snapshot!;
      await s.compact('r1', snapshot, seq);
      expect(await s.cycles.seqOf('r1')).toBe(seq);
    });

    it('pages a workspace’s reviews in id order with the asker’s role, chain, live summary and reported snapshot', async () => {
      const s = store();
      await s.access.createWorkspace('w1', 'North');
      await s.access.createWorkspace('w2', 'South');
      await s.access.createUser({
        id: 'ann',
        email: 'ann@example.test',
        name: 'Ann',
        isAdmin: false,
        createdAt: '2024-01-01',
        passwordHash: 'h',
      });
      for (const id of ['c', 'a', 'b']) await review(id, 'w1');
      await review('elsewhere', 'w2');
      await s.access.setReviewMember('b', 'ann', 'editor', null);
      await s.cycles.link({ reviewId: 'b', previousReviewId: 'a', carriedFocus: false, createdAt: '2024-01-01' });
      await edit('b', 2);
      await s.cycles.putSummary('b', 1, summaryOf('low'));
      await s.cycles.putSnapshot(frozen('b-final', 'b', '2024-01-01T00:00:00.000Z', 'final'));
      await s.cycles.putSnapshot(frozen('b-later', 'b', '2024-02-01T00:00:00.000Z'));
      await s.cycles.putSnapshot(frozen('c-1', 'c', '2024-01-01T00:00:00.000Z'));
      await s.cycles.putSnapshot(frozen('c-2', 'c', '2024-02-01T00:00:00.000Z'));
      await s.cycles.putSnapshot(frozen('x', 'elsewhere', '2024-01-01T00:00:00.000Z'));

      const snapshots = await s.cycles.overviewSnapshots('w1');
      expect([...snapshots.keys()].sort()).toEqual(['b', 'c']);
      const bFinal = frozen('b-final', 'b', '2024-01-01T00:00:00.000Z', 'final');
      expect(snapshots.get('b')).toEqual({
        id: 'b-final',
        label: 'Label b-final',
        createdAt: '2024-01-01T00:00:00.000Z',
        summary: JSON.stringify(bFinal.summary),
        meta: JSON.stringify(bFinal.meta),
      });
      expect(snapshots.get('c')?.id).toBe('c-2');

      const page = await s.cycles.overviewRows('w1', 'ann', { after: '', limit: 2, snapshots });
      expect(page.map((r) => r.reviewId)).toEqual(['a', 'b']);
      const [a, b] = page;
      expect(a).toMatchObject({ role: null, previousReviewId: null, live: null, seq: 0, snapshot: null });
      expect(a?.frameworkId).toBe('contract-fw');
      expect(b).toMatchObject({
        role: 'editor',
        previousReviewId: 'a',
        live: { summary: JSON.stringify(summaryOf('low')), uptoSeq: 1 },
        seq: 2,
        snapshot: snapshots.get('b'),
      });
      const rest = await s.cycles.overviewRows('w1', 'ann', { after: 'b', limit: 2, snapshots });
      expect(rest.map((r) => [r.reviewId, r.title, r.frameworkVersion, r.snapshot?.id])).toEqual([
        ['c', 'Review c', 1, 'c-2'],
      ]);
      expect(typeof rest[0]?.updatedAt).toBe('string');
    });
  });
}
