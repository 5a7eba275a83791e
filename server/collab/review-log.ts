import * as Y from 'yjs';
import type { HistoryEvent } from '../../shared/review/history.ts';
import type { Store } from '../store/types.ts';
import { CommitSequence } from './commit-sequence.ts';
import { INLINE_OPEN_BYTES, snapshotOfStored } from './stored-review-thread.ts';
import type { Peer } from './peer.ts';

/** Origin of changes another process committed (or the store held): applied, never committed again. */
export const STORED = Symbol('stored');

/** What one commit stored: the merged update and where its parts came from (connections, 'server'). */
export interface Commit {
  update: Uint8Array;
  origins: unknown[];
  /** The sequence number the store gave it. */
  seq: number;
}

export interface ReviewLogOptions {
  /** Compact the update log into a snapshot once it holds this many updates. */
  compactAfter: number;
  log?: (message: string, error?: unknown) => void;
  /** After each batch is stored ('commit') and once more as the room unloads ('unload'). */
  onCommit?: (reviewId: string, doc: Y.Doc, seq: number, when: 'commit' | 'unload') => void;
  /** A large review's snapshot from its stored parts, off the event loop (the compaction thread by default). */
  snapshotOf?: (parts: Uint8Array[]) => Promise<Uint8Array>;
}

/** Up to this size the live document is encoded for a snapshot in place: a few milliseconds. */
export const INLINE_COMPACT_BYTES = INLINE_OPEN_BYTES;

/**
 * One review's update log in the store: it collects what the live document changes, commits it
 * as one update with the review's next sequence number, and compacts the log into a snapshot.
 */
export class ReviewLog {
  private readonly unsaved: Uint8Array[] = [];
  private readonly origins = new Set<unknown>();
  /** Sequence number of the last committed update, by this process or another. */
  lastSeq = 0;
  /** Which committed updates the document holds; compaction goes no further than all of them. */
  private sequence = new CommitSequence(0);
  private snapshotSeq = 0;
  /** A large review's compaction, under way while commits go on; the next, and closing, wait for it. */
  private compacting: Promise<void> | null = null;
  /** Size of the stored state: the snapshot at load plus every update since (exact again after compaction). */
  approxBytes = 0;

  constructor(
    private readonly reviewId: string,
    /** The live document, if there is one yet (see track). */
    private doc: Y.Doc | null,
    private readonly store: Store,
    private readonly options: ReviewLogOptions,
  ) {
    if (doc) this.track(doc);
  }

