import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { MessageType } from '../../shared/protocol/messages.ts';
import { MalformedMessageError } from './messages.ts';
import { Peer, type PeerUser } from './peer.ts';
import { awarenessMessage, encodeEntry } from './presence-wire.ts';
import { Presence } from './presence.ts';
import { stockStates } from './test-client.ts';

// Presence never touches the socket; the peers here only carry who is connected.
const peer = (user: PeerUser | null, role: 'facilitator' | 'editor' | 'observer' = 'editor') =>
  new Peer(null as unknown as WebSocket, 'review', user, role, role !== 'observer', role === 'facilitator');
const alice = (): Peer => peer({ id: 'u-alice', name: 'Alice' });
const bob = (): Peer => peer({ id: 'u-bob', name: 'Bob' });

/** An awareness update from a connection here, entry by entry (raw JSON so a test can send what no client would). */
function update(...entries: [clientId: number, clock: number, json: string][]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, json);
  }
  return encoding.toUint8Array(e);
}

/** Presence as another process relays it: already stamped, a null state for someone who left. */
function relayed(...entries: [clientId: number, clock: number, state: object | null][]): Uint8Array {
  return awarenessMessage(
    entries.map(([clientId, clock, state]) =>
      encodeEntry(clientId, clock, state === null ? null : JSON.stringify(state)),
    ),
  );
}

const person = (id: string, role = 'editor', at = '1.1') => ({ at, user: { id, name: id, role } });

/** What a stock client would make of a server message: the states it carries, by client id. */
const received = stockStates;

/** The client ids a message carries, removals included. */
function carried(message: Uint8Array | null): number[] {
  expect(message).not.toBeNull();
  const d = decoding.createDecoder(message!);
  decoding.readVarUint(d);
  const u = decoding.createDecoder(decoding.readVarUint8Array(d));
  const ids: number[] = [];
  for (let n = decoding.readVarUint(u); n > 0; n--) {
    ids.push(decoding.readVarUint(u));
    decoding.readVarUint(u);
    decoding.readVarString(u);
  }
  return ids.sort((a, b) => a - b);
}

