import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type { MeetingEvent, MeetingRequest, RoundView } from '../../shared/protocol/meeting.ts';
import { MessageType } from '../../shared/protocol/messages.ts';
import type { ReviewState } from '../../shared/protocol/review-record.ts';

export interface MeetingSnapshot {
  rounds: RoundView[];
  /** The round not yet closed, if any (at most one at a time). */
  current: RoundView | null;
  error: string | null;
  /** The review's status and sign-offs as the server last announced them (null before the first). */
  review: ReviewState | null;
}

/** What a click made while disconnected did not do, and what to do about it. */
const notDone: Record<Exclude<MeetingRequest['t'], 'hello'>, string> = {
  open: 'the round did not open. Open it again once reconnected.',
  vote: 'your vote was not cast. Vote again once reconnected.',
  reveal: 'the votes were not revealed. Reveal them again once reconnected.',
  close: 'the round did not close. Close it again once reconnected.',
};

/** The client side of silent rating: subscribes on every (re)connection and keeps the rounds. */
export class MeetingConnection {
  private rounds = new Map<string, RoundView>();
  private review: ReviewState | null = null;
  private snapshot: MeetingSnapshot = { rounds: [], current: null, error: null, review: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly provider: WebsocketProvider) {
    provider.messageHandlers[MessageType.meeting] = (_encoder, decoder) =>
      this.onEvent(JSON.parse(decoding.readVarString(decoder)) as MeetingEvent);
    provider.on('sync', this.onSync);
    if (provider.synced) this.send({ t: 'hello' });
  }

  private readonly onSync = (synced: boolean) => {
    if (synced) this.send({ t: 'hello' });
  };

  private onEvent(event: MeetingEvent): void {
    if (event.t === 'error') {
      this.publish(event.message);
      return;
    }
    if (event.t === 'review') this.review = event.state;
    else if (event.t === 'rounds') this.rounds = new Map(event.rounds.map((r) => [r.id, r]));
    else this.rounds.set(event.round.id, event.round);
    this.publish(null);
  }

  private publish(error: string | null): void {
    const rounds = [...this.rounds.values()].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    this.snapshot = {
      rounds,
      current: rounds.find((r) => r.status !== 'closed') ?? null,
      error,
      review: this.review,
    };
    for (const l of this.listeners) l();
  }

  /** Sends now, or says why it could not: a request made while disconnected is never queued for later. */
  send(request: MeetingRequest): boolean {
    const ws = this.provider.ws;
    if (!ws || ws.readyState !== ws.OPEN) {
      // A hello goes out again at every sync; anything else was a person's click, done or not.
      if (request.t !== 'hello')
        this.publish(`Not connected to the server, so that was not done: ${notDone[request.t]}`);
      return false;
    }
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.meeting);
    encoding.writeVarString(e, JSON.stringify(request));
    ws.send(encoding.toUint8Array(e));
    return true;
  }

  getSnapshot = (): MeetingSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    this.provider.off('sync', this.onSync);
    this.listeners.clear();
  }
}
