import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { phasedFramework, skeletonDoc } from '../../shared/review/test-fixtures.ts';
import { FrameworkLibrary } from '../frameworks/library.ts';
import { SqliteStore } from '../store/sqlite.ts';

/** A real in-memory store holding one review of `fw`, its document made by `shape` from the skeleton. */
export async function storeWithReview(
  fw: Framework = phasedFramework,
  shape: (doc: Y.Doc) => void = () => {},
): Promise<{ store: SqliteStore; reviewId: string; state: () => Promise<Y.Doc> }> {
  const store = new SqliteStore(':memory:');
  await new FrameworkLibrary(store).register(fw, 'built-in');
  const doc = skeletonDoc(fw);
  shape(doc);
  const reviewId = 'review-1';
  const now = new Date().toISOString();
  const record = { id: reviewId, workspaceId: null, title: 'A review', createdAt: now, updatedAt: now };
  await store.createReview({ ...record, frameworkId: fw.id, frameworkVersion: fw.version }, Y.encodeStateAsUpdate(doc));
  return {
    store,
    reviewId,
    /** The review as stored now: snapshot and every update since. */
    async state() {
      const stored = await store.loadDocument(reviewId);
      const doc = new Y.Doc();
      for (const update of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates])
        Y.applyUpdate(doc, update);
      return doc;
    },
  };
}
