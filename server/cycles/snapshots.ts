import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { summariseDoc, type RatingSummary } from '../../shared/cycles/figures.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { FrozenSnapshot, SnapshotMeta } from '../store/cycles-types.ts';
import type { Store } from '../store/types.ts';
import { partsOf } from './stored-state.ts';
import { summaryThread } from './summary-thread.ts';

/**
 * A review's committed document and its ratings: from its live room's document when that holds
 * exactly what is stored (so nothing anyone has been told is saved can be missing), else rebuilt from the store
 * on the cycles thread.
 */
export async function committedStateAndSummary(
  store: Store,
  rooms: Rooms | null,
  reviewId: string,
): Promise<{ state: Uint8Array; summary: RatingSummary }> {
  const room = rooms?.get(reviewId);
  const live = room && !room.isClosed ? room.committedDoc() : null;
  if (live) return { state: Y.encodeStateAsUpdate(live), summary: summariseDoc(live) };
  return summaryThread.run({ kind: 'state', parts: partsOf(await store.loadDocument(reviewId)) });
}

/** A review's committed document (see committedStateAndSummary). */
export async function committedState(store: Store, rooms: Rooms | null, reviewId: string): Promise<Uint8Array> {
  return (await committedStateAndSummary(store, rooms, reviewId)).state;
}

export class UnknownReviewError extends Error {}

/**
 * Freeze a review as it stands ("Autumn 2026 agreed"): its committed document, its ratings summary
 * and `meta` (title, framework version, plus whatever the caller adds: finalising passes
 * `{ status: 'final', overall }`). Stored once and never changed.
 */
export async function takeSnapshot(
  store: Store,
  rooms: Rooms | null,
  reviewId: string,
  label: string,
  by: { id: string; name: string } | null,
  extra: Partial<SnapshotMeta> = {},
): Promise<FrozenSnapshot> {
  const review = await store.getReview(reviewId);
  if (!review) throw new UnknownReviewError(`no review "${reviewId}"`);
  const { state, summary } = await committedStateAndSummary(store, rooms, reviewId);
  const snapshot = {
    id: randomBytes(12).toString('base64url'),
    reviewId,
    label,
    meta: {
      ...extra,
      title: review.title,
      frameworkId: review.frameworkId,
      frameworkVersion: review.frameworkVersion,
    },
    createdBy: by?.id ?? null,
    createdByName: by?.name ?? null,
    createdAt: new Date().toISOString(),
  };
  await store.cycles.putSnapshot({ ...snapshot, state, summary });
  return snapshot;
}
