import type { Framework } from '../../shared/framework/schema.ts';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { Limits } from '../../shared/protocol/limits.ts';
import type * as Y from 'yjs';
import type { ReviewState } from '../../shared/protocol/review-record.ts';
import type { Store } from '../store/types.ts';
import type { Peer } from './peer.ts';
import { CredentialWatch } from './credential-watch.ts';
import { Room, type RoomOptions } from './room.ts';
import { hear, type ClusterLink, type ClusterNotice } from './cluster-link.ts';
import { IdleCollect } from './idle-collect.ts';
import { ReviewGates } from './review-gates.ts';

/** The open reviews of this process: loaded on first join, unloaded after the last leaves. */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly peers = new Set<Peer>();
  /** Rooms of open peers, to close a peer from outside its room (logout, expiry). */
  private readonly roomOf = new Map<Peer, Room>();
  /** When each socket's session ends, and whether its credential is still valid. */
  private readonly credentials: CredentialWatch;
  private readonly keepalive: NodeJS.Timeout;
  private readonly idleCollect = new IdleCollect(() => this.rooms.size === 0);
  /** Reviews being changed by the server outside a room: a room opened meanwhile loads after. */
  private readonly gates = new ReviewGates();

  constructor(
    private readonly store: Store,
    private readonly loadFramework: (id: string, version: number) => Promise<Framework | null>,
    private readonly options: RoomOptions,
    private readonly cluster: ClusterLink | null = null,
  ) {
    if (cluster) this.options = { ...options, fanout: (reviewId) => cluster.room(reviewId) };
    this.credentials = new CredentialWatch(store.access);
    // One timer for every socket, not one per room or per connection.
    this.keepalive = setInterval(() => void this.ping(), Limits.pingIntervalMs);
    this.keepalive.unref();
  }

  /** The review's open room, or a new one (loading once the previous one has unloaded). */
  private roomFor(reviewId: string): Room {
    let room = this.rooms.get(reviewId);
    if (room === undefined || room.isClosed) {
      // Loads once the previous room (if any) has stored and unloaded, and no change from outside holds the review.
      const before = Promise.all([room?.closed, this.gates.passed(reviewId)]);
      room = new Room(reviewId, this.store, this.loadFramework, this.options, before);
      this.rooms.set(reviewId, room);
      const created = room;
      void room.closed.then(() => {
        if (this.rooms.get(reviewId) === created) this.rooms.delete(reviewId);
        if (this.rooms.size === 0) this.idleCollect.schedule();
      });
    }
    return room;
  }

  join(peer: Peer): Room {
    const room = this.roomFor(peer.reviewId);
    this.peers.add(peer);
    this.roomOf.set(peer, room);
    peer.ws.on('pong', () => (peer.alive = true));
    room.add(peer);
    this.credentials.watch(peer, (p) => this.closePeer(p, CloseCode.unauthenticated, 'your session has ended'));
    return room;
  }

  private closePeer(peer: Peer, code: number, reason: string): void {
    const room = this.roomOf.get(peer);
    peer.close(code, reason);
    // Stryker disable next-line ConditionalExpression: equivalent, see docs/mutation.md (every open peer has a room)
    if (room) this.leave(peer, room);
  }

  /**
   * Close at once (4401) every socket opened with one session or API token: after logout its
   * holder's open tabs and scripts can neither read nor write another byte.
   */
  closeCredential(hash: string, reason: string): number {
    this.tell({ kind: 'closeCredential', hash, reason });
    let n = 0;
    for (const peer of [...this.peers]) {
      if (peer.credential?.hash !== hash) continue;
      this.closePeer(peer, CloseCode.unauthenticated, reason);
      n++;
    }
    return n;
  }

  /**
   * Close at once (4401) a user's sockets: those opened with a session (`'sessions'`, e.g. after a
   * password change) or all of them (`'all'`, e.g. the account was disabled).
   */
  closeUser(userId: string, reason: string, which: 'sessions' | 'all' = 'all'): number {
    this.tell({ kind: 'closeUser', userId, reason, which });
    let n = 0;
    for (const peer of [...this.peers]) {
      if (peer.user?.id !== userId) continue;
      if (which === 'sessions' && peer.credential?.kind !== 'session') continue;
      this.closePeer(peer, CloseCode.unauthenticated, reason);
      n++;
    }
    return n;
  }

  /**
   * Close (4401) sockets whose session or API token is no longer valid in the store, e.g. ended by
   * another process such as the admin CLI. Runs at each keepalive; one query per credential.
   */
  async recheckCredentials(): Promise<number> {
    const invalid = await this.credentials.invalid(this.peers);
    for (const peer of invalid) this.closePeer(peer, CloseCode.unauthenticated, 'your session has ended');
    return invalid.length;
  }

  leave(peer: Peer, room: Room): void {
    this.peers.delete(peer);
    this.roomOf.delete(peer);
    this.credentials.forget(peer);
    peer.closed = true;
    room.remove(peer);
  }

  /** Close the sockets these users hold on a review, at once; they may not reconnect. */
  revoke(reviewId: string, userIds: string[], reason: string): void {
    if (userIds.length > 0) this.tell({ kind: 'revoke', reviewId, userIds, reason });
    this.rooms.get(reviewId)?.evictUsers(new Set(userIds), CloseCode.forbidden, reason);
  }

  /** A review's status changed: its open room, if any, applies it and tells everyone in it. */
  announceState(reviewId: string, state: ReviewState): void {
    this.tell({ kind: 'state', reviewId, state });
    const room = this.rooms.get(reviewId);
    if (room && !room.isClosed) room.setState(state);
  }

  /** Make a change to a review's document from the server: stored, then relayed to everyone in it. */
  async changeDocument(reviewId: string, change: (doc: Y.Doc) => void): Promise<void> {
    // Through a room even when nobody is in it: whoever joins meanwhile joins that room, so the
    // change and their edits are stored in one order. An empty room stores, compacts and unloads.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.roomFor(reviewId).serverChange(change)) return;
    }
    throw new Error(`review ${reviewId}: its room kept closing`);
  }

  /** Close every socket on a review for good (it was deleted), with the reason. */
  closeReview(reviewId: string, code: number, reason: string): void {
    this.tell({ kind: 'closeReview', reviewId, code, reason });
    this.rooms.get(reviewId)?.evict(code, reason);
  }

  /** Open sockets of one user across every review, for the per-user connection limit. */
  connectionsOf(userId: string): number {
    let n = 0;
    for (const peer of this.peers) if (peer.user?.id === userId && !peer.closed) n++;
    return n;
  }

  /**
   * Run `change` on a review's stored document with no room holding it: the open room (if any) is
   * closed with "try again" and stores what it has; anyone reconnecting meanwhile waits, then loads
   * the changed document. Other processes do the same, told before the change and after it.
   */
  exclusive<T>(reviewId: string, reason: string, change: () => Promise<T>): Promise<T> {
    return this.gates.shut(reviewId, async () => {
      const room = this.rooms.get(reviewId);
      if (room && !room.isClosed) {
        room.evict(CloseCode.tryAgain, reason);
        await room.closed;
      }
      this.tell({ kind: 'holdReview', reviewId, reason });
      try {
        return await change();
      } finally {
        this.tell({ kind: 'releaseReview', reviewId, reason });
      }
    });
  }

  /** Another process is changing the review: its room here closes, and joins wait for the change. */
  heldElsewhere(reviewId: string, reason: string, done: boolean): void {
    if (!done) this.gates.shutElsewhere(reviewId);
    // Once done, a room still open here loaded while joins were not held (the hold timed out).
    if (done && this.gates.openElsewhere(reviewId)) return;
    this.rooms.get(reviewId)?.evict(CloseCode.tryAgain, reason);
  }

  private hearing = false;

  /** Pass on to the other processes what they must do too, unless it came from one of them. */
  private tell(notice: ClusterNotice): void {
    if (!this.hearing) this.cluster?.tell(notice);
  }

  /** What another process told this one: done here as it was there, told to nobody. */
  heard(notice: ClusterNotice): void {
    this.hearing = true;
    try {
      hear(this, notice);
    } finally {
      this.hearing = false;
    }
  }

  /** After the bus reconnected: every open room reads the store for what it may have missed. */
  rereadAll(): void {
    for (const room of this.rooms.values()) room.reread();
  }

  /** Reviews currently held in memory. */
  get openCount(): number {
    return this.rooms.size;
  }

  get(reviewId: string): Room | undefined {
    return this.rooms.get(reviewId);
  }

  /** Each keepalive: ping every socket, drop those that never answered, recheck credentials. Never rejects. */
  private async ping(): Promise<void> {
    for (const peer of this.peers) {
      if (!peer.alive) {
        peer.ws.terminate();
        continue;
      }
      peer.alive = false;
      peer.ws.ping();
    }
    await this.recheckCredentials().catch((error: unknown) => this.options.log?.('checking sessions failed', error));
  }

  /** Close every socket (clients reconnect elsewhere) and wait for every room to store and unload. */
  async close(): Promise<void> {
    clearInterval(this.keepalive);
    this.credentials.stop();
    this.idleCollect.stop();
    const rooms = [...this.rooms.values()];
    for (const room of rooms) room.evict(CloseCode.tryAgain, 'server restarting');
    await Promise.all(rooms.map((r) => r.closed));
  }
}
