import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { syncUpdate } from './messages.ts';
import type { Peer } from './peer.ts';
import { BUSY_MS, HOLD_MS, RemoteRelay } from './commit-relay.ts';

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
