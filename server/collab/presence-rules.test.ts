import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { MalformedMessageError } from './messages.ts';
import { Peer, type PeerUser } from './peer.ts';
import { Presence } from './presence.ts';

// Presence never touches the socket; the peers here only carry who is connected.
const peer = (user: PeerUser | null, role: 'facilitator' | 'editor' | 'observer' = 'editor') =>
  new Peer(null as unknown as WebSocket, 'review', user, role, role !== 'observer', role === 'facilitator');
const alice = (): Peer => peer({ id: 'u-alice', name: 'Alice' });
const bob = (): Peer => peer({ id: 'u-bob', name: 'Bob' });

/** An awareness update, entry by entry, as a stock client (or a forger) would encode it. */
function update(...entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}

describe('Presence: who may change a client id’s state', () => {
  it('ignores a "left" for a client id it has never seen, and an update with no entries', () => {
    const presence = new Presence();
    expect(presence.apply(update([7, 3, null]), alice())).toBe(false);
    expect(presence.apply(update(), alice())).toBe(false);
    expect(presence.hasChanges).toBe(false);
    expect(presence.everyone()).toBeNull();
    expect(presence.stateOf(7)).toBeUndefined();
  });

  it('while a connection holds a client id, refuses another connection’s state and removal, even the same person’s', () => {
    const presence = new Presence();
    const holder = alice();
    presence.apply(update([7, 1, { at: '1.1' }]), holder);
    presence.takeChanges();
    for (const other of [bob(), alice()]) {
      expect(presence.apply(update([7, 5, { at: 'elsewhere' }]), other)).toBe(false);
      expect(presence.apply(update([7, 1, null]), other)).toBe(false);
      expect(other.awarenessClients.size).toBe(0);
    }
    expect(presence.stateOf(7)).toMatchObject({ at: '1.1', user: { id: 'u-alice' } });
    expect(presence.hasChanges).toBe(false);
  });

  it('ignores the holder resending the clock it already sent', () => {
    const presence = new Presence();
    const holder = alice();
    presence.apply(update([7, 2, { at: '1.1' }]), holder);
    presence.takeChanges();
    expect(presence.apply(update([7, 2, { at: '9.9' }]), holder)).toBe(false);
    expect(presence.apply(update([7, 1, null]), holder)).toBe(false);
    expect(presence.stateOf(7)).toMatchObject({ at: '1.1' });
    expect(presence.hasChanges).toBe(false);
  });

  it('after its person left, gives the client id back only to them, at the clock they left with or later', () => {
    const presence = new Presence();
    const first = alice();
    presence.apply(update([7, 4, { at: '1.1' }]), first);
    expect(presence.leave(first)).toBe(true);
    presence.takeChanges();
    // Someone else, even at a later clock: no.
    expect(presence.apply(update([7, 9, { at: 'stolen' }]), bob())).toBe(false);
    // The same person, at an older clock, or saying again that they left: nothing changes.
    const back = alice();
    expect(presence.apply(update([7, 3, { at: 'old' }]), back)).toBe(false);
    expect(presence.apply(update([7, 4, null]), back)).toBe(false);
    expect(presence.hasChanges).toBe(false);
    expect(presence.stateOf(7)).toBeUndefined();
    // At the clock they left with: back, owned by the new connection.
    expect(presence.apply(update([7, 4, { at: '1.2' }]), back)).toBe(true);
    expect(presence.stateOf(7)).toMatchObject({ at: '1.2', user: { id: 'u-alice' } });
    expect([...back.awarenessClients]).toEqual([7]);
    expect(presence.leave(back)).toBe(true);
  });

  it('lets a signed-out connection take back its own client id, not a signed-in person’s', () => {
    const presence = new Presence();
    const anon = peer(null, 'observer');
    presence.apply(update([7, 1, { at: '1.1' }]), anon);
    presence.apply(update([8, 1, { at: '2.1' }]), alice());
    presence.leave(anon);
    const anonAgain = peer(null, 'observer');
    expect(presence.apply(update([7, 1, { at: '1.3' }]), anonAgain)).toBe(true);
    expect(presence.stateOf(7)).toEqual({ at: '1.3', user: { id: null, name: 'Unknown', role: 'observer' } });
  });

  it('forgets a client id its connection removed, so leaving later changes nothing', () => {
    const presence = new Presence();
    const holder = alice();
    presence.apply(update([7, 1, { at: '1.1' }]), holder);
    expect(presence.apply(update([7, 1, null]), holder)).toBe(true);
    expect(holder.awarenessClients.size).toBe(0);
    presence.takeChanges();
    expect(presence.leave(holder)).toBe(false);
    expect(presence.hasChanges).toBe(false);
    // Removing it again: nothing to remove.
    expect(presence.apply(update([7, 1, null]), holder)).toBe(false);
    // Nobody holds it now: the same person, from another connection, may announce it again.
    const again = alice();
    expect(presence.apply(update([7, 2, { at: '1.2' }]), again)).toBe(true);
    expect(presence.stateOf(7)).toMatchObject({ at: '1.2', user: { id: 'u-alice' } });
  });

  it('says whether anything is waiting to be sent, and that a connection that announced nothing changes nothing by leaving', () => {
    const presence = new Presence();
    expect(presence.leave(bob())).toBe(false);
    expect(presence.hasChanges).toBe(false);
    presence.apply(update([7, 1, { at: '1.1' }]), alice());
    expect(presence.hasChanges).toBe(true);
    presence.takeChanges();
    expect(presence.hasChanges).toBe(false);
  });
});

describe('Presence: what is stamped and what is refused', () => {
  it('keeps a claimed user object’s cosmetic fields, and nothing of a claimed user that is not an object', () => {
    const presence = new Presence();
    const p = alice();
    presence.apply(update([1, 1, { user: 'Mallory' }], [2, 1, { user: null }], [3, 1, { user: [1] }]), p);
    for (const id of [1, 2])
      expect(presence.stateOf(id)).toEqual({ user: { id: 'u-alice', name: 'Alice', role: 'editor' } });
    presence.apply(update([4, 1, { user: { color: '#abc', id: 'u-x', name: 'X' } }]), p);
    expect(presence.stateOf(4)).toEqual({ user: { color: '#abc', id: 'u-alice', name: 'Alice', role: 'editor' } });
  });

  it('refuses a state that is not an object, and names an update that does not decode', () => {
    const presence = new Presence();
    for (const state of [5, 'here', true, [1, 2]])
      expect(() => presence.apply(update([7, 1, state]), alice()), JSON.stringify(state)).toThrow(
        new MalformedMessageError('a presence state must be an object'),
      );
    const good = update([7, 1, { at: '1.1' }]);
    expect(() => presence.apply(good.subarray(0, good.length - 2), alice())).toThrow(
      new MalformedMessageError('a presence update that cannot be decoded'),
    );
    expect(() => presence.apply(new Uint8Array([...good, 0]), alice())).toThrow(
      new MalformedMessageError('unexpected bytes after the presence update'),
    );
    expect(presence.hasChanges).toBe(false);
  });
});
