import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { Root } from '../../shared/review/roots.ts';
import { alice, bob } from '../../shared/review/test-fixtures.ts';
import { Peer } from './peer.ts';
import type { SqliteStore } from '../store/sqlite.ts';
import { INLINE_COMPACT_BYTES, ReviewLog, STORED } from './review-log.ts';
import { snapshotOfStored } from './stored-review-thread.ts';
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
    // Counted again from the snapshot: one more update is below the threshold.
    rate('t1/c1/p2', 'c', 'server');
    await log.commit();
    await log.committed();
    expect(await store.pendingUpdates(reviewId)).toBe(1);
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

/** The store's appendUpdates, recording the author each batch was attributed to. */
function recordAuthors(store: SqliteStore): (string | null | undefined)[] {
  const authors: (string | null | undefined)[] = [];
  const append = store.appendUpdates.bind(store);
  store.appendUpdates = (reviewId, updates, userId, history) => {
    authors.push(userId);
    return append(reviewId, updates, userId, history);
  };
  return authors;
}

/** The store's compact, counting its calls. */
function countCompactions(store: SqliteStore): { calls: number } {
  const count = { calls: 0 };
  const compact = store.compact.bind(store);
  store.compact = (...args) => {
    count.calls++;
    return compact(...args);
  };
  return count;
}

describe('ReviewLog, reading the stored log', () => {
  it('takes its size and log positions from what is stored: the snapshot plus every update since', async () => {
    const { store, reviewId, log, rate } = await liveLog();
    for (const key of ['t1/c1/p1', 't2/c2/p2', 't1/c1/p2']) {
      rate(key, 'b', 'server');
      await log.commit();
    }
    const stored = await store.loadDocument(reviewId);
    const bytes = [stored.snapshot!, ...stored.updates].reduce((sum, part) => sum + part.byteLength, 0);
    const reader = new ReviewLog(reviewId, null, store, { compactAfter: 100 });
    const parts = await reader.readParts();
    expect(parts).toHaveLength(4);
    expect(reader.approxBytes).toBe(bytes);
    expect(reader.lastSeq).toBe(stored.lastSeq);
    expect(reader.holds(stored.lastSeq)).toBe(true);
    expect(reader.holds(stored.lastSeq + 1)).toBe(false);
    const state = await reader.read();
    expect(reader.approxBytes).toBe(state.byteLength);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    expect(doc.getMap(Root.ratings).size).toBe(3);
  });

  it('counts the updates after the stored snapshot towards the next compaction', async () => {
    const { store, reviewId, log, rate } = await liveLog();
    for (const key of ['t1/c1/p1', 't2/c2/p2', 't1/c1/p2']) {
      rate(key, 'b', 'server');
      await log.commit();
    }
    // Three updates stored after the snapshot: a fourth stays below a threshold of five, a fifth reaches it.
    for (const [key, pending] of [
      ['t2/c2/p1', 4],
      ['t1/c1/p3', 0],
    ] as const) {
      const doc = new Y.Doc();
      const reader = new ReviewLog(reviewId, doc, store, { compactAfter: 5 });
      Y.applyUpdate(doc, await reader.read(), STORED);
      doc.getMap(Root.ratings).set(key, 'a');
      await reader.commit();
      await reader.committed();
      expect(await store.pendingUpdates(reviewId)).toBe(pending);
    }
  });
});

describe('ReviewLog, tracking and committing', () => {
  it('collects nothing applied as stored (another process committed it, or the store held it)', async () => {
    const { log, doc } = await liveLog();
    const other = new Y.Doc();
    other.getMap(Root.ratings).set('t1/c1/p1', 'b');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), STORED);
    expect(doc.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(log.pending).toBe(false);
    expect(await log.commit()).toBeNull();
  });

  it('grows its size estimate by each commit', async () => {
    const { log, rate } = await liveLog();
    const before = log.approxBytes;
    expect(before).toBeGreaterThan(0);
    rate('t1/c1/p1', 'b', 'server');
    const commit = await log.commit();
    expect(log.approxBytes).toBe(before + commit!.update.byteLength);
  });

  it('attributes a batch to its author only when one person made all of it', async () => {
    const { store, log, rate } = await liveLog();
    const authors = recordAuthors(store);
    const [a, b] = [peerOf(alice), peerOf(bob)];
    rate('t1/c1/p1', 'b', a);
    rate('t2/c2/p2', 'b', peerOf(alice));
    await log.commit();
    rate('t1/c1/p1', 'a', a);
    rate('t2/c2/p2', 'a', b);
    await log.commit();
    rate('t1/c1/p1', 'c', 'server');
    await log.commit();
    rate('t1/c1/p1', 'd', a);
    rate('t2/c2/p2', 'd', 'server');
    await log.commit();
    expect(authors).toEqual([alice.id, null, null, null]);
  });

  it('says whether an update committed elsewhere is new, and which numbers it still lacks', async () => {
    const { log, rate } = await liveLog();
    rate('t1/c1/p1', 'b', 'server');
    await log.commit();
    const loaded = log.lastSeq;
    expect(log.firstMissing).toBeNull();
    expect(log.applied(loaded + 2)).toBe(true);
    expect(log.lastSeq).toBe(loaded + 2);
    expect(log.firstMissing).toBe(loaded + 1);
    expect(log.holds(loaded + 1)).toBe(false);
    expect(log.holds(loaded + 2)).toBe(true);
    expect(log.applied(loaded + 2)).toBe(false);
    expect(log.applied(loaded + 1)).toBe(true);
    expect(log.lastSeq).toBe(loaded + 2);
    expect(log.firstMissing).toBeNull();
    expect(log.applied(loaded)).toBe(false);
  });
});

