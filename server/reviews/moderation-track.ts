import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import type { Author } from '../../shared/review/entities.ts';
import { textKey } from '../../shared/review/keys.ts';
import { MODERATION_TRACK } from '../../shared/review/moderation.ts';
import { Root, defineRoots } from '../../shared/review/roots.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { Store } from '../store/types.ts';

export class ModerationTrackError extends Error {}

/**
 * Give a review of a one-track framework its moderation track, later: the same structure the
 * skeleton builds at creation, written by the server while no room holds the review.
 */
export async function addModerationTrack(
  store: Store,
  rooms: Rooms,
  reviewId: string,
  framework: Framework,
  by: Author,
): Promise<void> {
  if (framework.tracks.length > 1)
    throw new ModerationTrackError('this framework already has two tracks; its second is the moderator’s');
  await rooms.exclusive(reviewId, 'a moderation track is being added; reconnecting', async () => {
    const stored = await store.loadDocument(reviewId);
    // Local to the call, with no observers or subdocuments: nothing to destroy afterwards.
    const doc = new Y.Doc();
    defineRoots(doc);
    for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates)
      Y.applyUpdate(doc, update);
    const meta = doc.getMap(Root.meta);
    if (meta.get('moderationTrack') === true)
      throw new ModerationTrackError('this review already has a moderation track');
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      const focus = doc.getMap<Y.Text>(Root.focus);
      const evidence = doc.getMap<Y.Text>(Root.evidence);
      for (const section of framework.sections)
        for (const criterion of section.criteria) {
          const key = textKey(MODERATION_TRACK.id, criterion.id);
          focus.set(key, new Y.Text());
          evidence.set(key, new Y.Text());
        }
      meta.set('moderationTrack', true);
    });
    await store.appendUpdates(reviewId, [Y.encodeStateAsUpdate(doc, before)], by.id);
  });
}
