import * as Y from 'yjs';
import type { Criterion, Framework } from '../../shared/framework/schema.ts';
import { emptySummary } from '../../shared/cycles/figures.ts';
import { Root } from '../../shared/review/roots.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import type { Viewer } from '../frameworks/publishing.ts';
import { newReviewId } from '../reviews/create.ts';
import type { ReviewRecord, Store } from '../store/types.ts';
import { committedState } from './snapshots.ts';
import { summaryThread } from './summary-thread.ts';

export class NextTermError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const criteriaOf = (fw: Framework): Map<string, Criterion> =>
  new Map(fw.sections.flatMap((s) => s.criteria.map((c) => [c.id, c] as const)));

/**
 * Criteria that mean the same in both framework versions: the same id, and (across versions) the
 * same wording, descriptors and phases. Last term's ratings and foci carry over for these only.
 */
export function unchangedCriteria(from: Framework, to: Framework): Set<string> {
  const a = criteriaOf(from);
  const b = criteriaOf(to);
  const same = new Set<string>();
  for (const [id, criterion] of b) {
    const before = a.get(id);
    if (!before) continue;
    if (from.id === to.id && from.version === to.version) same.add(id);
    else if (JSON.stringify(before) === JSON.stringify(criterion)) same.add(id);
  }
  return same;
}

export interface NextTermInput {
  title: string;
  /** Copy each track's development focus of every unchanged criterion. */
  carryFocus: boolean;
  /** Use the newest version of the framework instead of last term's. */
  upgrade: boolean;
}

/**
 * Start next term's review from this one: the same framework version (or the newest), the same
 * people in the same roles, foci carried forward if asked, linked to it as its previous term.
 */
export async function startNextTerm(
  store: Store,
  library: FrameworkLibrary,
  rooms: Rooms | null,
  viewer: Viewer,
  previousId: string,
  input: NextTermInput,
): Promise<{ review: ReviewRecord; unchanged: string[] }> {
  const previous = await store.getReview(previousId);
  if (!previous) throw new NextTermError(404, `no review "${previousId}"`);
  if (!previous.workspaceId)
    throw new NextTermError(409, 'this review belongs to no workspace; an administrator must place it in one first');
  const before = await library.get(previous.frameworkId, previous.frameworkVersion);
  if (!before)
    throw new NextTermError(409, `framework ${previous.frameworkId} v${previous.frameworkVersion} is missing`);
  const framework = input.upgrade ? await library.usable(viewer, previous.frameworkId, previous.workspaceId) : before;
  if (!framework)
    throw new NextTermError(409, `no newer version of "${previous.frameworkId}" may be used here`, 'upgrade');
  const unchanged = unchangedCriteria(before, framework);

  const now = new Date().toISOString();
  const review: ReviewRecord = {
    id: newReviewId(),
    workspaceId: previous.workspaceId,
    title: input.title,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    createdAt: now,
    updatedAt: now,
  };
  const doc = new Y.Doc();
  buildSkeleton(doc, framework, {
    reviewId: review.id,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    title: review.title,
    createdAt: now,
  });
  if (input.carryFocus) {
    const to = doc.getMap<Y.Text>(Root.focus);
    const keys = [...to.keys()].filter((key) => unchanged.has(key.split('/')[1] ?? ''));
    const state = await committedState(store, rooms, previousId);
    const from = await summaryThread.run({ kind: 'texts', state, root: Root.focus, keys });
    doc.transact(() => {
      for (const key of keys) if (from[key]) to.get(key)!.insert(0, from[key]);
    });
  }
  await store.createReview(review, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  // The same people, in the same roles; whoever starts it facilitates it.
  for (const member of await store.access.reviewMembers(previousId))
    await store.access.setReviewMember(review.id, member.userId, member.role, null);
  await store.access.setReviewMember(review.id, viewer.user.id, 'facilitator', null);
  await store.cycles.link({
    reviewId: review.id,
    previousReviewId: previousId,
    carriedFocus: input.carryFocus,
    createdAt: now,
  });
  await store.cycles.putSummary(review.id, 0, emptySummary());
  return { review, unchanged: [...unchanged] };
}