describe('Presence relayed from other processes', () => {
  it('refuses a message that is not presence, by name, and one that carries nobody changes nothing', () => {
    const presence = new Presence();
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.awareness + 1);
    encoding.writeVarUint8Array(e, update());
    expect(() => presence.applyRelayed(encoding.toUint8Array(e), 0)).toThrow(
      new MalformedMessageError('not a presence message'),
    );
    expect(presence.applyRelayed(relayed(), 0)).toBe(false);
    expect(presence.hasChanges).toBe(false);
  });

  it('passes relayed people on to this process’s connections only, never back to other processes', () => {
    const presence = new Presence();
    expect(presence.applyRelayed(relayed([7, 1, person('u-carol')]), 0)).toBe(true);
    expect(presence.takeChangesHere()).toBeNull();
    expect(received(presence.takeChanges()).get(7)).toEqual(person('u-carol'));
  });

  it('never lets a relayed state override a client id held by a connection here', () => {
    const presence = new Presence();
    const a = alice();
    presence.apply(update([7, 2, '{"at":"here"}']), a);
    expect(presence.applyRelayed(relayed([7, 5, person('u-bob', 'editor', 'there')]), 0)).toBe(false);
    expect(presence.stateOf(7)).toMatchObject({ at: 'here', user: { id: 'u-alice' } });
  });

  it('ignores an older relayed state, takes one at the same clock after it expired', () => {
    const presence = new Presence();
    presence.applyRelayed(relayed([7, 5, person('u-carol', 'editor', 'new')]), 0);
    expect(presence.applyRelayed(relayed([7, 4, person('u-carol', 'editor', 'old')]), 0)).toBe(false);
    expect(presence.stateOf(7)).toMatchObject({ at: 'new' });
    expect(presence.expireRelayed(0)).toBe(true);
    expect(presence.everyone()).toBeNull();
    expect(presence.applyRelayed(relayed([7, 5, person('u-carol', 'editor', 'new')]), 10)).toBe(true);
    expect(presence.stateOf(7)).toMatchObject({ at: 'new' });
  });

  it('takes a relayed removal and a state with no user, and keeps who a client id belonged to', () => {
    const presence = new Presence();
    presence.applyRelayed(relayed([7, 5, person('u-alice')]), 0);
    expect(presence.applyRelayed(relayed([7, 6, null]), 0)).toBe(true);
    expect(presence.stateOf(7)).toBeUndefined();
    expect(presence.everyone()).toBeNull();
    expect(presence.votersElsewhere()).toEqual(new Set());
    expect(presence.oldestRelayed()).toBeNull();
    // Someone relayed without a user (not stamped as a person) is present, but no voter.
    expect(presence.applyRelayed(relayed([8, 1, { at: '2.2' }]), 0)).toBe(true);
    expect(received(presence.everyone()).get(8)).toEqual({ at: '2.2' });
    expect(presence.votersElsewhere()).toEqual(new Set());
    // The client id stays Alice's after its removal: only she, here, may take it back.
    expect(presence.apply(update([7, 7, '{"at":"3.3"}']), bob())).toBe(false);
    expect(presence.apply(update([7, 7, '{"at":"3.3"}']), alice())).toBe(true);
    expect(presence.stateOf(7)).toMatchObject({ at: '3.3', user: { id: 'u-alice' } });
  });

  it('counts as voters elsewhere the present editors and facilitators with a user id', () => {
    const presence = new Presence();
    presence.applyRelayed(
      relayed(
        [1, 1, person('u-ed', 'editor')],
        [2, 1, person('u-fa', 'facilitator')],
        [3, 1, person('u-ob', 'observer')],
        [4, 1, { at: '1.1', user: { role: 'editor' } }],
        [5, 1, person('u-gone', 'editor')],
      ),
      0,
    );
    presence.applyRelayed(relayed([5, 2, null]), 0);
    // An editor whose process stopped renewing them is no longer there to vote.
    presence.applyRelayed(relayed([6, 1, person('u-expired', 'editor')]), -10);
    expect(presence.votersElsewhere()).toContain('u-expired');
    presence.expireRelayed(-10);
    presence.apply(update([9, 1, '{"at":"here"}']), peer({ id: 'u-here', name: 'Here' }, 'facilitator'));
    expect(presence.votersElsewhere()).toEqual(new Set(['u-ed', 'u-fa']));
  });

  it('tells when the least recently renewed relayed state still present was renewed', () => {
    const presence = new Presence();
    expect(presence.oldestRelayed()).toBeNull();
    presence.apply(update([9, 1, '{"at":"here"}']), alice());
    expect(presence.oldestRelayed()).toBeNull();
    presence.applyRelayed(relayed([1, 1, person('u-a')]), 10);
    presence.applyRelayed(relayed([2, 1, person('u-b')]), 5);
    presence.applyRelayed(relayed([3, 1, person('u-c')]), 20);
    expect(presence.oldestRelayed()).toBe(5);
    presence.applyRelayed(relayed([2, 2, null]), 30);
    expect(presence.oldestRelayed()).toBe(10);
  });

  it('expires relayed states renewed at or before the cutoff, once, never a connection’s own', () => {
    const presence = new Presence();
    presence.apply(update([9, 1, '{"at":"here"}']), alice());
    presence.applyRelayed(relayed([1, 1, person('u-a')]), 10);
    presence.applyRelayed(relayed([2, 1, person('u-b')]), 20);
    presence.takeChanges();
    expect(presence.expireRelayed(9)).toBe(false);
    expect(presence.hasChanges).toBe(false);
    expect(presence.expireRelayed(10)).toBe(true);
    expect(carried(presence.takeChanges())).toEqual([1]);
    expect(presence.expireRelayed(10)).toBe(false);
    expect(presence.hasChanges).toBe(false);
    expect(presence.expireRelayed(1000)).toBe(true);
    expect([...received(presence.everyone()).keys()]).toEqual([9]);
    // Expiry is this process's own view: the other processes are not told.
    presence.takeChangesHere();
    presence.expireRelayed(1000);
    expect(presence.takeChangesHere()).toBeNull();
  });
});

