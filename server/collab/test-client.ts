import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { MeetingEvent } from '../../shared/protocol/meeting.ts';
import { MessageType, SyncType } from '../../shared/protocol/messages.ts';
import { Peer, type PeerCredential, type PeerUser } from './peer.ts';

/** One frame the server sent, decoded as a client reads it. */
export type Frame =
  | { kind: 'step1'; payload: Uint8Array }
  | { kind: 'step2'; payload: Uint8Array }
  | { kind: 'update'; payload: Uint8Array }
  | { kind: 'awareness'; payload: Uint8Array }
  | { kind: 'denied'; reason: string }
  | { kind: 'saved'; token: number }
  | { kind: 'meeting'; json: { t: string; [key: string]: unknown } };

const syncKinds = { [SyncType.step1]: 'step1', [SyncType.step2]: 'step2', [SyncType.update]: 'update' } as const;

export function decodeFrame(data: Uint8Array): Frame {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  switch (type) {
    case MessageType.sync: {
      const sub = decoding.readVarUint(d) as keyof typeof syncKinds;
      return { kind: syncKinds[sub], payload: decoding.readVarUint8Array(d) };
    }
    case MessageType.awareness:
      return { kind: 'awareness', payload: decoding.readVarUint8Array(d) };
    case MessageType.auth:
      decoding.readVarUint(d);
      return { kind: 'denied', reason: decoding.readVarString(d) };
    case MessageType.saved:
      return { kind: 'saved', token: decoding.readVarUint(d) };
    case MessageType.meeting:
      return { kind: 'meeting', json: JSON.parse(decoding.readVarString(d)) as { t: string } };
  }
  throw new Error(`the server sent a frame of unknown type ${type}`);
}

/** Frames a client sends. */
export const clientFrame = {
  sync(sub: number, payload: Uint8Array): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  },
  update: (update: Uint8Array) => clientFrame.sync(SyncType.update, update),
  step1: (doc: Y.Doc) => clientFrame.sync(SyncType.step1, Y.encodeStateVector(doc)),
  awareness(update: Uint8Array): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, update);
    return encoding.toUint8Array(e);
  },
  queryAwareness(): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.queryAwareness);
    return encoding.toUint8Array(e);
  },
  saved(token: number): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.saved);
    encoding.writeVarUint(e, token);
    return encoding.toUint8Array(e);
  },
  meeting(json: unknown): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.meeting);
    encoding.writeVarString(e, JSON.stringify(json));
    return encoding.toUint8Array(e);
  },
};

/** An awareness update announcing one client at `at`, as a stock client sends it. */
export function presenceAt(at: string): Uint8Array {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalStateField('at', at);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.destroy();
  return update;
}

/** How long a test waits for what it expects before failing with what it awaited. */
const WAIT_MS = 4_000;

/**
 * The socket side of a connection: every frame the server sent it, decoded, how it was closed
 * or terminated, and the events it listens to (pong).
 */
export class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: Frame[] = [];
  closedWith: { code: number; reason: string } | null = null;
  terminated = false;
  pings = 0;
  private readonly listeners = new Map<string, (() => void)[]>();
  private readonly waiters = new Set<() => void>();

  send(data: Uint8Array): void {
    this.frames.push(decodeFrame(data));
    this.changed();
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
    this.changed();
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.changed();
  }

  ping(): void {
    this.pings++;
  }

  on(event: string, listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }

  /** Resolves with the first thing `found` returns other than undefined, checked now and at each frame or close. */
  until<T>(what: string, found: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value === undefined) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${WAIT_MS / 1000} s waiting for ${what}`));
      }, WAIT_MS);
      this.waiters.add(check);
      check();
    });
  }

  /** The first frame of `kind` at or after index `from`. */
  frame<K extends Frame['kind']>(kind: K, from = 0): Promise<Extract<Frame, { kind: K }>> {
    return this.until(`a ${kind} frame`, () =>
      this.frames.slice(from).find((f): f is Extract<Frame, { kind: K }> => f.kind === kind),
    );
  }

  /** Resolves once the server has acknowledged `token` (everything sent before it is stored). */
  saved(token: number): Promise<void> {
    return this.until(`saved ${token}`, () =>
      this.frames.some((f) => f.kind === 'saved' && f.token === token) ? true : undefined,
    ).then(() => {});
  }

  closing(): Promise<{ code: number; reason: string }> {
    return this.until('the connection to be closed', () => this.closedWith ?? undefined);
  }

  private changed(): void {
    for (const check of [...this.waiters]) check();
  }
}

/** A connection to `reviewId` with its fake socket. */
export function connection(
  reviewId: string,
  user: PeerUser | null,
  role: 'facilitator' | 'editor' | 'observer',
  credential: PeerCredential | null = null,
): { peer: Peer; ws: FakeSocket } {
  const ws = new FakeSocket();
  const canEdit = role !== 'observer';
  return {
    peer: new Peer(ws as unknown as WebSocket, reviewId, user, role, canEdit, role === 'facilitator', credential),
    ws,
  };
}

/** What a stock client would make of an awareness message the server sent: the states it carries, by client id. */
export function stockStates(message: Uint8Array | null): Map<number, unknown> {
  if (message === null) throw new Error('expected an awareness message, got none');
  const d = decoding.createDecoder(message);
  const type = decoding.readVarUint(d);
  if (type !== MessageType.awareness) throw new Error(`expected an awareness message, got type ${type}`);
  const listener = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(listener, decoding.readVarUint8Array(d), 'server');
  const states = new Map(listener.getStates());
  states.delete(listener.clientID);
  listener.destroy();
  return states;
}

/** A peer whose meeting events are kept, as its client reads them. */
export function meetingPeer(
  user: PeerUser | null,
  role: 'facilitator' | 'editor' | 'observer',
  canEdit = role !== 'observer',
): { peer: Peer; events: MeetingEvent[] } {
  const events: MeetingEvent[] = [];
  const ws = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send(data: Uint8Array) {
      const d = decoding.createDecoder(data);
      decoding.readVarUint(d);
      events.push(JSON.parse(decoding.readVarString(d)) as MeetingEvent);
    },
  };
  return { peer: new Peer(ws as unknown as WebSocket, 'review-1', user, role, canEdit, false), events };
}
