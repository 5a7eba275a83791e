import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { loadDocument, type ExportSource } from './model.ts';

/** The document last rebuilt on this thread, by a digest of the stored bytes it was rebuilt from. */
let last: { key: string; doc: Y.Doc } | null = null;

function keyOf(source: ExportSource): string {
  const hash = createHash('sha256');
  // The framework decides the migration applied on load.
  hash.update(`${source.framework.id}@${source.framework.version}\n`);
  const { snapshot, updates } = source.document;
  for (const part of [snapshot ?? new Uint8Array(0), ...updates]) {
    hash.update(`${part.byteLength}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

/**
 * The review document for an export. People download a review in one format after another:
 * rebuilding a big review from its stored updates takes a good part of a second, so the last one
 * rebuilt is kept and used again while the stored bytes are the same. Exports only read it.
 */
export function exportDocument(source: ExportSource): Y.Doc {
  const key = keyOf(source);
  if (last?.key === key) return last.doc;
  const doc = loadDocument(source);
  last = { key, doc };
  return doc;
}
