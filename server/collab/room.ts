import * as Y from 'yjs';
import type { Framework } from '../../shared/framework/schema.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import { migrateReview } from '../../shared/review/migrations.ts';
import { frameworkOfReview } from '../../shared/review/moderation.ts';
import { reviewModel, type ReviewModel } from '../../shared/review/model.ts';
import { defineRoots } from '../../shared/review/roots.ts';
import { historyEvent, valuedRoots, type HistoryEvent, type TouchedKey } from '../../shared/review/history.ts';
import { InvalidUpdateError, checkTransaction, type ChangePolicy } from '../../shared/review/validate-update.ts';
import type { Store } from '../store/types.ts';
import {
  MalformedMessageError,
  decodeIncoming,
  permissionDenied,
  savedMessage,
  syncStep1,
  syncStep2,
  syncUpdate,
} from './messages.ts';
import { Presence } from './presence.ts';
import { presenceFlushMs } from './presence-window.ts';
import { Meeting, meetingMessage } from './meeting.ts';
import { meetingRequestSchema } from '../../shared/protocol/meeting-schema.ts';
import type { Peer } from './peer.ts';
import { finalRefusal, type ReviewState } from '../../shared/protocol/review-record.ts';

export interface RoomOptions {
  /** Compact the update log into a snapshot once it holds this many updates. */
  compactAfter: number;
  log?: (message: string, error?: unknown) => void;
  /** After each batch is stored ('commit') and once more as the room unloads ('unload'). */
  onCommit?: (reviewId: string, doc: Y.Doc, seq: number, when: 'commit' | 'unload') => void;
}

type Event =
  | { peer: Peer; data: Uint8Array }
  | { peer: Peer; open: true }
  /** A change the server makes itself; `done` says whether it was stored. */
  | { change: (doc: Y.Doc) => void; done: (stored: boolean) => void };

/** Edits to one text by one person within this long count as one entry in the history. */
const TEXT_SESSION_MS = 5 * 60_000;
/** Presence is coalesced over this window (see presence-window.ts). */
const PRESENCE_FLUSH_MS = presenceFlushMs(process.env.PRESENCE_FLUSH_MS);

