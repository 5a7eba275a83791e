import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Root } from '../../shared/review/roots.ts';
import { alice } from '../../shared/review/test-fixtures.ts';
import { BUSY_MS, HOLD_MS, RemoteRelay, commitAndRelay } from './commit-relay.ts';
import { HistoryRecorder } from './history-recorder.ts';
import { syncUpdate } from './messages.ts';
import type { Peer } from './peer.ts';
import { ReviewLog, STORED } from './review-log.ts';
import type { RoomFanout } from './room-fanout.ts';
import { storeWithReview } from './test-review.ts';

/** A peer that only records what it is sent. */
function recordingPeer(): Peer & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  return { sent, send: (message: Uint8Array) => sent.push(message) } as unknown as Peer & { sent: Uint8Array[] };
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('ratings').set(text, 'x');
  return Y.encodeStateAsUpdate(doc);
}

describe('RemoteRelay', () => {
  it('sends each peer one message carrying every update of the batch', () => {
    const relay = new RemoteRelay();
    const peers = [recordingPeer(), recordingPeer()];
    const [a, b] = [edit('1.1'), edit('1.2')];
    relay.add(a);
    relay.add(b);
    relay.flush(peers);
    for (const peer of peers) {
      expect(peer.sent).toEqual([syncUpdate(Y.mergeUpdates([a, b]))]);
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates([a, b]));
    expect([...doc.getMap('ratings').keys()].sort()).toEqual(['1.1', '1.2']);
  });

  it('sends a single update as it came, and nothing when the batch had none', () => {
    const relay = new RemoteRelay();
    const peer = recordingPeer();
    relay.flush([peer]);
    expect(peer.sent).toEqual([]);
    const a = edit('2.1');
    relay.add(a);
    relay.flush([peer]);
    relay.flush([peer]);
    expect(peer.sent).toEqual([syncUpdate(a)]);
  });

  it("sends this batch's commit with the other processes' updates as one message, its author only theirs", () => {
    const relay = new RemoteRelay();
    const [author, other] = [recordingPeer(), recordingPeer()];
    const [remote, own] = [edit('3.1'), edit('3.2')];
    relay.add(remote);
    relay.flush([author, other], { update: own, only: author });
    expect(other.sent).toEqual([syncUpdate(Y.mergeUpdates([remote, own]))]);
    expect(author.sent).toEqual([syncUpdate(remote)]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates([remote, own]));
    expect([...doc.getMap('ratings').keys()].sort()).toEqual(['3.1', '3.2']);
  });

  it('sends a commit alone to everyone but its only author, and to everyone when it had several', () => {
    const relay = new RemoteRelay();
    const [author, other] = [recordingPeer(), recordingPeer()];
    const own = edit('4.1');
    relay.flush([author, other], { update: own, only: author });
    expect(other.sent).toEqual([syncUpdate(own)]);
    expect(author.sent).toEqual([]);
    relay.add(edit('4.2'));
    relay.flush([author, other], { update: own });
    expect(author.sent).toHaveLength(1);
    expect(other.sent[1]).toEqual(author.sent[0]);
  });

  describe('a batch with only updates from elsewhere', () => {
    afterEach(() => vi.useRealTimers());

    it('sends them at once in a room that has not committed lately', () => {
      const relay = new RemoteRelay(() => 0);
      const peer = recordingPeer();
      const a = edit('5.1');
      relay.add(a);
      relay.settle([peer]);
      expect(peer.sent).toEqual([syncUpdate(a)]);
    });

    it("holds them for a busy room's next commit, and sends them alone if none comes in time", () => {
      vi.useFakeTimers();
      let now = 0;
      const relay = new RemoteRelay(() => now);
      const [author, other] = [recordingPeer(), recordingPeer()];
      relay.flush([author, other], { update: edit('6.0'), only: author });
      other.sent.length = 0;
      now = BUSY_MS / 2;
      const [a, b, own] = [edit('6.1'), edit('6.2'), edit('6.3')];
      relay.add(a);
      relay.settle([author, other]);
      expect(other.sent).toEqual([]);
      // Committed meanwhile: one message with both, the author only what came from elsewhere.
      relay.flush([author, other], { update: own, only: author });
      expect(other.sent).toEqual([syncUpdate(Y.mergeUpdates([a, own]))]);
      expect(author.sent).toEqual([syncUpdate(a)]);
      relay.add(b);
      relay.settle([author, other]);
      vi.advanceTimersByTime(HOLD_MS);
      expect(other.sent.at(-1)).toEqual(syncUpdate(b));
      expect(author.sent.at(-1)).toEqual(syncUpdate(b));
      vi.advanceTimersByTime(HOLD_MS);
      expect(other.sent).toHaveLength(2);
    });

    it('sends nothing once the room has stopped (it had no one left to send to)', () => {
      vi.useFakeTimers();
      const relay = new RemoteRelay(() => 0);
      const peer = recordingPeer();
      relay.flush([peer], { update: edit('7.0') });
      relay.add(edit('7.1'));
      relay.settle([peer]);
      relay.stop();
      vi.advanceTimersByTime(HOLD_MS * 2);
      expect(peer.sent).toHaveLength(1);
    });
  });
});