describe('ReviewLog, after commits and as the room unloads', () => {
  it('tells no one of a commit while it has no document', async () => {
    const { store, reviewId } = await storeWithReview();
    const seen: number[] = [];
    const log = new ReviewLog(reviewId, null, store, {
      compactAfter: 100,
      onCommit: (_id, _doc, seq) => seen.push(seq),
    });
    await log.readParts();
    await log.committed();
    expect(seen).toEqual([]);
  });

  it('reports after-commit work that fails, and carries on without a logger', async () => {
    const reported: [string, unknown][] = [];
    const failure = new Error('summary failed');
    const { store, reviewId } = await storeWithReview();
    const doc = new Y.Doc();
    const onCommit = () => {
      throw failure;
    };
    const log = new ReviewLog(reviewId, doc, store, {
      compactAfter: 100,
      onCommit,
      log: (message, error) => reported.push([message, error]),
    });
    await log.committed();
    expect(reported).toEqual([[`review ${reviewId}: after-commit work failed`, failure]]);
    const silent = new ReviewLog(reviewId, doc, store, { compactAfter: 100, onCommit });
    await expect(silent.committed()).resolves.toBeUndefined();
  });

  it('carries on without a logger when compaction fails', async () => {
    const { store, reviewId } = await storeWithReview();
    const doc = new Y.Doc();
    const log = new ReviewLog(reviewId, doc, store, { compactAfter: 1 });
    Y.applyUpdate(doc, await log.read(), STORED);
    store.compact = () => Promise.reject(new Error('disk full'));
    doc.getMap(Root.ratings).set('t1/c1/p1', 'b');
    await log.commit();
    await expect(log.committed()).resolves.toBeUndefined();
    expect(await store.pendingUpdates(reviewId)).toBe(1);
  });

  it('compacts nothing already compacted', async () => {
    const { log, rate, store, seen } = await liveLog();
    const compactions = countCompactions(store);
    await log.close();
    expect(compactions.calls).toBe(0);
    rate('t1/c1/p1', 'b', 'server');
    await log.commit();
    await log.close();
    await log.close();
    expect(compactions.calls).toBe(1);
    expect(seen.map(([, when]) => when)).toEqual(['unload', 'unload', 'unload']);
  });

  it('closes a room that never built its document with the state it was opened with, telling no one', async () => {
    const { store, reviewId, log, rate, state } = await liveLog();
    rate('t1/c1/p1', 'b', 'server');
    await log.commit();
    const opened = Y.encodeStateAsUpdate(await state());
    const seen: string[] = [];
    const reported: string[] = [];
    const cold = new ReviewLog(reviewId, null, store, {
      compactAfter: 100,
      onCommit: (_id, _doc, _seq, when) => seen.push(when),
      log: (message) => reported.push(message),
    });
    await cold.readParts();
    // Without a document or the state it was opened with, there is nothing to compact from.
    await cold.close();
    expect(await store.pendingUpdates(reviewId)).toBe(1);
    await cold.close(opened);
    expect(await store.pendingUpdates(reviewId)).toBe(0);
    expect((await store.loadDocument(reviewId)).snapshot).toEqual(opened);
    expect(cold.approxBytes).toBe(opened.byteLength);
    expect(seen).toEqual([]);
    expect(reported).toEqual([]);
  });
});

const LONG_FOCUS = 'evidence '.repeat(INLINE_COMPACT_BYTES / 8);