  /** The room's live document: every change made to it from now on is collected for the next commit. */
  track(doc: Y.Doc): void {
    this.doc = doc;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === STORED) return;
      this.unsaved.push(update);
      this.origins.add(origin);
    });
  }

  /** The stored document as its parts (snapshot, then every update since); `approxBytes` counts them. */
  async readParts(): Promise<Uint8Array[]> {
    const stored = await this.store.loadDocument(this.reviewId);
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    this.approxBytes = parts.reduce((sum, part) => sum + part.byteLength, 0);
    this.lastSeq = Math.max(this.lastSeq, stored.lastSeq);
    this.snapshotSeq = stored.lastSeq - stored.updates.length;
    this.sequence.healedTo(stored.lastSeq);
    return parts;
  }

  /** The stored document as one update (snapshot and every update since). */
  async read(): Promise<Uint8Array> {
    const parts = await this.readParts();
    // Y.mergeUpdates hands a single part back as it is.
    const state = Y.mergeUpdates(parts);
    this.approxBytes = state.byteLength;
    return state;
  }

  /** Changes made and not yet committed. */
  get pending(): boolean {
    return this.unsaved.length > 0;
  }

  /** Forget what is not committed (it came from the store, or the room is closing without it). */
  discard(): void {
    this.unsaved.length = 0;
    this.origins.clear();
  }

  /**
   * Commit what was tracked since the last commit, with its history, as one update. Resolves
   * once stored; rejects (and the batch is gone from here) when the store refuses it.
   */
  async commit(history: HistoryEvent[] = []): Promise<Commit | null> {
    if (this.unsaved.length === 0) return null;
    const update = Y.mergeUpdates(this.unsaved);
    const origins = [...this.origins];
    this.discard();
    this.approxBytes += update.byteLength;
    const seq = await this.store.appendUpdates(this.reviewId, [update], authorOf(origins), history);
    this.applied(seq);
    return { update, origins, seq };
  }

  /** An update another process committed as `seq` reached this document; false if it already had it. */
  applied(seq: number): boolean {
    if (!this.sequence.add(seq)) return false;
    this.lastSeq = Math.max(this.lastSeq, seq);
    return true;
  }

  /** The lowest committed number missing below one the document has; null when none is. */
  get firstMissing(): number | null {
    return this.sequence.firstMissing;
  }

  /** Whether the document has the update committed as `seq`. */
  holds(seq: number): boolean {
    return this.sequence.has(seq);
  }

  /**
   * After a commit has been relayed: tell whoever follows commits, and compact once the log has
   * grown enough — a small review at once, a large one in the background.
   */
  async committed(): Promise<void> {
    this.notify('commit');
    if (this.compacting !== null || this.lastSeq - this.snapshotSeq < this.options.compactAfter) return;
    if (this.approxBytes <= INLINE_COMPACT_BYTES) return this.compact();
    const compacting = this.compactStored().finally(() => {
      this.compacting = null;
    });
    this.compacting = compacting;
  }

  /**
   * The room is unloading: compact what is left, so the next load reads one snapshot. A room that
   * never built its document passes the state it was opened with, which nothing has changed since
   * (and, having no document, tells no one).
   */
  async close(cold?: Uint8Array): Promise<void> {
    await this.compacting;
    const inPlace = cold !== undefined || this.doc === null || this.approxBytes <= INLINE_COMPACT_BYTES;
    await (inPlace ? this.compact(cold) : this.compactStored());
    this.notify('unload');
  }

  /** Settles once no compaction is under way. */
  async settled(): Promise<void> {
    await this.compacting;
  }

  private notify(when: 'commit' | 'unload'): void {
    if (!this.doc) return;
    try {
      this.options.onCommit?.(this.reviewId, this.doc, this.lastSeq, when);
    } catch (error) {
      this.options.log?.(`review ${this.reviewId}: after-commit work failed`, error);
    }
  }

  /**
   * A large review's compaction: the snapshot is built from the stored log up to the last update
   * the document holds, on a thread, so the event loop never encodes the whole document (15–25 ms
   * for the bench's 1,000-criterion review). What is committed meanwhile stays in the log after it.
   */
  private async compactStored(): Promise<void> {
    const seq = this.sequence.watermark;
    if (seq <= this.snapshotSeq) return;
    try {
      const stored = await this.store.loadDocument(this.reviewId, seq);
      if (stored.lastSeq <= this.snapshotSeq) return;
      const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
      const snapshot = await (this.options.snapshotOf ?? snapshotOfStored)(parts);
      await this.store.compact(this.reviewId, snapshot, stored.lastSeq);
      this.snapshotSeq = Math.max(this.snapshotSeq, stored.lastSeq);
      const replaced = parts.reduce((sum, part) => sum + part.byteLength, 0);
      this.approxBytes = Math.max(snapshot.byteLength, this.approxBytes - replaced + snapshot.byteLength);
    } catch (error) {
      // The log is intact; compaction is retried at the next commit.
      this.options.log?.(`review ${this.reviewId}: compaction failed`, error);
    }
  }

  /**
   * Replace the log up to the last update the document holds with everything before it, with a
   * snapshot of the document; on failure the log stays as it was.
   */
  private async compact(cold?: Uint8Array): Promise<void> {
    const seq = this.sequence.watermark;
    if (seq <= this.snapshotSeq) return;
    const source = cold ?? this.doc;
    if (!source) return;
    try {
      const snapshot = source instanceof Uint8Array ? source : Y.encodeStateAsUpdate(source);
      await this.store.compact(this.reviewId, snapshot, seq);
      this.snapshotSeq = seq;
      this.approxBytes = snapshot.byteLength;
    } catch (error) {
      // The log is intact; compaction is retried at the next threshold.
      this.options.log?.(`review ${this.reviewId}: compaction failed`, error);
    }
  }
}

/** Attributed to its author when one person made the whole batch (the usual case). */
function authorOf(origins: unknown[]): string | null {
  const authors = new Set(origins.map((o) => (o as Peer | null)?.user?.id ?? null));
  return authors.size === 1 ? [...authors][0]! : null;
}
