/** The Store contract for committing a batch: its updates and the history recorded with them, at once. */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../shared/review/history.ts';
import type { LiveReview } from './contract.ts';
import type { Store } from './types.ts';

const rating = (n: number, criterion: string | null = 'c1'): HistoryEvent => ({
  at: `2026-03-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  userId: n % 3 === 0 ? null : `u${n}`,
  userName: n % 3 === 0 ? null : `Person ${n}`,
  criterion,
  kind: 'rating',
  detail: { track: 'self', phase: '-', from: n % 2 ? null : 'low', to: `level ${n}` },
});

/** `created(id)` creates a review and gives its live document, for edits. */
export function logContract(store: () => Store, created: (id: string) => Promise<LiveReview>): void {
  describe('committing a batch', () => {
    it('stores a batch’s history in the order given, numbered with its last update, among later events', async () => {
      const s = store();
      const live = await created('r1');
      // More events than fit one multi-row statement, some review-wide, some with no author.
      const first = Array.from({ length: 70 }, (_, i) => rating(i, i % 10 === 9 ? null : `c${(i % 2) + 1}`));
      expect(await s.appendUpdates('r1', live.edits(1, 3), 'u1', first)).toBe(3);
      const second = [rating(100), rating(101, 'c2')];
      expect(await s.appendUpdates('r1', live.edits(4, 1), 'u1', second)).toBe(4);
      const renamed: HistoryEvent = { ...rating(200, null), kind: 'review', detail: { action: 'renamed' } };
      await s.records.rename('r1', 'Renamed', renamed);
      const all = [...first, ...second, renamed];
      expect(await s.records.fullHistory('r1')).toEqual(all);
      expect(await s.history('r1')).toEqual([...all].reverse());
      expect(await s.history('r1', 'c2', 5)).toEqual(
        all
          .filter((e) => e.criterion === 'c2')
          .reverse()
          .slice(0, 5),
      );
      expect((await s.loadDocument('r1')).updates).toHaveLength(4);
    });

    it('stores history with no update at the log’s position, and an empty batch changes nothing', async () => {
      const s = store();
      const live = await created('r1');
      await s.appendUpdates('r1', live.edits(1, 2));
      expect(await s.appendUpdates('r1', [], 'u1', [rating(1)])).toBe(2);
      expect(await s.appendUpdates('r1', [])).toBe(2);
      expect(await s.pendingUpdates('r1')).toBe(2);
      expect(await s.appendUpdates('r1', live.edits(3, 1), 'u1', [rating(2)])).toBe(3);
      expect(await s.records.fullHistory('r1')).toEqual([rating(1), rating(2)]);
    });

    it('stores a batch whole or not at all: a refused event leaves no update and no gap', async () => {
      const s = store();
      const live = await created('r1');
      await s.appendUpdates('r1', live.edits(1, 1), 'u1', [rating(1)]);
      const refused = { ...rating(2), kind: null } as unknown as HistoryEvent;
      await expect(s.appendUpdates('r1', live.edits(2, 2), 'u1', [rating(3), refused])).rejects.toThrow();
      const stored = await s.loadDocument('r1');
      expect(stored.lastSeq).toBe(1);
      expect(stored.updates).toHaveLength(1);
      expect(await s.records.fullHistory('r1')).toEqual([rating(1)]);
      expect(await s.appendUpdates('r1', live.edits(4, 1))).toBe(2);
    });

    it('reads the log up to a sequence number: the snapshot and the updates after it to that number', async () => {
      const s = store();
      const live = await created('r1');
      await s.appendUpdates('r1', live.edits(1, 2));
      await s.appendUpdates('r1', live.edits(3, 3));
      const whole = await s.loadDocument('r1');
      expect(whole.lastSeq).toBe(5);
      const upTo3 = await s.loadDocument('r1', 3);
      expect(upTo3).toEqual({ snapshot: whole.snapshot, updates: whole.updates.slice(0, 3), lastSeq: 3 });
      expect(await s.loadDocument('r1', 99)).toEqual(whole);
      await s.compact('r1', live.initialState(), 4);
      // Past the snapshot already: the snapshot alone, at its own number.
      const below = await s.loadDocument('r1', 2);
      expect(below.updates).toEqual([]);
      expect(below.lastSeq).toBe(4);
      expect((await s.loadDocument('r1', 5)).updates).toEqual(whole.updates.slice(4));
    });

    it('refuses updates for a review it does not have', async () => {
      const s = store();
      const live = await created('r1');
      await expect(s.appendUpdates('none', live.edits(1, 1), null, [rating(1)])).rejects.toThrow();
      expect(await s.history('none')).toEqual([]);
    });
  });
}