/** A review over the inline size: a long development focus, stored at creation. */
async function largeLiveLog(options: { snapshotOf?: (parts: Uint8Array[]) => Promise<Uint8Array> } = {}) {
  const stored = await storeWithReview(undefined, (doc) => {
    const text = new Y.Text();
    doc.getMap(Root.focus).set('t1/c1', text);
    text.insert(0, LONG_FOCUS);
  });
  const reported: string[] = [];
  const doc = new Y.Doc();
  const log = new ReviewLog(stored.reviewId, doc, stored.store, {
    compactAfter: 2,
    log: (message) => reported.push(message),
    ...options,
  });
  Y.applyUpdate(doc, await log.read(), STORED);
  log.discard();
  const rate = async (key: string, level: string) => {
    doc.getMap(Root.ratings).set(key, level);
    await log.commit();
    await log.committed();
  };
  return { ...stored, log, doc, rate, reported };
}

/** A snapshot builder that waits to be let go: the real one, held so commits can land meanwhile. */
function heldSnapshots() {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const started: number[] = [];
  return {
    started,
    release: () => release(),
    snapshotOf: async (parts: Uint8Array[]) => {
      started.push(parts.length);
      await released;
      return snapshotOfStored(parts);
    },
  };
}

describe('ReviewLog, compacting a large review', () => {
  it('builds the snapshot from the stored log in the background while commits go on, losing none', async () => {
    const held = heldSnapshots();
    const { log, doc, rate, store, reviewId, state, reported } = await largeLiveLog(held);
    expect(log.approxBytes).toBeGreaterThan(INLINE_COMPACT_BYTES);
    await rate('t1/c1/p1', 'b');
    await rate('t2/c2/p2', 'a');
    // The threshold is reached: the compaction has started (snapshot and two updates) and not finished.
    expect(held.started).toEqual([3]);
    const compactedTo = log.lastSeq;
    await rate('t1/c1/p2', 'c');
    await rate('t2/c2/p1', 'd');
    expect(held.started).toEqual([3]);
    expect(await store.pendingUpdates(reviewId)).toBe(4);
    held.release();
    await log.settled();
    // Up to what it read; the two later commits stay in the log after the snapshot.
    expect(await store.pendingUpdates(reviewId)).toBe(2);
    expect((await store.loadDocument(reviewId)).lastSeq).toBe(log.lastSeq);
    expect((await store.loadDocument(reviewId, compactedTo)).updates).toEqual([]);
    expect((await state()).getMap(Root.ratings).toJSON()).toEqual(doc.getMap(Root.ratings).toJSON());
    expect((await state()).getMap<Y.Text>(Root.focus).get('t1/c1')?.toString()).toBe(LONG_FOCUS);
    expect(log.approxBytes).toBeGreaterThan(INLINE_COMPACT_BYTES);
    // The next commit over the threshold compacts again, then closing compacts the rest.
    await rate('t1/c1/p3', 'a');
    expect(held.started).toEqual([3, 4]);
    await log.close();
    expect(await store.pendingUpdates(reviewId)).toBe(0);
    expect(Y.encodeStateAsUpdate(await state())).toEqual(Y.encodeStateAsUpdate(doc));
    expect(reported).toEqual([]);
  });

  it('closes only after a compaction under way has finished, then compacts what came after it', async () => {
    const held = heldSnapshots();
    const { log, rate, store, reviewId } = await largeLiveLog(held);
    await rate('t1/c1/p1', 'b');
    await rate('t2/c2/p2', 'a');
    await rate('t1/c1/p2', 'c');
    let closed = false;
    const closing = log.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    held.release();
    await closing;
    expect(held.started).toEqual([3, 2]);
    expect(await store.pendingUpdates(reviewId)).toBe(0);
  });

  it('keeps the log when the snapshot cannot be built, reports it, and tries again at the next commit', async () => {
    let fail = true;
    const { log, rate, store, reviewId, reported, state, doc } = await largeLiveLog({
      snapshotOf: (parts) => (fail ? Promise.reject(new Error('thread stopped')) : snapshotOfStored(parts)),
    });
    await rate('t1/c1/p1', 'b');
    await rate('t2/c2/p2', 'a');
    await log.settled();
    expect(reported).toEqual([`review ${reviewId}: compaction failed`]);
    expect(await store.pendingUpdates(reviewId)).toBe(2);
    fail = false;
    await rate('t1/c1/p2', 'c');
    await log.settled();
    expect(await store.pendingUpdates(reviewId)).toBe(0);
    expect((await state()).getMap(Root.ratings).toJSON()).toEqual(doc.getMap(Root.ratings).toJSON());
  });
});
