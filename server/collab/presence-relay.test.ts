import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Peer } from './peer.ts';
import { PRESENCE_FLUSH_MS, PresenceRelay } from './presence-relay.ts';
import { Presence } from './presence.ts';

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

/** Another process: its own connections' presence, as it publishes it to this one. */
function otherProcess() {
  const there = new Presence();
  return (update: Uint8Array, who: Peer): Uint8Array => {
    there.apply(update, who);
    return there.takeChangesHere()!;
  };
}

/** A stock client of this process reading everything the relay sent, in order: where it sees everyone. */
function seenBy(sent: Uint8Array[]): string[] {
  const listener = new awarenessProtocol.Awareness(new Y.Doc());
  awarenesses.push(listener);
  for (const message of sent) {
    const d = decoding.createDecoder(message);
    decoding.readVarUint(d);
    awarenessProtocol.applyAwarenessUpdate(listener, decoding.readVarUint8Array(d), 'server');
  }
  return [...listener.getStates()]
    .filter(([id]) => id !== listener.clientID)
    .map(([, s]) => (s as { at: string }).at)
    .sort();
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
  const TIMEOUT = 30_000;
  const relay = () => {
    const sent: Uint8Array[] = [];
    return {
      sent,
      relay: new PresenceRelay(
        (m) => sent.push(m),
        () => Date.now(),
        TIMEOUT,
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

  it('drops a relayed state its process stopped renewing, telling only this process’s connections', () => {
    const { sent, relay: r } = relay();
    const published: Uint8Array[] = [];
    r.publish = (m) => published.push(m);
    const relayed = otherProcess();
    r.applyRelayed(relayed(client().moveTo('1.1'), peer('a')));
    r.apply(client().moveTo('2.2'), peer('b'));
    vi.advanceTimersByTime(0);
    expect(seenBy(sent)).toEqual(['1.1', '2.2']);
    published.length = 0;
    vi.advanceTimersByTime(TIMEOUT - 1);
    expect(seenBy(sent)).toEqual(['1.1', '2.2']);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    // A stock client takes the removal; a joiner is not told of the ghost; the other processes hear nothing.
    expect(seenBy(sent)).toEqual(['2.2']);
    expect(positions(r.everyone()!)).toEqual(['2.2']);
    expect(published).toHaveLength(0);
    // This process's own people are never timed out here: their connection closing says when they go.
    vi.advanceTimersByTime(10 * TIMEOUT);
    expect(seenBy(sent)).toEqual(['2.2']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a relayed state its process renews, and takes it back after an expiry when renewed again', () => {
    const { sent, relay: r } = relay();
    const relayed = otherProcess();
    const [c, a] = [client(), peer('a')];
    r.applyRelayed(relayed(c.moveTo('1.1'), a));
    vi.advanceTimersByTime(TIMEOUT / 2);
    r.applyRelayed(relayed(c.moveTo('1.2'), a));
    vi.advanceTimersByTime(TIMEOUT / 2 + PRESENCE_FLUSH_MS);
    expect(seenBy(sent)).toEqual(['1.2']);
    vi.advanceTimersByTime(TIMEOUT / 2);
    expect(seenBy(sent)).toEqual([]);
    r.applyRelayed(relayed(c.moveTo('1.3'), a));
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(seenBy(sent)).toEqual(['1.3']);
  });

  it('stops watching relayed states once stopped', () => {
    const { sent, relay: r } = relay();
    r.applyRelayed(otherProcess()(client().moveTo('1.1'), peer('a')));
    r.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2 * TIMEOUT);
    expect(sent).toHaveLength(0);
  });

  it('sends one message per window carrying each changed client once, the same bytes as other processes get', () => {
    const { sent, relay: r } = relay();
    const published: Uint8Array[] = [];
    r.publish = (m) => published.push(m);
    const clients = [client(), client(), client()];
    const peers = [peer('a'), peer('b'), peer('c')];
    r.apply(clients[0]!.moveTo('0.0'), peers[0]!);
    vi.advanceTimersByTime(0);
    for (const at of ['1', '2', '3']) clients.forEach((c, i) => r.apply(c.moveTo(`${at}.${i}`), peers[i]!));
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(sent).toHaveLength(2);
    expect(entryCount(sent[1]!)).toBe(3);
    expect(positions(sent[1]!)).toEqual(['3.0', '3.1', '3.2']);
    // Encoded once for this process's connections and the other processes alike.
    expect(published.at(-1)).toBe(sent[1]);
  });
});

/** How many client entries an awareness message carries (a client named twice would count twice). */
function entryCount(message: Uint8Array): number {
  const d = decoding.createDecoder(message);
  decoding.readVarUint(d);
  return decoding.readVarUint(decoding.createDecoder(decoding.readVarUint8Array(d)));
}

describe('PresenceRelay timers and goodbyes', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] }));
  afterEach(() => {
    vi.useRealTimers();
    for (const a of awarenesses.splice(0)) a.destroy();
  });
  const TIMEOUT = 30_000;
  const relay = () => {
    const sent: Uint8Array[] = [];
    const published: Uint8Array[] = [];
    const r = new PresenceRelay(
      (m) => sent.push(m),
      () => Date.now(),
      TIMEOUT,
    );
    r.publish = (m) => published.push(m);
    return { sent, published, relay: r };
  };

  it('coalesces on its own clock when none is given', () => {
    const sent: Uint8Array[] = [];
    const r = new PresenceRelay((m) => sent.push(m));
    const c = client();
    const a = peer('a');
    r.apply(c.moveTo('1.1'), a);
    vi.advanceTimersByTime(0);
    r.apply(c.moveTo('1.2'), a);
    vi.advanceTimersByTime(0);
    expect(sent.map(positions)).toEqual([['1.1']]);
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(sent.map(positions)).toEqual([['1.1'], ['1.2']]);
    r.stop();
  });

  it('keeps one flush timer for many changes, and none once stopped', () => {
    const { relay: r } = relay();
    const [a, b] = [peer('a'), peer('b')];
    r.apply(client().moveTo('1.1'), a);
    r.apply(client().moveTo('2.1'), b);
    expect(vi.getTimerCount()).toBe(1);
    r.stop();
    r.apply(client().moveTo('3.1'), peer('c'));
    r.leave(a);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells the other processes what changed here when stopped, once, and nothing when nothing did', () => {
    const { sent, published, relay: r } = relay();
    const a = peer('a');
    r.apply(client().moveTo('1.1'), a);
    vi.advanceTimersByTime(0);
    expect(published).toHaveLength(1);
    r.stop();
    expect(published).toHaveLength(1);

    const { published: told, relay: last } = relay();
    const b = peer('b');
    last.apply(client().moveTo('2.1'), b);
    vi.advanceTimersByTime(0);
    last.leave(b);
    last.stop();
    // The last leaver's goodbye goes out although no flush is left to carry it.
    expect(told.map(positions)).toEqual([['2.1'], []]);
    last.apply(client().moveTo('2.2'), peer('c'));
    last.stop();
    expect(told).toHaveLength(2);
    expect(sent.map(positions)).toEqual([['1.1']]);
  });

  it('sends nothing when a leaving connection’s client ids were no longer announced here', () => {
    const { sent, relay: r } = relay();
    const a = peer('a');
    // Presence reports the leave as a change (the connection had ids) although no entry is its own.
    a.awarenessClients.add(12345);
    r.leave(a);
    vi.runAllTimers();
    expect(sent).toEqual([]);
  });

  it('arms one expiry at a time for relayed people, and none once stopped', () => {
    const { relay: r } = relay();
    const relayed = otherProcess();
    r.applyRelayed(relayed(client().moveTo('1.1'), peer('a')));
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(vi.getTimerCount()).toBe(1);
    r.applyRelayed(relayed(client().moveTo('2.1'), peer('b')));
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(vi.getTimerCount()).toBe(1);
    r.stop();
    r.applyRelayed(relayed(client().moveTo('3.1'), peer('c')));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('expires a relayed person exactly the timeout after their last renewal, and says so only then', () => {
    const { sent, relay: r } = relay();
    let expiries = 0;
    r.onExpired = () => expiries++;
    const relayed = otherProcess();
    const [c, a] = [client(), peer('a')];
    r.applyRelayed(relayed(c.moveTo('1.1'), a));
    vi.advanceTimersByTime(TIMEOUT / 3);
    r.applyRelayed(relayed(c.moveTo('1.2'), a));
    // The first expiry finds the renewed state still fresh: nobody leaves, nobody is told.
    vi.advanceTimersByTime((2 * TIMEOUT) / 3);
    expect(expiries).toBe(0);
    expect(seenBy(sent)).toEqual(['1.2']);
    vi.advanceTimersByTime(TIMEOUT / 3 - 1);
    expect(expiries).toBe(0);
    expect(seenBy(sent)).toEqual(['1.2']);
    vi.advanceTimersByTime(1);
    expect(expiries).toBe(1);
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(seenBy(sent)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sleeps until the least recently renewed relayed person is due to expire', () => {
    const r = new PresenceRelay(
      () => {},
      () => performance.now(),
      TIMEOUT,
    );
    const start = performance.now();
    const relayed = otherProcess();
    const [c, a] = [client(), peer('a')];
    r.applyRelayed(relayed(c.moveTo('1.1'), a));
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    vi.advanceTimersByTime(TIMEOUT / 3 - PRESENCE_FLUSH_MS);
    r.applyRelayed(relayed(c.moveTo('1.2'), a));
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    // The expiry armed at the first state wakes when that state would be due, then sleeps until the renewal is.
    vi.advanceTimersToNextTimer();
    expect(performance.now() - start).toBe(TIMEOUT);
    vi.advanceTimersToNextTimer();
    expect(performance.now() - start).toBe(TIMEOUT + TIMEOUT / 3);
    r.stop();
  });
});

describe('PresenceRelay on the real clock', () => {
  afterEach(() => {
    for (const a of awarenesses.splice(0)) a.destroy();
  });

  it('schedules its first flush within the timer range (no overflow warning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      let r: PresenceRelay | undefined;
      const flushed = new Promise<Uint8Array>((resolve) => (r = new PresenceRelay(resolve)));
      r!.apply(client().moveTo('1.1'), peer('a'));
      expect(positions(await flushed)).toEqual(['1.1']);
      await new Promise((resolve) => setImmediate(resolve));
      r!.stop();
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
