import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MalformedMessageError } from './messages.ts';
import { Peer } from './peer.ts';
import { Presence } from './presence.ts';
import { stockStates } from './test-client.ts';

// Presence never touches the socket; the peers here only carry who is connected.
const peer = (id: string, name: string, role: 'facilitator' | 'editor' | 'observer' = 'editor') =>
  new Peer(null as unknown as WebSocket, 'review', { id, name }, role, role !== 'observer', role === 'facilitator');

/** A stock client's awareness, and the update it would send for some of its client ids. */
function client(clientId?: number) {
  const doc = new Y.Doc();
  if (clientId !== undefined) doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  return {
    awareness,
    id: doc.clientID,
    update: (ids = [doc.clientID]) => awarenessProtocol.encodeAwarenessUpdate(awareness, ids),
  };
}

/** What a stock client would make of a server message: the states it carries, by client id. */
const received = stockStates;

describe('Presence', () => {
  it('stamps each state with the connection’s identity, whatever the client claimed', () => {
    const presence = new Presence();
    const alice = peer('u-alice', 'Alice', 'observer');
    const c = client();
    c.awareness.setLocalState({ at: '1.1', user: { id: 'u-bob', name: 'Bob', role: 'facilitator', color: '#abc' } });
    expect(presence.apply(c.update(), alice)).toBe(true);
    expect(received(presence.takeChanges()).get(c.id)).toEqual({
      at: '1.1',
      user: { id: 'u-alice', name: 'Alice', role: 'observer', color: '#abc' },
    });
    expect(presence.takeChanges()).toBeNull();
  });

  it('coalesces many moves into one message per flush, with the latest state of each client', () => {
    const presence = new Presence();
    const clients = [client(), client(), client()];
    clients.forEach((c, i) => {
      const p = peer(`u${i}`, `User ${i}`);
      for (const at of ['1.1', '1.2', '2.1']) {
        c.awareness.setLocalStateField('at', `${at}-${i}`);
        presence.apply(c.update(), p);
      }
    });
    const states = received(presence.takeChanges());
    expect([...states.values()].map((s) => (s as { at: string }).at).sort()).toEqual(['2.1-0', '2.1-1', '2.1-2']);
  });

  it('drops states for a client id another connection holds, or that belonged to someone else', () => {
    const presence = new Presence();
    const alice = peer('u-alice', 'Alice');
    const bob = peer('u-bob', 'Bob');
    const a = client();
    a.awareness.setLocalState({ at: '1.1' });
    presence.apply(a.update(), alice);
    presence.takeChanges();

    // Bob's client echoes Alice's state back, at a later clock: ignored.
    const echo = client(a.id);
    for (let i = 0; i < 5; i++) echo.awareness.setLocalState({ at: 'elsewhere' });
    expect(presence.apply(echo.update(), bob)).toBe(false);
    expect(presence.stateOf(a.id)).toMatchObject({ at: '1.1', user: { id: 'u-alice' } });

    // Alice leaves; her client id still cannot be taken by Bob...
    expect(presence.leave(alice)).toBe(true);
    expect(received(presence.takeChanges()).has(a.id)).toBe(false);
    expect(presence.apply(echo.update(), bob)).toBe(false);
    expect(presence.everyone()).toBeNull();

    // ...but Alice, reconnecting with the clock she left with, is back at once.
    const again = peer('u-alice', 'Alice');
    expect(presence.apply(a.update(), again)).toBe(true);
    expect(received(presence.everyone()).get(a.id)).toMatchObject({ at: '1.1', user: { id: 'u-alice' } });
  });

  it('follows y-protocols clocks: older states are ignored, a null at the same clock removes', () => {
    const presence = new Presence();
    const alice = peer('u-alice', 'Alice');
    const c = client();
    c.awareness.setLocalState({ at: '1.1' });
    const older = c.update();
    c.awareness.setLocalState({ at: '1.2' });
    presence.apply(c.update(), alice);
    expect(presence.apply(older, alice)).toBe(false);
    expect(presence.stateOf(c.id)).toMatchObject({ at: '1.2' });
    presence.takeChanges();

    // What a stock client sends when it closes: its own state as null.
    awarenessProtocol.removeAwarenessStates(c.awareness, [c.id], 'local');
    expect(presence.apply(c.update(), alice)).toBe(true);
    const after = received(presence.takeChanges());
    expect(after.has(c.id)).toBe(false);
    expect(presence.everyone()).toBeNull();
  });

  it('refuses an update that does not decode, changing nothing', () => {
    const presence = new Presence();
    const alice = peer('u-alice', 'Alice');
    const c = client();
    c.awareness.setLocalState({ at: '1.1' });
    const good = c.update();
    expect(() => presence.apply(good.subarray(0, good.length - 3), alice)).toThrow(MalformedMessageError);
    expect(() => presence.apply(new Uint8Array([...good, 7]), alice)).toThrow(/unexpected bytes/);
    // A state that is an array, not an object.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, c.id);
    encoding.writeVarUint(e, 5);
    encoding.writeVarString(e, '[1,2,3]');
    expect(() => presence.apply(encoding.toUint8Array(e), alice)).toThrow(/must be an object/);
    expect(presence.everyone()).toBeNull();
    expect(presence.hasChanges).toBe(false);
  });

  it('drops a stock client’s echo of other people’s states without parsing them', () => {
    const presence = new Presence();
    const [alice, bob] = [peer('u-alice', 'Alice'), peer('u-bob', 'Bob')];
    const a = client();
    a.awareness.setLocalState({ at: '1.1' });
    presence.apply(a.update(), alice);
    // Bob's client applies what it was sent and, as y-websocket does, sends it straight back.
    const b = client();
    const d = decoding.createDecoder(presence.takeChanges()!);
    decoding.readVarUint(d);
    awarenessProtocol.applyAwarenessUpdate(b.awareness, decoding.readVarUint8Array(d), 'server');
    const echo = b.update([a.id]);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(presence.apply(echo, bob)).toBe(false);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(presence.takeChanges()).toBeNull();
    a.awareness.destroy();
    b.awareness.destroy();
  });

  it('answers joiners with the same encoded message until someone’s presence changes', () => {
    const presence = new Presence();
    const [a, alice] = [client(), peer('u-alice', 'Alice')];
    a.awareness.setLocalState({ at: '1.1' });
    presence.apply(a.update(), alice);
    const first = presence.everyone();
    expect(presence.everyone()).toBe(first);
    a.awareness.setLocalState({ at: '1.2' });
    presence.apply(a.update(), alice);
    const second = presence.everyone();
    expect(second).not.toBe(first);
    expect((received(second).get(a.id) as { at: string }).at).toBe('1.2');
    a.awareness.destroy();
  });
});
