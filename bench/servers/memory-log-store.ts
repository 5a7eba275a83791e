/**
 * Scenario 6's "same server in memory": a Store whose review log (loadDocument / appendUpdates /
 * compact / pendingUpdates) is kept in a Map, so every commit on the hot path disappears while
 * everything else (validation, batching, compaction, relaying, accounts) runs unchanged on the
 * store it wraps. A review is read from that store the first time it is loaded.
 */
import { END_OF_LOG, type Store, type StoredDocument } from '../../server/store/types.ts';

interface Log {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  lastSeq: number;
}

export class MemoryLogStore implements Store {
  private readonly logs = new Map<string, Log>();
  readonly access: Store['access'];
  readonly meeting: Store['meeting'];
  readonly admin: Store['admin'];
  readonly uploads: Store['uploads'];
  readonly identity: Store['identity'];
  readonly records: Store['records'];
  readonly cycles: Store['cycles'];
  readonly createReview: Store['createReview'];
  readonly getReview: Store['getReview'];
  readonly listReviews: Store['listReviews'];
  readonly history: Store['history'];
  readonly putFramework: Store['putFramework'];
  readonly getFramework: Store['getFramework'];
  readonly listFrameworks: Store['listFrameworks'];

  constructor(private readonly base: Store) {
    this.access = base.access;
    this.meeting = base.meeting;
    this.admin = base.admin;
    this.uploads = base.uploads;
    this.identity = base.identity;
    this.records = base.records;
    this.cycles = base.cycles;
    this.createReview = (review, state) => base.createReview(review, state);
    this.getReview = (id) => base.getReview(id);
    this.listReviews = () => base.listReviews();
    this.history = (id, criterion, limit) => base.history(id, criterion, limit);
    this.putFramework = (record) => base.putFramework(record);
    this.getFramework = (id, version) => base.getFramework(id, version);
    this.listFrameworks = () => base.listFrameworks();
  }

  private async logOf(reviewId: string): Promise<Log> {
    let log = this.logs.get(reviewId);
    if (!log) {
      const stored = await this.base.loadDocument(reviewId);
      log = { snapshot: stored.snapshot, updates: [...stored.updates], lastSeq: stored.lastSeq };
      this.logs.set(reviewId, log);
    }
    return log;
  }

  async loadDocument(reviewId: string, uptoSeq = END_OF_LOG): Promise<StoredDocument> {
    const log = await this.logOf(reviewId);
    // Numbered one after another from the snapshot's position, as the stores number them.
    const snapshotSeq = log.lastSeq - log.updates.length;
    const updates = log.updates.slice(0, Math.max(0, uptoSeq - snapshotSeq));
    return { snapshot: log.snapshot, updates, lastSeq: snapshotSeq + updates.length };
  }

  async appendUpdates(reviewId: string, updates: Uint8Array[]): Promise<number> {
    const log = await this.logOf(reviewId);
    for (const update of updates) {
      log.updates.push(update);
      log.lastSeq++;
    }
    return log.lastSeq;
  }

  async compact(reviewId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    const log = await this.logOf(reviewId);
    // As the stores do: a snapshot never goes back.
    if (uptoSeq <= log.lastSeq - log.updates.length) return;
    log.updates = log.updates.slice(log.updates.length - (log.lastSeq - uptoSeq));
    log.snapshot = snapshot;
  }

  async pendingUpdates(reviewId: string): Promise<number> {
    return (await this.logOf(reviewId)).updates.length;
  }

  close(): Promise<void> {
    return this.base.close();
  }
}
