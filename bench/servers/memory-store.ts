/**
 * Preloaded into the project's server (`node --import`) for scenario 6's "same server in memory":
 * the review log — the SQLite store's loadDocument / appendUpdates / compact / pendingUpdates —
 * is kept in a Map instead, so every commit on the hot path disappears while everything else
 * (validation, batching, compaction, relaying, accounts) runs unchanged. Reviews are still created
 * in SQLite and loaded from it the first time. See bench/README.md for the server change that
 * would make this a configuration option instead of a patch.
 */
import { SqliteStore } from '../../server/store/sqlite.ts';
import type { StoredDocument } from '../../server/store/types.ts';

interface Log {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  lastSeq: number;
}

const logs = new Map<string, Log>();
const proto = SqliteStore.prototype;
// Called with .call(store, …) below, so `this` is always a store.
// eslint-disable-next-line @typescript-eslint/unbound-method
const loadFromSqlite = proto.loadDocument;

async function logOf(store: SqliteStore, reviewId: string): Promise<Log> {
  let log = logs.get(reviewId);
  if (!log) {
    const stored = await loadFromSqlite.call(store, reviewId);
    log = { snapshot: stored.snapshot, updates: [...stored.updates], lastSeq: stored.lastSeq };
    logs.set(reviewId, log);
  }
  return log;
}

proto.loadDocument = async function (this: SqliteStore, reviewId: string): Promise<StoredDocument> {
  const log = await logOf(this, reviewId);
  return { snapshot: log.snapshot, updates: [...log.updates], lastSeq: log.lastSeq };
};

proto.appendUpdates = async function (this: SqliteStore, reviewId: string, updates: Uint8Array[]): Promise<number> {
  const log = await logOf(this, reviewId);
  for (const update of updates) {
    log.updates.push(update);
    log.lastSeq++;
  }
  return log.lastSeq;
};

proto.compact = async function (this: SqliteStore, reviewId: string, snapshot: Uint8Array, uptoSeq: number) {
  const log = await logOf(this, reviewId);
  log.updates = log.updates.slice(log.updates.length - (log.lastSeq - uptoSeq));
  log.snapshot = snapshot;
};

proto.pendingUpdates = async function (this: SqliteStore, reviewId: string): Promise<number> {
  return (await logOf(this, reviewId)).updates.length;
};
