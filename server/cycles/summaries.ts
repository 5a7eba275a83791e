import type * as Y from 'yjs';
import { summariseDoc, type RatingSummary } from '../../shared/cycles/figures.ts';
import { Root } from '../../shared/review/roots.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { Store } from '../store/types.ts';
import { partsOf } from './stored-state.ts';
import { summaryThread } from './summary-thread.ts';

/** A busy review's summary is written at most this often (and always as its room unloads). */
const WRITE_EVERY_MS = 1000;

/**
 * Keeps each review's ratings summary row current from its live room: written at a room's first
 * commit, within a second of a commit that changed a rating or an agreed rating, and as the room
 * unloads. The overview reads these rows instead of decoding documents. Writing happens after the
 * commit's relay and at most once a second per review, so a meeting rating fast pays nothing.
 */
export function summaryKeeper(store: Store, log?: (message: string, error?: unknown) => void) {
  const watched = new WeakSet<Y.Doc>();
  const dirty = new WeakSet<Y.Doc>();
  const pending = new Map<string, { timer: NodeJS.Timeout; doc: Y.Doc; seq: number }>();
  const write = (reviewId: string, seq: number, doc: Y.Doc) => {
    dirty.delete(doc);
    try {
      store.cycles
        .putSummary(reviewId, seq, summariseDoc(doc))
        .catch((error: unknown) => log?.(`review ${reviewId}: storing its ratings summary failed`, error));
    } catch (error) {
      log?.(`review ${reviewId}: reading its ratings summary failed`, error);
    }
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
    const waiting = pending.get(reviewId);
    if (when === 'unload') {
      if (waiting) clearTimeout(waiting.timer);
      pending.delete(reviewId);
      write(reviewId, seq, doc);
      return;
    }
    if (waiting) {
      waiting.seq = seq;
      waiting.doc = doc;
      return;
    }
    if (!dirty.has(doc)) return;
    const entry = {
      doc,
      seq,
      timer: setTimeout(() => {
        pending.delete(reviewId);
        write(reviewId, entry.seq, entry.doc);
      }, WRITE_EVERY_MS),
    };
    entry.timer.unref();
    pending.set(reviewId, entry);
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

/** The ratings of a review open in this process, read from its room's document (exact, and cheap). */
export function openRoomSummary(rooms: Rooms | null, reviewId: string): RatingSummary | null {
  const room = rooms?.get(reviewId);
  const doc = room?.committedDoc();
  return doc ? summariseDoc(doc) : null;
}

/**
 * A review's live ratings summary: from its room when it is open here, else the stored row when
 * nothing was stored after it, else read from the stored document on the cycles thread and kept.
 */
export async function liveSummary(
  store: Store,
  rooms: Rooms | null,
  reviewId: string,
  row?: { summary: RatingSummary; uptoSeq: number } | null,
  seq?: number,
): Promise<RatingSummary> {
  const open = openRoomSummary(rooms, reviewId);
  if (open) return open;
  const stored = row === undefined ? await store.cycles.summary(reviewId) : row;
  const now = seq ?? (await store.cycles.seqOf(reviewId));
  if (stored && stored.uptoSeq >= now) return stored.summary;
  return (await refreshSummaries(store, [reviewId])).get(reviewId)!;
}