describe('Presence: a connection here and relayed people on the same client id', () => {
  it('ignores the person’s other connection echoing their relayed state at the same clock', () => {
    const presence = new Presence();
    presence.applyRelayed(relayed([7, 3, person('u-alice')]), 0);
    presence.takeChanges();
    const a = alice();
    expect(presence.apply(update([7, 3, JSON.stringify(person('u-alice'))]), a)).toBe(false);
    expect(presence.hasChanges).toBe(false);
    // Still relayed: it expires with its process, and this connection leaving takes nothing with it.
    expect(presence.leave(a)).toBe(false);
    expect(presence.expireRelayed(0)).toBe(true);
  });

  it('gives a relayed client id to its person’s connection here when it sends a newer clock', () => {
    const presence = new Presence();
    presence.applyRelayed(relayed([7, 3, person('u-alice')]), 0);
    const a = alice();
    expect(presence.apply(update([7, 4, '{"at":"moved"}']), a)).toBe(true);
    expect(presence.stateOf(7)).toMatchObject({ at: 'moved', user: { id: 'u-alice' } });
    expect(presence.oldestRelayed()).toBeNull();
    expect(presence.expireRelayed(1000)).toBe(false);
    expect(presence.leave(a)).toBe(true);
    expect(presence.everyone()).toBeNull();
  });
});

describe('Presence: clocks and leaving', () => {
  it('never parses a state older than the one held, even one that would not decode', () => {
    const presence = new Presence();
    const a = alice();
    presence.apply(update([7, 5, '{"at":"1.1"}']), a);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(presence.apply(update([7, 4, '[1,2,3]']), a)).toBe(false);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(presence.stateOf(7)).toMatchObject({ at: '1.1' });
  });

  it('takes a new client’s first state at clock 0', () => {
    const presence = new Presence();
    expect(presence.apply(update([7, 0, '{"at":"1.1"}']), alice())).toBe(true);
    expect(presence.stateOf(7)).toMatchObject({ at: '1.1' });
  });

  it('takes a removal at the clock held once, and a newer state after it', () => {
    const presence = new Presence();
    const a = alice();
    presence.apply(update([7, 5, '{"at":"1.1"}']), a);
    presence.takeChanges();
    expect(presence.apply(update([7, 5, 'null']), a)).toBe(true);
    expect(carried(presence.takeChanges())).toEqual([7]);
    expect(presence.apply(update([7, 5, 'null']), a)).toBe(false);
    expect(presence.apply(update([7, 6, '{"at":"1.2"}']), a)).toBe(true);
    expect(presence.stateOf(7)).toMatchObject({ at: '1.2' });
  });

  it('on leaving, removes only what the connection holds and tells the other processes', () => {
    const presence = new Presence();
    const [a, b] = [alice(), bob()];
    presence.apply(update([7, 1, '{"at":"1.1"}']), a);
    presence.takeChangesHere();
    // An id the connection once named but no longer holds, and one never seen here, are left alone.
    b.awarenessClients.add(7);
    b.awarenessClients.add(99);
    expect(() => presence.leave(b)).not.toThrow();
    expect(presence.stateOf(7)).toMatchObject({ at: '1.1' });
    expect(presence.takeChangesHere()).toBeNull();
    presence.leave(a);
    expect(carried(presence.takeChangesHere())).toEqual([7]);
    expect(presence.everyone()).toBeNull();
  });

  it('reuses the message made for other processes only when it carries every change', () => {
    const presence = new Presence();
    const [a, w] = [alice(), bob()];
    presence.apply(update([1, 1, '{"at":"a"}']), a);
    presence.apply(update([2, 1, '{"at":"w"}']), w);
    presence.takeChanges();
    // Here: 1 and 2 unsent to other processes; to this process's connections: 1 again, and 3 relayed.
    presence.apply(update([1, 2, '{"at":"a2"}']), a);
    presence.applyRelayed(relayed([3, 1, person('u-carol')]), 0);
    expect(carried(presence.takeChangesHere())).toEqual([1, 2]);
    expect(carried(presence.takeChanges())).toEqual([1, 3]);

    presence.apply(update([1, 3, '{"at":"a3"}']), a);
    const here = presence.takeChangesHere();
    expect(presence.takeChanges()).toBe(here);
  });
});