/**
 * One review's live document. Every message from every connection goes through one queue, so
 * nothing is answered before the document has loaded and nothing is relayed before it is stored.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly presence = new Presence();
  readonly peers = new Set<Peer>();
  /** Validation copy, built at the first update: a review that is only read never pays for it. */
  private shadow: Y.Doc | null = null;
  /** The whole document as a sync reply, encoded once per version for a burst of joiners with nothing yet. */
  private fullState: Uint8Array | null = null;
  private model: ReviewModel | null = null;
  private policy: ChangePolicy = { canEditLocked: false };
  private shadowError: Error | null = null;
  /** Keys the update being checked touches, for the history. */
  private touched: TouchedKey[] = [];
  private readonly unsavedHistory: HistoryEvent[] = [];
  /** Status and sign-offs; a final review refuses every change, from anyone. */
  private state: ReviewState | null = null;
  /** Silent rating rounds, loaded with the document. */
  private meeting: Meeting | null = null;
  /** Asynchronous work started while handling a batch (meeting actions), finished before its replies. */
  private readonly work: Promise<void>[] = [];
  /** When each person's edits to each text were last recorded, to record a typing session once. */
  private readonly lastTextEvent = new Map<string, number>();
  private readonly inbox: Event[] = [];
  private readonly unsaved: Uint8Array[] = [];
  private readonly unsavedOrigins = new Set<unknown>();
  /** Size of the stored state: the snapshot at load plus every update since (exact again after compaction). */
  private approxBytes = 0;
  private drainScheduled = false;
  private draining = false;
  private presenceTimer: NodeJS.Timeout | null = null;
  private lastPresenceFlush = 0;
  private lastSeq = 0;
  private snapshotSeq = 0;
  private destroyed = false;
  readonly ready: Promise<void>;
  /** Resolves once the room has unloaded (no peers left and everything stored). */
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  constructor(
    readonly reviewId: string,
    private readonly store: Store,
    private readonly loadFramework: (id: string, version: number) => Promise<Framework | null>,
    private readonly options: RoomOptions,
    /** The previous room of the same review, still unloading: load only after it has stored. */
    previous?: Promise<void>,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.fullState = null;
      this.unsaved.push(update);
      this.unsavedOrigins.add(origin);
    });
    this.ready = (previous ?? Promise.resolve()).then(() => this.load());
    this.ready.catch(() => {}); // Failure is handled in drain(); never an unhandled rejection.
  }

  private async load(): Promise<void> {
    const review = await this.store.getReview(this.reviewId);
    if (!review) throw Object.assign(new Error(`no review "${this.reviewId}"`), { code: CloseCode.notFound });
    const framework = await this.loadFramework(review.frameworkId, review.frameworkVersion);
    if (!framework) throw new Error(`framework ${review.frameworkId} v${review.frameworkVersion} is missing`);
    const stored = await this.store.loadDocument(this.reviewId);
    const updates = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    const state = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
    this.approxBytes = state.byteLength;
    defineRoots(this.doc);
    Y.applyUpdate(this.doc, state, 'load');
    this.unsaved.length = 0;
    this.unsavedOrigins.clear();
    this.lastSeq = stored.lastSeq;
    this.snapshotSeq = stored.lastSeq - stored.updates.length;
    this.model = reviewModel(frameworkOfReview(framework, this.doc));
    this.state = await this.store.records.state(this.reviewId);
    this.meeting = new Meeting(this.reviewId, this.store.meeting, this.model, () => this.peers);
    await this.meeting.load();
    migrateReview(this.doc, framework);
    if (this.unsaved.length > 0) {
      // A migration changed the document: store it before anyone sees it, and mirror it.
      const update = Y.mergeUpdates(this.unsaved.splice(0));
      this.unsavedOrigins.clear();
      this.lastSeq = await this.store.appendUpdates(this.reviewId, [update]);
    }
  }

  private step2For(stateVector: Uint8Array): Uint8Array {
    // A client with nothing yet (state vector: zero entries) gets the cached full state.
    if (stateVector.byteLength !== 1 || stateVector[0] !== 0) return syncStep2(this.doc, stateVector);
    return (this.fullState ??= syncStep2(this.doc, stateVector));
  }

  private shadowDoc(): Y.Doc {
    if (this.shadow !== null) return this.shadow;
    const shadow = new Y.Doc();
    defineRoots(shadow);
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc), 'load');
    shadow.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === 'load' || this.model === null) return;
      try {
        this.touched.push(...checkTransaction(tr, this.model, this.policy));
      } catch (error) {
        this.shadowError = error instanceof Error ? error : new Error(String(error));
      }
    });
    return (this.shadow = shadow);
  }

  /** A refused update has already been applied to the shadow; drop it, to be rebuilt from the real document. */
  private discardShadow(): void {
    this.shadow?.destroy();
    this.shadow = null;
  }

  add(peer: Peer): void {
    this.peers.add(peer);
    this.enqueue({ peer, open: true });
  }

  receive(peer: Peer, data: Uint8Array): void {
    if (peer.closed) return;
    if (!peer.allowMessage()) {
      peer.close(CloseCode.rateLimited, `more than ${Limits.messagesPerSecond} messages a second`);
      this.remove(peer);
      return;
    }
    if (data.byteLength > Limits.maxMessageBytes) {
      peer.close(CloseCode.tooLarge, `message of ${data.byteLength} bytes; the limit is ${Limits.maxMessageBytes}`);
      this.remove(peer);
      return;
    }
    this.enqueue({ peer, data });
  }

  remove(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    if (this.meeting) this.work.push(this.meeting.left(peer));
    if (this.presence.leave(peer)) this.schedulePresence();
    this.scheduleDrain();
  }

  private enqueue(event: Event): void {
    this.inbox.push(event);
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.destroyed) return;
    this.drainScheduled = true;
    // setImmediate runs after the poll phase, so every frame read in one I/O pass joins one batch.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    this.drainScheduled = false;
    if (this.draining || this.destroyed) return;
    this.draining = true;
    try {
      try {
        await this.ready;
      } catch (error) {
        const code = (error as { code?: number }).code ?? CloseCode.serverError;
        if (code !== CloseCode.notFound) this.options.log?.(`review ${this.reviewId} failed to load`, error);
        this.closeAll(code, code === CloseCode.notFound ? 'no such review' : 'the review could not be loaded');
        return;
      }
      await this.finishWork();
      while (this.inbox.length > 0) {
        const batch = this.inbox.splice(0);
        const replies: [Peer, Uint8Array][] = [];
        const changes: ((stored: boolean) => void)[] = [];
        for (const event of batch) {
          if ('change' in event) {
            this.doc.transact(() => event.change(this.doc), 'server');
            // The validation copy has not seen it: rebuilt from the document at the next update.
            this.discardShadow();
            changes.push(event.done);
          } else this.handle(event, replies);
        }
        await this.finishWork();
        const stored = await this.persist();
        for (const done of changes) done(stored);
        if (!stored) return;
        for (const [peer, reply] of replies) peer.send(reply);
      }
    } finally {
      this.draining = false;
      // Kept only while a burst of joiners lasts; an idle review should not hold a second copy.
      if (this.inbox.length === 0) this.fullState = null;
      if (this.inbox.length > 0) this.scheduleDrain();
      else if (this.peers.size === 0) void this.unload();
    }
  }

  private handle(event: Exclude<Event, { change: unknown }>, replies: [Peer, Uint8Array][]): void {
    const { peer } = event;
    if (peer.closed || !this.peers.has(peer)) return;
    if ('open' in event) {
      replies.push([peer, syncStep1(this.doc)]);
      const others = this.presence.everyone();
      if (others) replies.push([peer, others]);
      return;
    }
    try {
      const message = decodeIncoming(event.data);
      switch (message.kind) {
        case 'step1':
          replies.push([peer, this.step2For(message.stateVector)]);
          return;
        case 'update': {
          const refusal = this.applyUpdate(peer, message.update);
          if (refusal) replies.push([peer, refusal]);
          return;
        }
        case 'awareness': {
          if (message.update.byteLength > Limits.maxAwarenessBytes) {
            peer.close(CloseCode.tooLarge, 'presence state too large');
            return;
          }
          if (this.presence.apply(message.update, peer)) this.schedulePresence();
          return;
        }
        case 'queryAwareness': {
          const everyone = this.presence.everyone();
          if (everyone) replies.push([peer, everyone]);
          return;
        }
        case 'meeting': {
          const request = meetingRequestSchema.safeParse(message.json);
          if (!request.success || !this.meeting) {
            const issue = request.error?.issues[0];
            peer.send(
              meetingMessage({
                t: 'error',
                message: `bad meeting request: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'not ready'}`,
              }),
            );
            return;
          }
          if (this.final && request.data.t !== 'hello') {
            peer.send(meetingMessage({ t: 'error', message: finalRefusal }));
            return;
          }
          this.work.push(this.meeting.handle(peer, request.data));
          if (request.data.t === 'hello' && this.state) {
            replies.push([peer, meetingMessage({ t: 'review', state: this.state })]);
          }
          return;
        }
        case 'saved':
          // Sent after this batch is stored, so it acknowledges everything before it.
          replies.push([peer, savedMessage(message.token)]);
          return;
      }
    } catch (error) {
      if (error instanceof InvalidUpdateError) peer.close(CloseCode.invalidUpdate, error.message);
      else if (error instanceof MalformedMessageError) peer.close(CloseCode.malformed, error.message);
      else {
        this.options.log?.(`review ${this.reviewId}: message from peer ${peer.id} failed`, error);
        peer.close(CloseCode.malformed, 'the message could not be processed');
      }
      this.remove(peer);
    }
  }

  /**
   * Validate on the shadow copy first; only an allowed update reaches the real document.
   * An observer's change is dropped and answered with a refusal message, leaving it connected;
   * anyone else's refused change closes their connection (their later updates would depend on it).
   */
  private applyUpdate(peer: Peer, update: Uint8Array): Uint8Array | null {
    if (this.approxBytes > Limits.maxDocumentBytes && peer.canEdit) {
      peer.close(CloseCode.tooLarge, `this review has reached its size limit of ${Limits.maxDocumentBytes} bytes`);
      return null;
    }
    this.policy = {
      canEditLocked: peer.canEditLocked,
      readOnly: !peer.canEdit || this.final,
      ...(this.final ? { readOnlyReason: finalRefusal } : {}),
      userId: peer.user?.id,
      isFacilitator: peer.role === 'facilitator',
    };
    this.shadowError = null;
    this.touched = [];
    const shadow = this.shadowDoc();
    const pendingBefore = shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null;
    try {
      Y.applyUpdate(shadow, update, peer);
    } catch {
      this.shadowError = new MalformedMessageError('the update could not be decoded');
    }
    const store = shadow.store;
    if (this.shadowError === null && !pendingBefore && (store.pendingStructs !== null || store.pendingDs !== null)) {
      // Holding on to it would let a client park unbounded data the document never shows.
      this.shadowError = new InvalidUpdateError('the update depends on changes the server does not have');
    }
    if (this.shadowError !== null) {
      const error = this.shadowError;
      this.shadowError = null;
      this.discardShadow();
      if (!peer.canEdit && error instanceof InvalidUpdateError) return permissionDenied(error.message);
      throw error;
    }
    // checkTransaction already refuses whatever an observer's update would integrate, including
    // structs that change nothing visible (they still advance the state vector). This guard keeps
    // the real document and the update log out of reach of observers even if a check is missed.
    if (!peer.canEdit || this.final) return null;
    const valued = this.touched.filter((t) => valuedRoots.has(t.root));
    const before = valued.map((t) => this.doc.getMap(t.root).get(t.key));
    Y.applyUpdate(this.doc, update, peer);
    this.record(peer, valued, before);
    return null;
  }

  /** Turn what an update touched into history events: values for ratings and locks, one entry per typing session for text. */
  private record(peer: Peer, valued: TouchedKey[], before: unknown[]): void {
    const at = new Date();
    const who = peer.user;
    valued.forEach((t, i) => {
      const after = this.doc.getMap(t.root).get(t.key);
      if (after === before[i]) return;
      const event = historyEvent(t, who, at.toISOString(), before[i], after);
      if (event) this.unsavedHistory.push(event);
    });
    const seen = new Set<string>();
    for (const t of this.touched) {
      if (valuedRoots.has(t.root)) continue;
      // A deletion is recorded with what was deleted, whatever the typing session.
      for (const item of t.removed ?? []) {
        const event = historyEvent(t, who, at.toISOString());
        if (event)
          this.unsavedHistory.push({
            ...event,
            detail: { ...event.detail, deleted: item.text, id: item.id, author: item.byName },
          });
      }
      if (t.onlyRemoved) continue;
      const key = `${who?.id ?? ''}|${t.root}|${t.key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const last = this.lastTextEvent.get(key);
      if (last !== undefined && at.getTime() - last < TEXT_SESSION_MS) continue;
      this.lastTextEvent.set(key, at.getTime());
      const event = historyEvent(t, who, at.toISOString());
      if (event) this.unsavedHistory.push(event);
    }
  }

  private get final(): boolean {
    return this.state?.status === 'final';
  }

  /**
   * The review's status changed (stored already): apply it to what this room accepts from now on
   * and tell every subscribed client, whose page turns read-only (or editable) without a reload.
   */
  setState(state: ReviewState): void {
    this.state = state;
    this.meeting?.announce({ t: 'review', state });
  }

  /**
   * A change the server itself makes (e.g. the title in meta after a rename): applied to the live
   * document, then stored and relayed to everyone like any other change. Resolves once stored;
   * false when the room closed first (the caller tries a fresh room).
   */
  serverChange(change: (doc: Y.Doc) => void): Promise<boolean> {
    if (this.destroyed) return Promise.resolve(false);
    // In the queue like any message, so it is ordered with everyone's edits and stored before it is relayed.
    return new Promise((done) => {
      this.inbox.push({ change, done });
      this.scheduleDrain();
    });
  }

  private async finishWork(): Promise<void> {
    while (this.work.length > 0) {
      for (const result of await Promise.allSettled(this.work.splice(0))) {
        if (result.status === 'rejected')
          this.options.log?.(`review ${this.reviewId}: meeting action failed`, result.reason);
      }
    }
  }

  /** Store what this batch changed, then relay it. False when storing failed and the room shut. */
  private async persist(): Promise<boolean> {
    if (this.unsaved.length === 0) return true;
    const update = this.unsaved.length === 1 ? this.unsaved[0]! : Y.mergeUpdates(this.unsaved);
    const origins = [...this.unsavedOrigins];
    this.unsaved.length = 0;
    this.unsavedOrigins.clear();
    // Attributed to its author when one person made the whole batch (the usual case).
    const authors = new Set(origins.map((o) => (o as Peer | null)?.user?.id ?? null));
    const author = authors.size === 1 ? [...authors][0]! : null;
    this.approxBytes += update.byteLength;
    try {
      const history = this.unsavedHistory.splice(0);
      this.lastSeq = await this.store.appendUpdates(this.reviewId, [update], author, history);
    } catch (error) {
      this.options.log?.(`review ${this.reviewId}: storing an update failed`, error);
      // The clients still hold the change; reconnecting resends it to a freshly loaded room.
      this.closeAll(CloseCode.serverError, 'the server could not save');
      return false;
    }
    const message = syncUpdate(update);
    const only = origins.length === 1 ? origins[0] : undefined;
    for (const peer of this.peers) if (peer !== only) peer.send(message);
    this.notifyCommit('commit');
    if (this.lastSeq - this.snapshotSeq >= this.options.compactAfter) await this.compact();
    return true;
  }

  private async compact(): Promise<void> {
    const seq = this.lastSeq;
    try {
      const snapshot = Y.encodeStateAsUpdate(this.doc);
      await this.store.compact(this.reviewId, snapshot, seq);
      this.snapshotSeq = seq;
      this.approxBytes = snapshot.byteLength;
    } catch (error) {
      // The log is intact; compaction is retried at the next threshold.
      this.options.log?.(`review ${this.reviewId}: compaction failed`, error);
    }
  }

  private schedulePresence(): void {
    if (this.presenceTimer !== null || this.destroyed) return;
    const wait = this.lastPresenceFlush + PRESENCE_FLUSH_MS - performance.now();
    // The first change after a quiet spell goes out at once; under load, at most one message per
    // peer per PRESENCE_FLUSH_MS carries everyone's moves (200 people at 2 Hz: 20 sends each a second).
    this.presenceTimer = setTimeout(this.flushPresence, Math.max(0, wait));
  }

  private readonly flushPresence = (): void => {
    this.presenceTimer = null;
    this.lastPresenceFlush = performance.now();
    if (this.destroyed) return;
    const message = this.presence.takeChanges();
    if (message === null) return;
    for (const peer of this.peers) peer.send(message);
  };

  /** Close every connection (e.g. for a restart); the room then stores what is left and unloads. */
  evict(code: number, reason: string): void {
    for (const peer of [...this.peers]) {
      peer.close(code, reason);
      this.remove(peer);
    }
    if (this.peers.size === 0 && !this.draining) void this.unload();
  }

  /** Close the connections of some users (access revoked or role changed). */
  evictUsers(userIds: ReadonlySet<string>, code: number, reason: string): void {
    for (const peer of [...this.peers]) {
      if (peer.user && userIds.has(peer.user.id)) {
        peer.close(code, reason);
        this.remove(peer);
      }
    }
  }

  private closeAll(code: number, reason: string): void {
    for (const peer of this.peers) peer.close(code, reason);
    this.peers.clear();
    for (const event of this.inbox.splice(0)) if ('change' in event) event.done(false);
    this.unsaved.length = 0;
    this.destroy();
  }

  /** Compact what is left in the log and release everything the room holds. */
  private async unload(): Promise<void> {
    if (this.destroyed || this.peers.size > 0 || this.draining) return;
    this.destroyed = true;
    if (this.model !== null && this.lastSeq > this.snapshotSeq) await this.compact();
    if (this.model !== null) this.notifyCommit('unload');
    this.destroy();
  }

  private notifyCommit(when: 'commit' | 'unload'): void {
    try {
      this.options.onCommit?.(this.reviewId, this.doc, this.lastSeq, when);
    } catch (error) {
      this.options.log?.(`review ${this.reviewId}: after-commit work failed`, error);
    }
  }

  /**
   * The document as stored, when this room holds exactly that (loaded, open, nothing waiting to be
   * stored); null otherwise, and the caller reads the store instead.
   */
  committedState(): Uint8Array | null {
    return this.holdsCommittedState ? Y.encodeStateAsUpdate(this.doc) : null;
  }

  /** Loaded, open, and nothing waiting to be stored: `doc` is exactly what is stored. */
  get holdsCommittedState(): boolean {
    return this.model !== null && !this.destroyed && this.unsaved.length === 0;
  }

  private destroy(): void {
    this.destroyed = true;
    for (const event of this.inbox.splice(0)) if ('change' in event) event.done(false);
    if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    this.discardShadow();
    this.doc.destroy();
    this.resolveClosed();
  }

  get isClosed(): boolean {
    return this.destroyed;
  }
}
