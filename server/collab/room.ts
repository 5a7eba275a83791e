import type * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import type { Store } from '../store/types.ts';
import { ColdState } from './cold-state.ts';
import { HistoryRecorder } from './history-recorder.ts';
import { RemoteRelay, commitAndRelay } from './commit-relay.ts';
import type { Peer } from './peer.ts';
import { PresenceRelay } from './presence-relay.ts';
import { Refusal } from './refusal.ts';
import { ReviewLog, type ReviewLogOptions } from './review-log.ts';
import { PendingWork, handlePeerEvent, loadedRoom, type LoadedRoom, type Replies } from './room-messages.ts';
import { loadRefusal, loadReview, type FrameworkLoader } from './room-load.ts';
import { GapWatch, applyRemote, publishThrough, type RoomFanout } from './room-fanout.ts';
import { RoomInbox, type PeerEvent, type RoomEvent } from './room-inbox.ts';
import { WarmState } from './warm-state.ts';

export interface RoomOptions extends ReviewLogOptions {
  /** With several processes: the link to the others serving the same review. */
  fanout?: (reviewId: string) => RoomFanout;
}

/**
 * One review's live document: cold (one encoded update, ColdState) until its first change, then warm
 * (a Y.Doc, WarmState) until it unloads. One queue for every message from every connection, so nothing
 * is answered before the load and nothing relayed before it is stored: gate ─► history ─► commit ─► relay.
 */
export class Room {
  readonly peers = new Set<Peer>();
  readonly presence = new PresenceRelay((message) => this.peers.forEach((peer) => peer.send(message)));
  private readonly log: ReviewLog;
  private readonly history = new HistoryRecorder();
  /** Set once loaded. */
  private loaded: LoadedRoom | null = null;
  /** A status announced while loading, newer than the one loaded. */
  private announced: ReviewState | null = null;
  private readonly work = new PendingWork((error) =>
    this.options.log?.(`review ${this.reviewId}: meeting action failed`, error),
  );
  private readonly inbox = new RoomInbox(() => void this.drain());
  private readonly relayed = new RemoteRelay();
  private readonly fanout: RoomFanout | null;
  // Checked only once loaded (after each remote event), and stopped when the room shuts.
  private readonly gaps = new GapWatch(
    () => this.loaded!.log.firstMissing,
    (seq) => this.loaded!.log.holds(seq),
    () => this.reread(),
  );
  private draining = false;
  private destroyed = false;
  readonly ready: Promise<void>;
  /** Resolves once the room has unloaded (no peers left and everything stored). */
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  constructor(
    readonly reviewId: string,
    store: Store,
    loadFramework: FrameworkLoader,
    private readonly options: RoomOptions,
    /** What must be over before it loads (the review's previous room storing and unloading, a change from outside). */
    previous?: Promise<unknown>,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.log = new ReviewLog(reviewId, null, store, options);
    const fanout = (this.fanout = options.fanout?.(reviewId) ?? null);
    this.ready = (previous ?? Promise.resolve()).then(async () => {
      // Listening before loading: what others commit meanwhile waits in the queue, never missed.
      await fanout?.attach((remote) => this.enqueue({ remote }));
      const review = await loadReview(reviewId, store, this.log, loadFramework, () => this.peers);
      const { presence, work, history, log } = this;
      this.loaded = loadedRoom(review, { presence, work, history, log }, this.announced ?? review.state);
      if (fanout) publishThrough(fanout, this.loaded);
    });
    this.ready.catch(() => {}); // Failure is handled in drain(); never an unhandled rejection.
  }

  add(peer: Peer): void {
    this.peers.add(peer);
    // Stryker disable next-line BooleanLiteral: equivalent, see docs/mutation.md (the queue tests for the key)
    this.enqueue({ peer, open: true });
  }

  receive(peer: Peer, data: Uint8Array): void {
    // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md (handle() drops it too)
    if (peer.closed) return;
    const refusal = peer.refusalOf(data);
    if (refusal) this.refuse(peer, refusal);
    else this.enqueue({ peer, data });
  }

  remove(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    if (this.loaded) this.work.add(this.loaded.meeting.left(peer));
    this.presence.leave(peer);
    // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md (drain() returns at once)
    if (!this.destroyed) this.inbox.schedule();
  }

  private refuse(peer: Peer, { code, reason }: { code: number; reason: string }): void {
    peer.close(code, reason);
    this.remove(peer);
  }

  private enqueue(event: RoomEvent): void {
    // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md (a shut room never drains)
    if (!this.destroyed) this.inbox.push(event);
  }

