import type { RoomFanout } from '../collab/room-fanout.ts';
import type { ClusterLink, ClusterNotice } from '../collab/cluster-link.ts';
import type { Rooms } from '../collab/rooms.ts';
import { RedisBus } from './redis-bus.ts';
import type { ControlMessage } from './wire.ts';

/**
 * Several processes serving the same reviews: each review's room subscribes to its channel while
 * loaded; what a process commits it publishes after storing, and the others apply and relay it.
 * The store stays the source of truth: a missed message is read from it, never re-sent by a peer.
 */
export class Cluster implements ClusterLink {
  private readonly bus: RedisBus;

  constructor(
    url: string,
    private readonly log: (message: string, error?: unknown) => void,
    prefix?: string,
  ) {
    this.bus = new RedisBus({ url, prefix, log });
  }

  get processId(): string {
    return this.bus.processId;
  }

  get connected(): boolean {
    return this.bus.connected;
  }

  /** Connected and listening to the control channel. */
  get ready(): Promise<void> {
    return this.bus.ready;
  }

  /** Act on what the other processes tell, and read the store again after a reconnect. */
  serve(rooms: Rooms): void {
    this.bus.onControl((message) => rooms.heard(noticeOf(message)));
    this.bus.onResubscribed(() => rooms.rereadAll());
  }

  room(reviewId: string): RoomFanout {
    let stop: (() => Promise<void>) | null = null;
    const sent = (what: string) => (error: unknown) => this.log(`review ${reviewId}: publishing ${what} failed`, error);
    return {
      attach: async (deliver) => {
        stop = await this.bus.subscribe(reviewId, (message) => {
          if (message.kind === 'update') deliver({ kind: 'update', seq: message.seq, update: message.update });
          else if (message.kind === 'presence') deliver({ kind: 'presence', awareness: message.awareness });
          else deliver({ kind: 'meeting' });
        });
      },
      committed: (seq, update) => {
        this.bus.publish(reviewId, { kind: 'update', seq, update }).catch(sent('an update'));
      },
      presence: (awareness) => {
        this.bus.publish(reviewId, { kind: 'presence', awareness }).catch(sent('presence'));
      },
      meetingChanged: () => {
        this.bus.publish(reviewId, { kind: 'meeting' }).catch(sent('a round'));
      },
      detach: async () => {
        await stop?.();
      },
    };
  }

  tell(notice: ClusterNotice): void {
    this.bus
      .publishControl(notice)
      .catch((error: unknown) => this.log(`telling other processes (${notice.kind}) failed`, error));
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}

function noticeOf(message: ControlMessage): ClusterNotice {
  const { origin: _origin, ...notice } = message;
  return notice;
}
