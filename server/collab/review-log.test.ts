import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { Root } from '../../shared/review/roots.ts';
import { alice, bob } from '../../shared/review/test-fixtures.ts';
import { Peer } from './peer.ts';
import { ReviewLog } from './review-log.ts';
import { storeWithReview } from './test-review.ts';

const peerOf = (user: typeof alice) => new Peer(null as unknown as WebSocket, 'review-1', user, 'editor', true, false);

/** A live document as a room holds it: loaded from the log, every later change tracked by it. */
async function liveLog(compactAfter = 100) {
  const stored = await storeWithReview();
  const seen: [number, 'commit' | 'unload'][] = [];
  const doc = new Y.Doc();
  const log = new ReviewLog(stored.reviewId, doc, stored.store, {
    compactAfter,
    onCommit: (_id, _doc, seq, when) => seen.push([seq, when]),
  });
  Y.applyUpdate(doc, await log.read(), 'load');
  log.discard();
  const rate = (key: string, level: string, origin: unknown) =>
    doc.transact(() => doc.getMap(Root.ratings).set(key, level), origin);
  return { ...stored, log, doc, rate, seen };
}

describe('ReviewLog', () => {
  it('commits what was tracked as one update with the next sequence number, and nothing twice', async () => {
    const { log, rate, state, store, reviewId } = await liveLog();
    const before = log.lastSeq;
    const a = peerOf(alice);
    rate('t1/c1/p1', 'b', a);
    rate('t2/c2/p2', 'a', a);
    expect(log.pending).toBe(true);
    const commit = await log.commit();
    expect(commit?.origins).toEqual([a]);
    expect(log.lastSeq).toBe(before + 1);
    expect(log.pending).toBe(false);
    expect((await state()).getMap(Root.ratings).toJSON()).toEqual({ 't1/c1/p1': 'b', 't2/c2/p2': 'a' });
    expect(await log.commit()).toBeNull();
    expect(await store.pendingUpdates(reviewId)).toBe(1);
  });

  it('stores the history with its batch', async () => {
    const { log, rate, store, reviewId } = await liveLog();
    rate('t1/c1/p1', 'b', peerOf(bob));
    const event = { at: new Date(0).toISOString(), userId: bob.id, userName: bob.name, criterion: 'c1' };
    await log.commit([{ ...event, kind: 'rating', detail: { track: 't1', phase: 'p1', from: null, to: 'b' } }]);
    expect(await store.history(reviewId)).toMatchObject([{ userId: bob.id, kind: 'rating', criterion: 'c1' }]);
  });

  it('rejects when the store refuses, holding nothing of the batch', async () => {
    const { log, rate, store, state } = await liveLog();
    store.appendUpdates = () => Promise.reject(new Error('disk I/O error'));
    rate('t1/c1/p1', 'b', peerOf(alice));
    await expect(log.commit()).rejects.toThrow('disk I/O error');
    expect(log.pending).toBe(false);
    expect((await state()).getMap(Root.ratings).size).toBe(0);
  });

  it('tells who follows commits after each one, and compacts once the log reaches the threshold', async () => {
    const { log, rate, seen, store, reviewId, state } = await liveLog(2);
    rate('t1/c1/p1', 'b', 'server');
    await log.commit();
    await log.committed();
    expect(await store.pendingUpdates(reviewId)).toBe(1);
    rate('t2/c2/p2', 'a', 'server');
    await log.commit();
    await log.committed();
    expect(await store.pendingUpdates(reviewId)).toBe(0);
    expect(seen).toEqual([
      [log.lastSeq - 1, 'commit'],
      [log.lastSeq, 'commit'],
    ]);
    expect((await state()).getMap(Root.ratings).toJSON()).toEqual({ 't1/c1/p1': 'b', 't2/c2/p2': 'a' });
  });

  it('compacts what is left as it closes, and says so', async () => {
    const { log, rate, seen, store, reviewId } = await liveLog();
    rate('t1/c1/p1', 'b', 'server');
    await log.commit();
    await log.close();
    expect(await store.pendingUpdates(reviewId)).toBe(0);
    expect(seen.at(-1)).toEqual([log.lastSeq, 'unload']);
  });

  it('keeps the log as it was when compaction fails, and reports it', async () => {
    const { store, reviewId } = await storeWithReview();
    const reported: string[] = [];
    const doc = new Y.Doc();
    const log = new ReviewLog(reviewId, doc, store, { compactAfter: 1, log: (message) => reported.push(message) });
    Y.applyUpdate(doc, await log.read());
    log.discard();
    store.compact = () => Promise.reject(new Error('disk full'));
    doc.getMap(Root.ratings).set('t1/c1/p1', 'b');
    await log.commit();
    await log.committed();
    expect(reported).toEqual([`review ${reviewId}: compaction failed`]);
    expect(await store.pendingUpdates(reviewId)).toBe(1);
  });
});
