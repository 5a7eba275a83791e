import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Root, SCHEMA_VERSION } from '../../shared/review/roots.ts';
import { phasedFramework } from '../../shared/review/test-fixtures.ts';
import { ColdState } from './cold-state.ts';
import { ReviewLog } from './review-log.ts';
import { RoomLoadError, loadRefusal, loadReview, type FrameworkLoader } from './room-load.ts';
import { storeWithReview } from './test-review.ts';
import { WarmState } from './warm-state.ts';

const frameworks: FrameworkLoader = (id, version) =>
  Promise.resolve(id === phasedFramework.id && version === phasedFramework.version ? phasedFramework : null);

/** Load review `reviewId` of `store` as a room would. */
function load(store: Awaited<ReturnType<typeof storeWithReview>>['store'], reviewId: string, loader = frameworks) {
  const log = new ReviewLog(reviewId, null, store, { compactAfter: 100 });
  return { log, loading: loadReview(reviewId, store, log, loader, () => []) };
}

/** The loaded document's content, whether it was loaded cold or warm. */
function docOf(document: ColdState | WarmState): Y.Doc {
  if (document instanceof WarmState) return document.doc;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, document.encoded);
  return doc;
}

/** The error a load rejects with; fails the test when it loads. */
async function failure(loading: Promise<unknown>): Promise<unknown> {
  return loading.then(
    () => expect.fail('the review loaded'),
    (error: unknown) => error,
  );
}

describe('loadReview', () => {
  it('loads the stored document cold (no Y.Doc) with its status, storing nothing', async () => {
    const { store, reviewId } = await storeWithReview(phasedFramework, (doc) =>
      doc.getMap(Root.ratings).set('t1/c1/p1', 'b'),
    );
    const before = await store.pendingUpdates(reviewId);
    const { log, loading } = load(store, reviewId);
    const loaded = await loading;
    expect(loaded.document).toBeInstanceOf(ColdState);
    expect(docOf(loaded.document).getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(loaded.state).toMatchObject({ status: 'draft' });
    expect(log.pending).toBe(false);
    expect(await store.pendingUpdates(reviewId)).toBe(before);
  });

  it('refuses for good (4404) a review that does not exist', async () => {
    const { store } = await storeWithReview();
    const error = await failure(load(store, 'no-such-review').loading);
    expect(error).toBeInstanceOf(RoomLoadError);
    expect(loadRefusal(error)).toMatchObject({ code: CloseCode.notFound, reason: 'no such review' });
  });

  it('refuses for good (4424) a review whose framework this server does not have, naming it', async () => {
    const { store, reviewId } = await storeWithReview();
    const error = await failure(load(store, reviewId, () => Promise.resolve(null)).loading);
    expect(error).toBeInstanceOf(RoomLoadError);
    expect(loadRefusal(error)).toMatchObject({
      code: CloseCode.cannotOpen,
      reason: `its framework "${phasedFramework.id}" version ${phasedFramework.version} is not on this server`,
    });
  });

  it('refuses for good (4424) a document saved by a newer version, and stores nothing', async () => {
    const { store, reviewId } = await storeWithReview(phasedFramework, (doc) =>
      doc.getMap(Root.meta).set('schemaVersion', SCHEMA_VERSION + 1),
    );
    const before = await store.pendingUpdates(reviewId);
    const error = await failure(load(store, reviewId).loading);
    expect(error).toBeInstanceOf(RoomLoadError);
    const refusal = loadRefusal(error);
    expect(refusal.code).toBe(CloseCode.cannotOpen);
    expect(refusal.reason).toContain('newer version of Bestfit');
    expect(refusal.reason).toContain(String(SCHEMA_VERSION + 1));
    expect(await store.pendingUpdates(reviewId)).toBe(before);
  });

  it('leaves a store that fails a fault of the moment (4500, retried)', async () => {
    const { store, reviewId } = await storeWithReview();
    store.loadDocument = () => Promise.reject(new Error('database is locked'));
    const error = await failure(load(store, reviewId).loading);
    expect(error).not.toBeInstanceOf(RoomLoadError);
    // The close reason tells the person why the review did not open, without the store's own words.
    expect(loadRefusal(error)).toMatchObject({
      code: CloseCode.serverError,
      reason: 'the review could not be loaded',
    });
  });

  it('stores a migration before the document is handed on', async () => {
    const { store, reviewId, state } = await storeWithReview(phasedFramework, (doc) =>
      doc.getMap(Root.meta).set('schemaVersion', 1),
    );
    const { log, loading } = load(store, reviewId);
    const loaded = await loading;
    expect(loaded.document).toBeInstanceOf(WarmState);
    expect(docOf(loaded.document).getMap(Root.meta).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(log.pending).toBe(false);
    expect((await state()).getMap(Root.meta).get('schemaVersion')).toBe(SCHEMA_VERSION);
  });
});
