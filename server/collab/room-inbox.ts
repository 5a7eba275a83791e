import type * as Y from 'yjs';
import type { Peer } from './peer.ts';
import type { RemoteEvent } from './room-fanout.ts';

/** What waits in a room's queue: a connection's frame or arrival, a server change, another process's event. */
export type RoomEvent =
  | { peer: Peer; data: Uint8Array }
  | { peer: Peer; open: true }
  /** A change the server makes itself; `done` says whether it was stored. */
  | { change: (doc: Y.Doc) => void; done: (stored: boolean) => void }
  | { remote: RemoteEvent };

/** A frame or arrival from one connection. */
export type PeerEvent = Extract<RoomEvent, { peer: Peer }>;

/**
 * A room's one queue. The drain runs from setImmediate, after the poll phase, so every frame read
 * in one I/O pass joins one batch.
 */
export class RoomInbox {
  private readonly events: RoomEvent[] = [];
  private scheduled = false;

  constructor(private readonly drain: () => void) {}

  push(event: RoomEvent): void {
    this.events.push(event);
    this.schedule();
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** Everything waiting, in arrival order; the queue is then empty. */
  take(): RoomEvent[] {
    return this.events.splice(0);
  }

  get size(): number {
    return this.events.length;
  }

  /** The room shut: what waits is dropped, and server changes are told they were not stored. */
  abandon(): void {
    for (const event of this.take()) if ('change' in event) event.done(false);
  }
}
