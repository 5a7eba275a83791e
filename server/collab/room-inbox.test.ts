import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/deadline.ts';
import type { Peer } from './peer.ts';
import { RoomInbox, type RoomEvent } from './room-inbox.ts';

const peer = {} as Peer;

/** An inbox whose drains take what waits; `drained` resolves at each drain with what it took. */
function inbox() {
  const drains: RoomEvent[][] = [];
  let next: (events: RoomEvent[]) => void = () => {};
  const box: RoomInbox = new RoomInbox(() => {
    const events = box.take();
    drains.push(events);
    next(events);
  });
  // A drain runs at the next setImmediate: a second is ample, and a missed drain fails here by name.
  const drained = () =>
    waitFor<RoomEvent[]>(
      'the inbox to drain',
      (done) => {
        next = done;
        return () => (next = () => {});
      },
      1_000,
    );
  return { box, drains, drained };
}

describe('RoomInbox', () => {
  it('drains once for everything pushed in one pass, in arrival order', async () => {
    const { box, drains } = inbox();
    const first = { peer, open: true as const };
    const second = { peer, data: new Uint8Array([1]) };
    const third = { remote: { kind: 'meeting' as const } };
    box.push(first);
    box.push(second);
    box.schedule();
    box.push(third);
    expect(box.size).toBe(3);
    // setImmediate callbacks run in the order they were queued: by this one, every drain the
    // pushes scheduled has run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(drains).toEqual([[first, second, third]]);
    expect(box.size).toBe(0);
  });

  it('drains again for what is pushed after a drain, and when only scheduled', async () => {
    const { box, drains, drained } = inbox();
    let drain = drained();
    box.push({ peer, open: true });
    await drain;
    drain = drained();
    const later = { peer, data: new Uint8Array([2]) };
    box.push(later);
    expect(await drain).toEqual([later]);
    // A connection left: the room drains to see whether it can unload, with nothing queued.
    drain = drained();
    box.schedule();
    expect(await drain).toEqual([]);
    expect(drains).toHaveLength(3);
  });

  it('drops what waits when abandoned, telling each server change it was not stored', () => {
    const { box } = inbox();
    const told: boolean[] = [];
    box.push({ peer, open: true });
    box.push({ change: () => {}, done: (stored) => told.push(stored) });
    box.push({ remote: { kind: 'meeting' } });
    box.push({ change: () => {}, done: (stored) => told.push(stored) });
    box.abandon();
    expect(told).toEqual([false, false]);
    expect(box.size).toBe(0);
    expect(box.take()).toEqual([]);
  });
});