  private async drain(): Promise<void> {
    if (this.draining || this.destroyed) return;
    this.draining = true;
    try {
      try {
        await this.ready;
      } catch (error) {
        const refusal = loadRefusal(error);
        if (refusal.code !== CloseCode.notFound) this.options.log?.(`review ${this.reviewId} failed to load`, error);
        return this.closeAll(refusal);
      }
      await this.work.settle();
      while (this.inbox.size > 0) {
        const replies: Replies = [];
        const changes: ((stored: boolean) => void)[] = [];
        for (const event of this.inbox.take()) {
          if ('remote' in event) {
            // A sequence number still missing shortly after is read from the store.
            await applyRemote(event.remote, this.loaded!, this.relayed.add);
            this.gaps.check();
          } else if ('change' in event) {
            const { doc, gate } = this.loaded!.warm();
            // Stryker disable next-line StringLiteral: equivalent, see docs/mutation.md (any origin but a peer's)
            doc.transact(() => event.change(doc), 'server');
            gate.reset();
            changes.push(event.done);
          } else this.handle(event, replies);
        }
        await this.work.settle();
        const stored = await this.commit();
        for (const done of changes) done(stored);
        // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md (every peer is closed)
        if (!stored) return;
        for (const [peer, reply] of replies) peer.send(reply);
      }
    } finally {
      this.draining = false;
      // Kept only while a burst of joiners lasts; an idle review should not hold a second copy.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see docs/mutation.md (a cache)
      if (this.inbox.size === 0 && this.loaded?.document instanceof WarmState) this.loaded.document.forget();
      // Only a batch that threw leaves events waiting; unload() keeps the room while anyone is in it.
      // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md (no batch throws)
      if (this.inbox.size > 0) this.inbox.schedule();
      else void this.unload();
    }
  }

  /** Something was committed that this room may not have seen (another process, or the store directly). */
  reread(): void {
    this.enqueue({ remote: { kind: 'stored' } });
  }

  private handle(event: PeerEvent, replies: Replies): void {
    const { peer } = event;
    if (peer.closed || !this.peers.has(peer)) return;
    const fault = (error: unknown) =>
      this.options.log?.(`review ${this.reviewId}: message from peer ${peer.id} failed`, error);
    const refusal = handlePeerEvent(event, this.loaded!, replies, fault);
    if (refusal) this.refuse(peer, refusal);
  }

  /**
   * The review's status changed (stored already): apply it to what this room accepts from now on
   * and tell every subscribed client, whose page turns read-only (or editable) without a reload.
   */
  setState(state: ReviewState): void {
    this.announced = state;
    if (!this.loaded) return;
    this.loaded.state = state;
    this.loaded.meeting.announce({ t: 'review', state });
  }

  /**
   * A change the server itself makes (e.g. the title in meta after a rename): applied to the live
   * document, then stored and relayed to everyone like any other change. Resolves once stored;
   * false when the room closed first (the caller tries a fresh room).
   */
  serverChange(change: (doc: Y.Doc) => void): Promise<boolean> {
    if (this.destroyed) return Promise.resolve(false);
    // In the queue like any message, so it is ordered with everyone's edits and stored before it is relayed.
    return new Promise((done) => this.enqueue({ change, done }));
  }

  /** Store what this batch changed, then relay it. False when storing failed and the room shut. */
  private async commit(): Promise<boolean> {
    try {
      await commitAndRelay(this.log, this.history, this.peers, this.fanout, this.relayed);
    } catch (error) {
      this.options.log?.(`review ${this.reviewId}: storing an update failed`, error);
      // The clients still hold the change; reconnecting resends it to a freshly loaded room.
      this.closeAll(new Refusal(CloseCode.serverError, 'the server could not save'));
      return false;
    }
    return true;
  }

  /** Close every connection (e.g. for a restart); the room then stores what is left and unloads. */
  evict(code: number, reason: string): void {
    for (const peer of [...this.peers]) this.refuse(peer, { code, reason });
    void this.unload();
  }

  /** Close the connections of some users (access revoked or role changed). */
  evictUsers(userIds: ReadonlySet<string>, code: number, reason: string): void {
    for (const peer of [...this.peers]) if (peer.user && userIds.has(peer.user.id)) this.refuse(peer, { code, reason });
  }

  /** Close every connection at once and shut, storing nothing more (loading or storing failed). */
  private closeAll({ code, reason }: Refusal): void {
    for (const peer of this.peers) peer.close(code, reason);
    this.peers.clear();
    this.destroy();
  }

  /** Compact what is left in the log and release everything the room holds. */
  private async unload(): Promise<void> {
    if (this.destroyed || this.peers.size > 0 || this.draining) return;
    this.destroyed = true;
    // Never loaded: no document, and the log has nothing to compact.
    const document = this.loaded?.document;
    await this.log.close(document instanceof ColdState ? document.encoded : undefined);
    this.destroy();
  }

  /** The live document when it is exactly what is stored (open, warm, nothing pending); else null: read the store. */
  committedDoc(): Y.Doc | null {
    const document = this.loaded?.document;
    if (!(document instanceof WarmState) || this.destroyed || this.log.pending) return null;
    return document.doc;
  }

  /** Whether the review's document has been built (see ColdState). */
  get isWarm(): boolean {
    return this.loaded?.document instanceof WarmState;
  }

  private destroy(): void {
    this.destroyed = true;
    this.inbox.abandon();
    this.presence.stop();
    this.gaps.stop();
    this.relayed.stop();
    void this.fanout?.detach();
    this.log.discard();
    if (this.loaded?.document instanceof WarmState) this.loaded.document.destroy();
    this.resolveClosed();
  }

  get isClosed(): boolean {
    return this.destroyed;
  }
}
