import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import { meetingRequestSchema } from '../../shared/protocol/meeting-schema.ts';
import { finalRefusal, type ReviewState } from '../../shared/protocol/review-record.ts';
import { meetingMessage, type Meeting } from './meeting.ts';
import type { HistoryRecorder } from './history-recorder.ts';
import { ColdState } from './cold-state.ts';
import { decodeIncoming, permissionDenied, savedMessage } from './messages.ts';
import type { Peer } from './peer.ts';
import type { PresenceRelay } from './presence-relay.ts';
import { Refusal } from './refusal.ts';
import type { ReviewLog } from './review-log.ts';
import type { PeerEvent } from './room-inbox.ts';
import type { LoadedReview } from './room-load.ts';
import { policyOf } from './update-gate.ts';
import { warmUp, type WarmState } from './warm-state.ts';

/** The stages and state of a loaded room that one message can reach. */
export interface LoadedRoom {
  /** Cold (one encoded update) until something needs the document. */
  document: ColdState | WarmState;
  /** The document, built from the cold state first if need be. */
  warm(): WarmState;
  history: HistoryRecorder;
  log: ReviewLog;
  presence: PresenceRelay;
  meeting: Meeting;
  /** Status and sign-offs; a final review refuses every change, from anyone. */
  state: ReviewState | null;
  work: PendingWork;
}

/** A loaded review with the room's stages: cold until `warm()` first builds its document. */
export function loadedRoom(
  review: LoadedReview,
  stages: Pick<LoadedRoom, 'presence' | 'work' | 'history' | 'log'>,
  state: ReviewState | null,
): LoadedRoom {
  const room: LoadedRoom = { ...review, ...stages, state, warm: () => warmUp(room, stages.log, review.model) };
  return room;
}

/** What a batch sends once it is stored, to whom. */
export type Replies = [Peer, Uint8Array][];

/** Asynchronous work started while handling a batch (meeting actions), finished before its replies go out. */
export class PendingWork {
  // Stryker disable next-line ArrayDeclaration: equivalent, see docs/mutation.md (a settled non-promise)
  private readonly pending: Promise<void>[] = [];

  constructor(private readonly report: (error: unknown) => void) {}

  add(work: Promise<void>): void {
    this.pending.push(work);
  }

  /** Work started outside any batch (on a timer): nothing waits for it, and a failure is reported. */
  start(work: Promise<void>): void {
    work.catch(this.report);
  }

  /** Wait for all of it, and for whatever was added meanwhile; a failure is reported, never thrown. */
  async settle(): Promise<void> {
    while (this.pending.length > 0) {
      for (const result of await Promise.allSettled(this.pending.splice(0))) {
        if (result.status === 'rejected') this.report(result.reason);
      }
    }
  }
}

/** What a connection is sent as it joins: the server's state vector, then everyone present. */
export function opened(peer: Peer, room: Pick<LoadedRoom, 'document' | 'presence'>, replies: Replies): void {
  replies.push([peer, room.document.step1()]);
  const others = room.presence.everyone();
  if (others) replies.push([peer, others]);
}

/**
 * One connection's arrival or frame in a batch: the Refusal that must close it, or null. A fault
 * that is not a refusal is reported and closes the connection as malformed.
 */
export function handlePeerEvent(
  event: PeerEvent,
  room: LoadedRoom,
  replies: Replies,
  fault: (error: unknown) => void,
): Refusal | null {
  if ('open' in event) {
    opened(event.peer, room, replies);
    return null;
  }
  try {
    handleMessage(event.data, event.peer, room, replies);
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error;
    fault(error);
    return new Refusal(CloseCode.malformed, 'the message could not be processed');
  }
}

/**
 * Handle one message from `peer`: an update goes through the update gate and, once allowed, the
 * history recorder into the document; anything else is answered. Replies go out once the batch is
 * stored. Throws a Refusal to close `peer` (anything else is a fault: logged, closed as malformed).
 */
export function handleMessage(data: Uint8Array, peer: Peer, room: LoadedRoom, replies: Replies): void {
  const message = decodeIncoming(data);
  switch (message.kind) {
    case 'update':
      return acceptUpdate(message.update, peer, room, replies);
    case 'step1':
      replies.push([peer, room.document.step2(message.stateVector)]);
      return;
    case 'awareness':
      if (message.update.byteLength > Limits.maxAwarenessBytes)
        throw new Refusal(CloseCode.tooLarge, 'presence state too large');
      room.presence.apply(message.update, peer);
      return;
    case 'queryAwareness': {
      const everyone = room.presence.everyone();
      if (everyone) replies.push([peer, everyone]);
      return;
    }
    case 'meeting':
      return meetingRequest(message.json, peer, room, replies);
    case 'saved':
      // Sent after this batch is stored, so it acknowledges everything before it.
      replies.push([peer, savedMessage(message.token)]);
      return;
  }
}

/**
 * Only an update the gate allows reaches the real document. An observer's refused change is
 * answered with a refusal message, leaving it connected; anyone else's closes their connection
 * (their later updates would depend on it).
 */
function acceptUpdate(update: Uint8Array, peer: Peer, room: LoadedRoom, replies: Replies): void {
  if (room.log.approxBytes > Limits.maxDocumentBytes && peer.canEdit) {
    throw new Refusal(CloseCode.tooLarge, `this review has reached its size limit of ${Limits.maxDocumentBytes} bytes`);
  }
  // Every joiner answers step 1 with what the server lacks, usually nothing: no reason to warm.
  if (room.document instanceof ColdState && !room.document.adds(update)) return;
  const { doc, gate } = room.warm();
  const final = room.state?.status === 'final';
  let touched;
  try {
    touched = gate.check(update, policyOf(peer, final), peer);
  } catch (error) {
    if (peer.canEdit || !(error instanceof Refusal) || error.code !== CloseCode.invalidUpdate) throw error;
    replies.push([peer, permissionDenied(error.reason)]);
    return;
  }
  // The checks already refuse whatever an observer's update would integrate, including structs that
  // change nothing visible; this guard keeps the real document and the log out of their reach even
  // if a check is missed.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, see docs/mutation.md (defence in depth)
  if (!peer.canEdit || final) return;
  room.history.record(doc, touched, peer.user, () => Y.applyUpdate(doc, update, peer));
}

function meetingRequest(json: unknown, peer: Peer, room: LoadedRoom, replies: Replies): void {
  const request = meetingRequestSchema.safeParse(json);
  if (!request.success) {
    // A failed parse has at least one issue; the schema is flat, so its path is one key at most.
    const issue = request.error.issues[0]!;
    // Stryker disable next-line StringLiteral: equivalent, see docs/mutation.md (a path of one key)
    const message = `bad meeting request: ${issue.path.join('.')} ${issue.message}`;
    peer.send(meetingMessage({ t: 'error', message }));
    return;
  }
  if (room.state?.status === 'final' && request.data.t !== 'hello') {
    peer.send(meetingMessage({ t: 'error', message: finalRefusal }));
    return;
  }
  room.work.add(room.meeting.handle(peer, request.data));
  if (request.data.t === 'hello' && room.state)
    replies.push([peer, meetingMessage({ t: 'review', state: room.state })]);
}
