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

/** Stored reviews read per message to the summary thread. */
const BATCH = 20;

/**
 * Fill in the live summaries these reviews lack, reading their stored documents on the summary
 * thread a batch at a time (the event loop only reads the rows, between batches), and keep them.
 */
export async function refreshSummaries(store: Store, reviewIds: string[]): Promise<Map<string, RatingSummary>> {
  const out = new Map<string, RatingSummary>();
  for (let i = 0; i < reviewIds.length; i += BATCH) {
    const ids = reviewIds.slice(i, i + BATCH);
    const documents = await Promise.all(ids.map((id) => store.loadDocument(id)));
    const summaries = await summaryThread.summariseMany(documents.map(partsOf));
    for (const [j, id] of ids.entries()) {
      out.set(id, summaries[j]!);
      await store.cycles.putSummary(id, documents[j]!.lastSeq, summaries[j]!);
    }
  }
  return out;
}

/** Whether a stored live summary can be used as it is: its review is open (its room keeps it current) or nothing was stored after it. */
export function summaryIsCurrent(
  rooms: Rooms | null,
  reviewId: string,
  stored: { uptoSeq: number } | null,
  seq: number,
): boolean {
  if (!stored) return false;
  const open = rooms?.get(reviewId);
  return (open !== undefined && !open.isClosed) || stored.uptoSeq >= seq;
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
