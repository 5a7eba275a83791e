/**
 * A stored review opened for a cold room: its parts (snapshot, then every update since) as one
 * encoded state, with the little of `meta` a room needs before it has a document. Runs on the
 * stored-review thread for a large log, inline for a small one.
 */
import * as Y from 'yjs';
import { Root, defineRoots } from '../../shared/review/roots.ts';

export interface OpenedReview {
  /** The whole document as one update, exactly as a document loaded from the parts would encode it. */
  state: Uint8Array;
  /** An update holding only the document's deletions (no structs), to tell a client's repeats from news. */
  deletes: Uint8Array;
  schemaVersion: number;
  moderationTrack: boolean;
}

export function openStored(parts: Uint8Array[]): OpenedReview {
  // Local to the call, with no observers or subdocuments: nothing to destroy when it is dropped.
  const doc = new Y.Doc();
  defineRoots(doc);
  doc.transact(() => {
    for (const part of parts) Y.applyUpdate(doc, part);
  });
  const meta = doc.getMap(Root.meta);
  const stateVector = Y.encodeStateVector(doc);
  return {
    // Encoded from a document, so deleted content is dropped as a loaded room would drop it.
    state: Y.encodeStateAsUpdate(doc),
    deletes: Y.encodeStateAsUpdate(doc, stateVector),
    schemaVersion: Number(meta.get('schemaVersion') ?? 1),
    moderationTrack: meta.get('moderationTrack') === true,
  };
}

export type Task = { kind: 'open'; parts: Uint8Array[] };

/** The thread's entry (cycles/summary-worker.mjs) runs this for each task. */
export function runTask(task: Task): OpenedReview {
  return openStored(task.parts);
}
