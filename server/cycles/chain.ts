import type { ReportedSource } from '../../shared/protocol/cycles.ts';
import type { Framework } from '../../shared/framework/schema.ts';
import type { RatingSummary } from '../../shared/cycles/figures.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { Store } from '../store/types.ts';
import { liveSummary } from './summaries.ts';

/** Longest chain of terms followed either way; a longer one is cut there. */
export const MAX_CHAIN = 100;

/** A review's terms in order, oldest first: its previous terms, itself, then the terms started from it. */
export async function chainOf(store: Store, reviewId: string): Promise<string[]> {
  const before: string[] = [];
  const seen = new Set([reviewId]);
  let at = (await store.cycles.linkOf(reviewId))?.previousReviewId ?? null;
  while (at && !seen.has(at) && before.length < MAX_CHAIN) {
    seen.add(at);
    before.unshift(at);
    at = (await store.cycles.linkOf(at))?.previousReviewId ?? null;
  }
  const after: string[] = [];
  let next = (await store.cycles.nextOf(reviewId))[0];
  while (next && !seen.has(next) && after.length < MAX_CHAIN) {
    seen.add(next);
    after.push(next);
    next = (await store.cycles.nextOf(next))[0];
  }
  return [...before, reviewId, ...after];
}

/** Where a review's reported figures come from: its latest final snapshot, else latest snapshot, else live. */
export interface Reported {
  source: ReportedSource;
  summary: RatingSummary;
  framework: Framework;
  /** The encoded document, only when asked for. */
  state?: Uint8Array;
}

export const sourceOfSnapshot = (s: {
  id: string;
  label: string;
  createdAt: string;
  meta: { status?: unknown };
}): ReportedSource => ({
  kind: s.meta.status === 'final' ? 'final' : 'snapshot',
  snapshotId: s.id,
  label: s.label,
  at: s.createdAt,
});

/** A review's reported ratings (and, with `withState`, document): latest final, else latest snapshot, else live. */
export async function reportedOf(
  store: Store,
  rooms: Rooms | null,
  loadFramework: (id: string, version: number) => Promise<Framework | null>,
  reviewId: string,
): Promise<Reported | null> {
  const review = await store.getReview(reviewId);
  if (!review) return null;
  const snapshot = await store.cycles.reportedSnapshot(reviewId);
  const id = snapshot?.meta.frameworkId ?? review.frameworkId;
  const version = snapshot?.meta.frameworkVersion ?? review.frameworkVersion;
  const framework = await loadFramework(id, version);
  if (!framework) return null;
  if (snapshot)
    return { source: sourceOfSnapshot(snapshot), summary: snapshot.summary, framework, state: snapshot.state };
  return {
    source: { kind: 'live', snapshotId: null, label: null, at: null },
    summary: await liveSummary(store, rooms, reviewId),
    framework,
  };
}

export type { ReportedSource };
