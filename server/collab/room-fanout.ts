import * as Y from 'yjs';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import { STORED } from './review-log.ts';
import type { LoadedRoom } from './room-messages.ts';
import type { UpdateGate } from './update-gate.ts';

/** What reaches a room from the other processes holding its review. */
export type RemoteEvent =
  | { kind: 'update'; seq: number; update: Uint8Array }
  /** Something was committed that this process may have missed: read the store again. */
  | { kind: 'stored' }
  | { kind: 'presence'; awareness: Uint8Array }
  | { kind: 'meeting' }
  | { kind: 'state'; state: ReviewState };

/**
 * A room's link to the other processes serving its review (server/cluster). Attached before the
 * room loads, so nothing committed after the load can be missed; what the room commits, and its
 * people's presence and rounds, go out through it once stored.
 */
export interface RoomFanout {
  attach(deliver: (event: RemoteEvent) => void): Promise<void>;
  committed(seq: number, update: Uint8Array): void;
  presence(message: Uint8Array): void;
  meetingChanged(): void;
  detach(): Promise<void>;
}

/** How long a missing sequence number may stay missing before the room reads the store for it. */
export const GAP_HEAL_MS = 250;

/**
 * Apply an event from another process to a loaded room, in the room's queue like every message.
 * Updates were checked and committed by the process that received them: applied to the document
 * and the gate's shadow copy, never committed again, relayed to this process's peers.
 */
export async function applyRemote(
  event: RemoteEvent,
  room: LoadedRoom,
  /** Where an applied update goes to be relayed to this process's peers (merged per batch). */
  relay: (update: Uint8Array) => void,
): Promise<void> {
  switch (event.kind) {
    case 'update': {
      if (!room.log.applied(event.seq)) return;
      // A cold room builds its document first: the update lands where the gate and the log see it.
      const { doc, gate } = room.warm();
      Y.applyUpdate(doc, event.update, STORED);
      return follow(event.update, gate, relay);
    }
    case 'stored': {
      const { doc, gate } = room.warm();
      const before = Y.encodeStateVector(doc);
      Y.applyUpdate(doc, await room.log.read(), STORED);
      return follow(Y.encodeStateAsUpdate(doc, before), gate, relay);
    }
    case 'presence':
      room.presence.applyRelayed(event.awareness);
      return;
    case 'meeting':
      room.work.add(room.meeting.reload());
      return;
    case 'state':
      room.state = event.state;
      room.meeting.announce({ t: 'review', state: event.state });
      return;
  }
}

/** What reached the document goes on to the update gate's shadow copy and to this process's peers. */
function follow(update: Uint8Array, gate: UpdateGate, relay: (update: Uint8Array) => void): void {
  gate.follow(update);
  relay(update);
}

/**
 * What a loaded room's people do that other processes must see: their presence, and rounds; and
 * who is connected to the others, for the auto-reveal of a silent round.
 */
export function publishThrough(fanout: RoomFanout, room: LoadedRoom): void {
  room.presence.publish = (message) => fanout.presence(message);
  room.meeting.onChange = () => fanout.meetingChanged();
  room.meeting.votersElsewhere = () => room.presence.state.votersElsewhere();
  room.presence.onExpired = () => room.work.start(room.meeting.peopleLeft());
}

/**
 * A sequence number still missing GAP_HEAL_MS after a later one arrived is read from the store.
 * Watched number by number: under steady load from several processes there is nearly always some
 * number in flight, and reading the whole review again for each of those would cost far more than
 * the commits themselves.
 */
export class GapWatch {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** The lowest committed number this room lacks below one it holds; null when none. */
    private readonly firstMissing: () => number | null,
    private readonly holds: (seq: number) => boolean,
    private readonly reread: () => void,
  ) {}

  check(): void {
    if (this.timer !== null) return;
    const missing = this.firstMissing();
    if (missing === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Arrived late, as most do: watch the next gap, if any, from now.
      if (this.holds(missing)) this.check();
      else this.reread();
    }, GAP_HEAL_MS);
  }

  stop(): void {
    clearTimeout(this.timer ?? undefined);
    this.timer = null;
  }
}
