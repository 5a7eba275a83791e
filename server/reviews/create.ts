import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import type { ReviewRecord, Store } from '../store/types.ts';

export class UnknownFrameworkError extends Error {}

/** Review ids: 16 URL-safe random characters, unguessable and short enough to read out. */
export const newReviewId = (): string => randomBytes(12).toString('base64url');

/** Create a review of the latest version of a framework, its whole document skeleton built here. */
export async function createReview(
  store: Store,
  library: FrameworkLibrary,
  input: { frameworkId: string; title: string; workspaceId: string | null },
): Promise<ReviewRecord> {
  const framework = await library.get(input.frameworkId);
  if (!framework) throw new UnknownFrameworkError(`no framework "${input.frameworkId}"`);
  const now = new Date().toISOString();
  const review: ReviewRecord = {
    id: newReviewId(),
    workspaceId: input.workspaceId,
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
  await store.createReview(review, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return review;
}
