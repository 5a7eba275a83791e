import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Peer } from './peer.ts';
import { PRESENCE_FLUSH_MS, PresenceRelay } from './presence-relay.ts';

// Presence never touches the socket; the peers here only carry who is connected.
const peer = (id: string) => new Peer(null as unknown as WebSocket, 'review', { id, name: id }, 'editor', true, false);

const awarenesses: awarenessProtocol.Awareness[] = [];

/** A stock client's awareness and the update it sends after each move. */
function client() {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awarenesses.push(awareness);
  return {
    moveTo(at: string): Uint8Array {
      awareness.setLocalStateField('at', at);
      return awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    },
  };
}

/** Where each broadcast message puts everyone, as a stock client would read it. */
function positions(message: Uint8Array): string[] {
  const d = decoding.createDecoder(message);
  decoding.readVarUint(d);
  const listener = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(listener, decoding.readVarUint8Array(d), 'server');
  return [...listener.getStates()]
    .filter(([id]) => id !== listener.clientID)
    .map(([, s]) => (s as { at: string }).at)
    .sort();
}

describe('PresenceRelay', () => {
  // The relay's clock and timers both run on the fake clock, so the test decides when time passes.
  // Only what the relay uses is faked: the clients' own awareness timers stay real, and are destroyed.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => {
    vi.useRealTimers();
    for (const a of awarenesses.splice(0)) a.destroy();
  });
  const relay = () => {
    const sent: Uint8Array[] = [];
    return {
      sent,
      relay: new PresenceRelay(
        (m) => sent.push(m),
        () => Date.now(),
      ),
    };
  };

  it('sends the first move after a quiet spell at once', () => {
    const { sent, relay: r } = relay();
    r.apply(client().moveTo('1.1'), peer('a'));
    vi.advanceTimersByTime(0);
    expect(sent.map(positions)).toEqual([['1.1']]);
  });

  it('coalesces moves within one window into one message carrying the latest of each', () => {
    const { sent, relay: r } = relay();
    const [a, b] = [client(), client()];
    const [pa, pb] = [peer('a'), peer('b')];
    r.apply(a.moveTo('1.1'), pa);
    vi.advanceTimersByTime(0);
    r.apply(a.moveTo('1.2'), pa);
    r.apply(b.moveTo('2.1'), pb);
    r.apply(a.moveTo('1.3'), pa);
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS - 1);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.map(positions)).toEqual([['1.1'], ['1.3', '2.1']]);
  });

  it('tells everyone when a connection leaves, and nothing when it had announced nobody', () => {
    const { sent, relay: r } = relay();
    const a = peer('a');
    r.leave(peer('b'));
    vi.runAllTimers();
    expect(sent).toHaveLength(0);
    r.apply(client().moveTo('1.1'), a);
    vi.runAllTimers();
    r.leave(a);
    vi.runAllTimers();
    expect(sent.map(positions)).toEqual([['1.1'], []]);
    expect(r.everyone()).toBeNull();
  });

  it('sends nothing more once stopped, and leaves no timer behind', () => {
    const { sent, relay: r } = relay();
    r.apply(client().moveTo('1.1'), peer('a'));
    r.stop();
    expect(vi.getTimerCount()).toBe(0);
    r.apply(client().moveTo('1.2'), peer('b'));
    vi.runAllTimers();
    expect(sent).toHaveLength(0);
  });
});
