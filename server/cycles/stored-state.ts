import * as Y from 'yjs';
import { defineRoots } from '../../shared/review/roots.ts';
import type { StoredDocument } from '../store/types.ts';

/** A review's stored parts (compacted snapshot, then every update since) as one document. */
export function docOf(parts: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  defineRoots(doc);
  doc.transact(() => {
    for (const part of parts) Y.applyUpdate(doc, part);
  });
  return doc;
}

export const partsOf = (stored: StoredDocument): Uint8Array[] =>
  stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
