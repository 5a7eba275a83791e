/**
 * A stored review opened for a cold room: its parts (snapshot, then every update since) as one
 * encoded state, with the little of `meta` a room needs before it has a document; and a large
 * review's compaction snapshot. Runs on the stored-review thread for a large log, inline for a
 * small one.
 */
import * as Y from 'yjs';
import { Root, defineRoots } from '../../shared/review/roots.ts';

export interface OpenedReview {
  /** The whole document as one update, exactly as a document loaded from the parts would encode it. */
  state: Uint8Array;
  /**
   * The document's state vector, taken here: read back from `state` it means decoding every struct
   * again, on the event loop (21–130 ms for a 1,000-row review with 20,000 past edits,
   * bench/lib/cold-open-cost.ts).
   */
  stateVector: Uint8Array;
  /** An update holding only the document's deletions (no structs), to tell a client's repeats from news. */
  deletes: Uint8Array;
  schemaVersion: number;
  moderationTrack: boolean;
}

/** The parts applied to a document of their own: local to the call, with no observers or subdocuments, nothing to destroy. */
function documentOf(parts: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  defineRoots(doc);
  doc.transact(() => {
    for (const part of parts) Y.applyUpdate(doc, part);
  });
  return doc;
}

/** The parts as one update, encoded from a document so deleted content is dropped: a compaction's snapshot. */
export function snapshotOf(parts: Uint8Array[]): Uint8Array {
  return Y.encodeStateAsUpdate(documentOf(parts));
}

export function openStored(parts: Uint8Array[]): OpenedReview {
  const doc = documentOf(parts);
  const meta = doc.getMap(Root.meta);
  const stateVector = Y.encodeStateVector(doc);
  return {
    // Encoded from a document, so deleted content is dropped as a loaded room would drop it.
    state: Y.encodeStateAsUpdate(doc),
    stateVector,
    deletes: Y.encodeStateAsUpdate(doc, stateVector),
    schemaVersion: Number(meta.get('schemaVersion') ?? 1),
    moderationTrack: meta.get('moderationTrack') === true,
  };
}

export type Task = { kind: 'open' | 'snapshot'; parts: Uint8Array[] };

/** The thread's entry (cycles/summary-worker.mjs) runs this for each task. */
export function runTask(task: Task): OpenedReview | Uint8Array {
  return task.kind === 'open' ? openStored(task.parts) : snapshotOf(task.parts);
}
