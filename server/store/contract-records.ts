/**
 * Engine-neutral tests of the judgement record; see recordStoreContract.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { LiveReview, contractFramework, frameworkRecord } from './contract.ts';
import type { AuditEntry } from './admin-types.ts';
import type { OpenedStore } from './contract.ts';
import type { Store } from './types.ts';

const fw = contractFramework();
const at = '2026-03-01T10:00:00.000Z';
const later = '2026-03-02T09:30:00.000Z';
const event = (action: string): HistoryEvent => ({
  at,
  userId: 'u1',
  userName: 'Facilitator One',
  criterion: null,
  kind: 'review',
  detail: { action },
});
const audit = (action: AuditEntry['action']): AuditEntry => ({
  at,
  actorId: 'u1',
  actorName: 'Facilitator One',
  action,
  subject: 'r1',
  detail: action,
});
const draft = { status: 'draft', signOffs: [], finalisedAt: null, finalisedBy: null, archivedAt: null } as const;

/**
 * The judgement record (RecordStore) every Store must keep: run by each engine's test file with a
 * factory that opens a fresh, empty store.
 */
export function recordStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`${name}: the judgement record`, () => {
    let opened: OpenedStore;
    let store: Store;
    let live: LiveReview;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
      await store.putFramework(frameworkRecord(fw));
      live = new LiveReview(fw, 'r1');
      await store.createReview(live.record, live.initialState());
      await store.access.createUser({
        id: 'u1',
        email: 'one@example.test',
        name: 'Facilitator One',
        passwordHash: 'x',
        isAdmin: false,
        createdAt: at,
      });
      await store.access.setReviewMember('r1', 'u1', 'facilitator', null);
    });
    afterEach(() => opened.cleanup());

    it('starts as a draft; sign-offs accumulate; finalising adds the finaliser once; reopening clears them', async () => {
      expect(await store.records.state('r1')).toEqual(draft);
      await store.records.setStatus('r1', 'moderation', { ...event('x'), kind: 'status' });
      await store.records.signOff('r1', { userId: 'u2', name: 'Two', at }, event('signed'));
      await store.records.signOff('r1', { userId: 'u1', name: 'One', at }, event('signed'));
      const final = await store.records.finalise('r1', { userId: 'u1', name: 'One', at }, event('final'));
      expect(final).toMatchObject({ status: 'final', finalisedBy: 'u1', finalisedAt: at });
      expect(final.signOffs.map((s) => s.name)).toEqual(['Two', 'One']);
      const reopened = await store.records.reopen('r1', event('reopened'));
      expect(reopened).toEqual({ ...draft, status: 'moderation' });
      expect((await store.records.reviewEvents('r1')).map((e) => e.detail.action)).toEqual([
        'reopened',
        'final',
        'signed',
        'signed',
        'x',
      ]);
    });

    it('moves the status as told, back to draft too, and clears a finalisation when it leaves final', async () => {
      const moderation = await store.records.setStatus('r1', 'moderation', event('moderation'));
      expect(moderation).toEqual({ ...draft, status: 'moderation' });
      expect(await store.records.state('r1')).toEqual(moderation);
      await store.records.finalise('r1', { userId: 'u1', name: 'One', at }, event('final'));
      expect(await store.records.setStatus('r1', 'draft', event('draft'))).toMatchObject({
        status: 'draft',
        finalisedAt: null,
        finalisedBy: null,
      });
    });

    it('withdraws one person’s sign-off and keeps the others', async () => {
      await store.records.signOff('r1', { userId: 'u1', name: 'One', at }, event('signed'));
      await store.records.signOff('r1', { userId: 'u2', name: 'Two', at: later }, event('signed'));
      const after = await store.records.withdrawSignOff('r1', 'u1', event('withdrawn'));
      expect(after.signOffs).toEqual([{ userId: 'u2', name: 'Two', at: later }]);
      expect((await store.records.state('r1'))?.signOffs).toEqual(after.signOffs);
    });

    it('finalising keeps the finaliser’s own earlier sign-off as it was, and signs for one who had not', async () => {
      await store.records.signOff('r1', { userId: 'u1', name: 'One', at }, event('signed'));
      await store.records.signOff('r1', { userId: 'u2', name: 'Two', at: later }, event('signed'));
      const kept = await store.records.finalise('r1', { userId: 'u1', name: 'One again', at: later }, event('final'));
      expect(kept.signOffs).toEqual([
        { userId: 'u1', name: 'One', at },
        { userId: 'u2', name: 'Two', at: later },
      ]);
      await store.records.reopen('r1', event('reopened'));
      await store.records.signOff('r1', { userId: 'u2', name: 'Two', at }, event('signed'));
      const added = await store.records.finalise('r1', { userId: 'u1', name: 'One', at: later }, event('final'));
      expect(added.signOffs).toEqual([
        { userId: 'u2', name: 'Two', at },
        { userId: 'u1', name: 'One', at: later },
      ]);
    });

    it('renames and archives a live review, and brings it out of the archive', async () => {
      await store.records.rename('r1', 'Renamed', { ...event('renamed'), at: later });
      expect(await store.getReview('r1')).toMatchObject({ title: 'Renamed', updatedAt: later });
      expect(await store.records.setArchived('r1', later, event('archived'))).toEqual({ ...draft, archivedAt: later });
      expect((await store.records.state('r1'))?.archivedAt).toBe(later);
      expect(await store.records.setArchived('r1', null, event('unarchived'))).toEqual(draft);
    });

    it('reads the states of several reviews at once, leaving out those it does not have', async () => {
      const other = new LiveReview(fw, 'r2');
      await store.createReview(other.record, other.initialState());
      await store.records.setStatus('r2', 'moderation', event('moderation'));
      const states = await store.records.states(['r1', 'missing', 'r2']);
      expect([...states.entries()].sort(([a], [b]) => a.localeCompare(b))).toEqual([
        ['r1', draft],
        ['r2', { ...draft, status: 'moderation' }],
      ]);
      expect((await store.records.states([])).size).toBe(0);
    });

    it('knows no role for someone who never was a member, and restores only a deleted review', async () => {
      expect(await store.records.roleInAny('r1', 'nobody')).toBeNull();
      await expect(store.records.restore('r1', event('restored'), audit('review.restore'))).rejects.toThrow(
        'no deleted review "r1"',
      );
      // Purging a live review does nothing, so records nothing either; purging a deleted one is audited.
      await store.records.purge('r1', audit('review.purge'));
      expect(await store.admin.auditTrail(5)).toEqual([]);
      await store.records.softDelete('r1', 'u1', at, event('deleted'), audit('review.delete'));
      await store.records.purge('r1', audit('review.purge'));
      expect((await store.admin.auditTrail(5)).map((a) => a.action)).toEqual(['review.purge', 'review.delete']);
    });

    it('hides a deleted review from getReview, the list and every role, and brings it back on restore', async () => {
      await store.records.softDelete('r1', 'u1', at, event('deleted'), audit('review.delete'));
      expect(await store.getReview('r1')).toBeNull();
      expect(await store.listReviews()).toEqual([]);
      expect(await store.access.reviewRole('r1', 'u1')).toBeNull();
      expect(await store.records.state('r1')).toBeNull();
      expect(await store.records.roleInAny('r1', 'u1')).toBe('facilitator');
      expect((await store.records.deletedReviews()).map((r) => [r.id, r.deletedBy])).toEqual([['r1', 'u1']]);
      await expect(store.records.rename('r1', 'x', event('renamed'))).rejects.toThrow('no review "r1"');
      await store.records.restore('r1', event('restored'), audit('review.restore'));
      expect((await store.getReview('r1'))?.title).toBe('Review r1');
      expect(await store.access.reviewRole('r1', 'u1')).toBe('facilitator');
      expect((await store.admin.auditTrail(5)).map((a) => a.action)).toEqual(['review.restore', 'review.delete']);
    });

    it('purges only a deleted review, with everything in it', async () => {
      await store.appendUpdates('r1', live.edits(1, 3), 'u1');
      expect(await store.records.purge('r1', audit('review.purge'))).toBe(false);
      await store.records.softDelete('r1', 'u1', at, event('deleted'), audit('review.delete'));
      expect(await store.records.purge('r1', audit('review.purge'))).toBe(true);
      expect(await store.records.deleted('r1')).toBeNull();
      expect(await store.loadDocument('r1')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await store.history('r1')).toEqual([]);
      expect(await store.access.reviewMembers('r1')).toEqual([]);
    });

    it('creates a review from a bundle whole, or not at all', async () => {
      const copy = new LiveReview(fw, 'r2');
      const round = {
        id: 'round-1',
        reviewId: 'r2',
        criterion: 'c1',
        phase: '-',
        track: 'self',
        status: 'closed' as const,
        autoReveal: true,
        openedBy: 'u1',
        openedAt: at,
        revealedAt: at,
        closedAt: at,
        agreed: 'high',
        votes: [
          { userId: 'u2', name: 'Two', level: 'low', at: '2026-01-01T10:00:02.000Z' },
          { userId: 'u1', name: 'One', level: 'high', at: '2026-01-01T10:00:03.000Z' },
        ],
      };
      const bundle = {
        review: copy.record,
        document: copy.initialState(),
        state: {
          ...draft,
          status: 'final' as const,
          finalisedAt: at,
          finalisedBy: 'u1',
          signOffs: [{ userId: 'u1', name: 'One', at }],
        },
        history: [{ ...event('old'), kind: 'rating' as const, criterion: 'c1' }],
        rounds: [round],
        members: [{ userId: 'u1', role: 'facilitator' as const }],
      };
      await store.records.createFrom(bundle, event('imported'));
      expect(await store.records.state('r2')).toEqual(bundle.state);
      expect((await store.meeting.rounds('r2'))[0]).toEqual(round);
      expect((await store.records.fullHistory('r2')).map((e) => e.detail.action)).toEqual(['old', 'imported']);
      // The same round id again fails half-way through: nothing of the second review is left.
      const again = { ...bundle, review: { ...copy.record, id: 'r3' }, rounds: [{ ...round, reviewId: 'r3' }] };
      await expect(store.records.createFrom(again, event('imported'))).rejects.toThrow();
      expect(await store.getReview('r3')).toBeNull();
      expect(await store.loadDocument('r3')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await store.history('r3')).toEqual([]);
    });
  });
}
