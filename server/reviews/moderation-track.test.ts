import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ratingKey, textKey } from '../../shared/review/keys.ts';
import { MODERATION_TRACK } from '../../shared/review/moderation.ts';
import { Root } from '../../shared/review/roots.ts';
import { alice, phasedFramework, plainFramework, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import type { Rooms } from '../collab/rooms.ts';
import { frameworkRecord } from '../store/contract.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { ModerationTrackError, addModerationTrack } from './moderation-track.ts';

const AT = '2026-03-02T09:00:00.000Z';
let store: SqliteStore;
/** Each change asked of the rooms, with the reason the review's sockets are given. */
let exclusive: { reviewId: string; reason: string }[];
const rooms = {
  exclusive: <T>(reviewId: string, reason: string, change: () => Promise<T>): Promise<T> => {
    exclusive.push({ reviewId, reason });
    return change();
  },
} as Pick<Rooms, 'exclusive'> as Rooms;

beforeEach(async () => {
  store = new SqliteStore(':memory:');
  exclusive = [];
  await store.putFramework(frameworkRecord(plainFramework));
  const doc = skeletonDoc(plainFramework);
  await store.createReview(
    {
      id: 'review-1',
      workspaceId: null,
      title: 'Plain',
      frameworkId: 'plain',
      frameworkVersion: 1,
      createdAt: AT,
      updatedAt: AT,
    },
    Y.encodeStateAsUpdate(doc),
  );
});
afterEach(async () => {
  await store.close();
});

/** The stored review, snapshot and updates applied. */
async function stored(): Promise<Y.Doc> {
  const { snapshot, updates } = await store.loadDocument('review-1');
  const doc = new Y.Doc();
  for (const u of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, u);
  return doc;
}

describe('adding a moderation track later', () => {
  it('writes its focus and evidence texts for every criterion, while no room holds the review', async () => {
    await addModerationTrack(store, rooms, 'review-1', plainFramework, alice);
    expect(exclusive).toEqual([{ reviewId: 'review-1', reason: 'a moderation track is being added; reconnecting' }]);
    const doc = await stored();
    expect(doc.getMap(Root.meta).get('moderationTrack')).toBe(true);
    expect(doc.getMap(Root.meta).get('title')).toBe(`Review of ${plainFramework.id}`);
    for (const criterion of ['k1', 'k2'])
      for (const root of [Root.focus, Root.evidence]) {
        expect(doc.getMap(root).get(textKey(MODERATION_TRACK.id, criterion))).toBeInstanceOf(Y.Text);
        expect(doc.getMap(root).get(textKey('self', criterion))).toBeInstanceOf(Y.Text);
      }
  });

  it('keeps what the review held, whether stored as a snapshot, updates or both', async () => {
    const doc = await stored();
    const sv = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set(ratingKey('self', 'k1'), 'a');
    await store.appendUpdates('review-1', [Y.encodeStateAsUpdate(doc, sv)], alice.id);
    await store.compact('review-1', Y.encodeStateAsUpdate(doc), await store.pendingUpdates('review-1'));
    const sv2 = Y.encodeStateVector(doc);
    doc.getMap(Root.ratings).set(ratingKey('self', 'k2'), 'b');
    await store.appendUpdates('review-1', [Y.encodeStateAsUpdate(doc, sv2)], alice.id);
    expect((await store.loadDocument('review-1')).snapshot).not.toBeNull();

    await addModerationTrack(store, rooms, 'review-1', plainFramework, alice);
    const after = await stored();
    expect(after.getMap(Root.ratings).toJSON()).toEqual({
      [ratingKey('self', 'k1')]: 'a',
      [ratingKey('self', 'k2')]: 'b',
    });
    expect(after.getMap(Root.meta).get('moderationTrack')).toBe(true);
  });

  it('refuses a second moderation track, changing nothing', async () => {
    await addModerationTrack(store, rooms, 'review-1', plainFramework, alice);
    const before = (await store.loadDocument('review-1')).updates.length;
    await expect(addModerationTrack(store, rooms, 'review-1', plainFramework, alice)).rejects.toThrow(
      new ModerationTrackError('this review already has a moderation track'),
    );
    expect((await store.loadDocument('review-1')).updates).toHaveLength(before);
  });

  it('refuses a framework whose second track is already the moderator’s, without closing the room', async () => {
    const attempt = addModerationTrack(store, rooms, 'review-1', phasedFramework, alice);
    await expect(attempt).rejects.toBeInstanceOf(ModerationTrackError);
    await expect(attempt).rejects.toThrow('this framework already has two tracks; its second is the moderator’s');
    expect(exclusive).toEqual([]);
  });
});
