/**
 * Work on stored review documents that runs on the cycles thread (summary-worker.mjs), never on
 * the event loop: decoding a document costs time in proportion to its size (up to 32 MiB).
 */
import * as Y from 'yjs';
import { summariseDoc, type RatingSummary } from '../../shared/cycles/figures.ts';
import { compareSides, type Comparison, type Side } from './compare.ts';
import { docOf } from './stored-state.ts';

export type Task =
  /** The ratings summary of each stored review (its parts: compacted snapshot, then updates). */
  | { kind: 'summaries'; batch: Uint8Array[][] }
  /** One stored review as a single encoded state, with its summary. */
  | { kind: 'state'; parts: Uint8Array[] }
  /** Two states compared (see compare.ts). */
  | { kind: 'compare'; from: Side; to: Side }
  /** The text of some keys of one root map (focus, evidence, table cells) of an encoded state. */
  | { kind: 'texts'; state: Uint8Array; root: string; keys: string[] | null };

export interface TaskResults {
  summaries: RatingSummary[];
  state: { state: Uint8Array; summary: RatingSummary };
  compare: Comparison;
  texts: Record<string, string>;
}

function withDoc<T>(parts: Uint8Array[], read: (doc: Y.Doc) => T): T {
  const doc = docOf(parts);
  try {
    return read(doc);
  } finally {
    doc.destroy();
  }
}

export function runTask(task: Task): TaskResults[Task['kind']] {
  switch (task.kind) {
    case 'summaries':
      return task.batch.map((parts) => withDoc(parts, summariseDoc));
    case 'state':
      return withDoc(task.parts, (doc) => ({ state: Y.encodeStateAsUpdate(doc), summary: summariseDoc(doc) }));
    case 'compare':
      return compareSides(task.from, task.to);
    case 'texts':
      return withDoc([task.state], (doc) => {
        const map = doc.getMap<unknown>(task.root);
        const out: Record<string, string> = {};
        for (const key of task.keys ?? map.keys()) {
          const value = map.get(key);
          if (value instanceof Y.Text) out[key] = value.toString();
        }
        return out;
      });
  }
}
