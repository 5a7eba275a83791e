import type * as Y from 'yjs';
import { summariseDoc, type RatingSummary } from '../../shared/cycles/figures.ts';
import { Root } from '../../shared/review/roots.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { Store } from '../store/types.ts';
import { partsOf } from './stored-state.ts';
import { summaryThread } from './summary-thread.ts';

/**
 * Keeps each review's ratings summary row current from its live room: written at a room's first
 * commit, whenever a commit changed a rating or an agreed rating, and as the room unloads. The
 * overview reads these rows instead of decoding documents.
 */
export function summaryKeeper(store: Store, log?: (message: string, error?: unknown) => void) {
  const watched = new WeakSet<Y.Doc>();
  const dirty = new WeakSet<Y.Doc>();
  const write = (reviewId: string, seq: number, doc: Y.Doc) => {
    store.cycles
      .putSummary(reviewId, seq, summariseDoc(doc))
      .catch((error: unknown) => log?.(`review ${reviewId}: storing its ratings summary failed`, error));
  };
  return (reviewId: string, doc: Y.Doc, seq: number, when: 'commit' | 'unload'): void => {
    if (!watched.has(doc)) {
      watched.add(doc);
      const mark = () => dirty.add(doc);
      doc.getMap(Root.ratings).observe(mark);
      doc.getMap(Root.agreed).observe(mark);
      write(reviewId, seq, doc);
      return;
    }
    if (when === 'unload' || dirty.has(doc)) {
      dirty.delete(doc);
      write(reviewId, seq, doc);
    }
  };
}

/**
 * A review's live ratings summary: the stored row when it is current (or the review is open, whose
 * room keeps it current), else read from the stored document on the summary thread and stored.
 */
export async function liveSummary(
  store: Store,
  rooms: Rooms | null,
  reviewId: string,
  row?: { summary: RatingSummary; uptoSeq: number } | null,
  seq?: number,
): Promise<RatingSummary> {
  const stored = row === undefined ? await store.cycles.summary(reviewId) : row;
  const open = rooms?.get(reviewId);
  if (stored && open && !open.isClosed) return stored.summary;
  const now = seq ?? (await store.cycles.seqOf(reviewId));
  if (stored && stored.uptoSeq >= now) return stored.summary;
  const document = await store.loadDocument(reviewId);
  const summary = await summaryThread.summarise(partsOf(document));
  await store.cycles.putSummary(reviewId, document.lastSeq, summary);
  return summary;
}