/** A live review log over a real in-memory store, as a room holds it, with what a batch needs beside it. */
async function batchRoom() {
  const { store, reviewId, state } = await storeWithReview();
  const doc = new Y.Doc();
  const told: [number, 'commit' | 'unload'][] = [];
  const log = new ReviewLog(reviewId, doc, store, {
    compactAfter: 100,
    onCommit: (_id, _doc, seq, when) => told.push([seq, when]),
  });
  Y.applyUpdate(doc, await log.read(), STORED);
  const published: [number, Uint8Array][] = [];
  const fanout: RoomFanout = {
    attach: () => Promise.resolve(),
    committed: (seq, update) => published.push([seq, update]),
    presence: () => {},
    meetingChanged: () => {},
    detach: () => Promise.resolve(),
  };
  const history = new HistoryRecorder();
  const [author, other] = [recordingPeer(), recordingPeer()];
  /** One person's rating, applied through the history recorder as a checked update is. */
  const rate = (by: Peer, key: string, level: string) =>
    history.record(doc, [{ root: Root.ratings, key }], alice, () =>
      doc.transact(() => doc.getMap(Root.ratings).set(key, level), by),
    );
  return { store, reviewId, state, log, told, published, fanout, history, author, other, rate };
}

describe('commitAndRelay', () => {
  it('stores a batch with its history, then relays it to all but its only author and to the other processes', async () => {
    const { store, reviewId, state, log, told, published, fanout, history, author, other, rate } = await batchRoom();
    rate(author, 't1/c1/p1', 'b');
    await commitAndRelay(log, history, [author, other], fanout, new RemoteRelay());
    expect((await state()).getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(await store.history(reviewId)).toMatchObject([{ userId: alice.id, kind: 'rating' }]);
    expect(history.take()).toEqual([]);
    expect(author.sent).toEqual([]);
    expect(other.sent).toHaveLength(1);
    expect(published).toEqual([[log.lastSeq, expect.any(Uint8Array)]]);
    const [, update] = published[0]!;
    expect(other.sent[0]).toEqual(syncUpdate(update));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, update);
    expect(copy.getMap(Root.ratings).get('t1/c1/p1')).toBe('b');
    expect(told).toEqual([[log.lastSeq, 'commit']]);
  });

  it('relays a batch several people made to every one of them', async () => {
    const { log, history, author, other, rate } = await batchRoom();
    rate(author, 't1/c1/p1', 'b');
    rate(other, 't2/c2/p2', 'a');
    await commitAndRelay(log, history, [author, other], null, new RemoteRelay());
    expect(author.sent).toHaveLength(1);
    expect(other.sent).toEqual(author.sent);
  });

  it("with nothing of its own to store, sends on the other processes' updates and tells no one of a commit", async () => {
    const { log, told, published, fanout, history, author } = await batchRoom();
    const relay = new RemoteRelay(() => 0);
    const remote = edit('8.1');
    relay.add(remote);
    await commitAndRelay(log, history, [author], fanout, relay);
    expect(author.sent).toEqual([syncUpdate(remote)]);
    expect(published).toEqual([]);
    expect(told).toEqual([]);
  });

  it('relays nothing, anywhere, when the store refuses the batch', async () => {
    const { store, log, told, published, fanout, history, author, other, rate } = await batchRoom();
    store.appendUpdates = () => Promise.reject(new Error('disk I/O error'));
    rate(author, 't1/c1/p1', 'b');
    await expect(commitAndRelay(log, history, [author, other], fanout, new RemoteRelay())).rejects.toThrow(
      'disk I/O error',
    );
    expect([author.sent, other.sent, published, told]).toEqual([[], [], [], []]);
  });
});

describe('RemoteRelay, its clock', () => {
  afterEach(() => vi.useRealTimers());

  it('sends at once in a room that never committed, on the real clock', () => {
    const relay = new RemoteRelay();
    const peer = recordingPeer();
    const a = edit('9.1');
    relay.add(a);
    relay.settle([peer]);
    expect(peer.sent).toEqual([syncUpdate(a)]);
  });

  it('starts no hold for a batch with nothing from elsewhere', () => {
    vi.useFakeTimers();
    let now = 0;
    const relay = new RemoteRelay(() => now);
    const peer = recordingPeer();
    const own = edit('11.0');
    relay.flush([peer], { update: own });
    relay.settle([peer]);
    vi.advanceTimersByTime(HOLD_MS / 2);
    now = HOLD_MS / 2;
    const a = edit('11.1');
    relay.add(a);
    relay.settle([peer]);
    // Held a whole HOLD_MS from when it came, not cut short by a hold the empty batch started.
    vi.advanceTimersByTime(HOLD_MS / 2);
    expect(peer.sent).toHaveLength(1);
    vi.advanceTimersByTime(HOLD_MS / 2);
    expect(peer.sent).toEqual([syncUpdate(own), syncUpdate(a)]);
  });

  it('holds what comes while a hold is on with it, to go out together when it ends', () => {
    vi.useFakeTimers();
    let now = 0;
    const relay = new RemoteRelay(() => now);
    const peer = recordingPeer();
    relay.flush([peer], { update: edit('12.0') });
    now = BUSY_MS - 1;
    const [a, b] = [edit('12.1'), edit('12.2')];
    relay.add(a);
    relay.settle([peer]);
    // The room has been quiet for a moment by now, but a hold is on: b waits with a.
    now = BUSY_MS + 1;
    relay.add(b);
    relay.settle([peer]);
    expect(peer.sent).toHaveLength(1);
    vi.advanceTimersByTime(HOLD_MS);
    expect(peer.sent.slice(1)).toEqual([syncUpdate(Y.mergeUpdates([a, b]))]);
  });

  it('still holds them when the last commit was exactly the busy window ago', () => {
    vi.useFakeTimers();
    let now = 0;
    const relay = new RemoteRelay(() => now);
    const peer = recordingPeer();
    relay.flush([peer], { update: edit('10.0') });
    now = BUSY_MS;
    relay.add(edit('10.1'));
    relay.settle([peer]);
    expect(peer.sent).toHaveLength(1);
    vi.advanceTimersByTime(HOLD_MS);
    expect(peer.sent).toHaveLength(2);
  });
});
