import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { withModerationTrack } from '../../shared/review/moderation.ts';
import { buildSkeleton } from '../../shared/review/skeleton.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import type { Viewer } from '../frameworks/publishing.ts';
import type { ReviewRecord, Store } from '../store/types.ts';

export class UnknownFrameworkError extends Error {}

/** Review ids: 16 URL-safe random characters, unguessable and short enough to read out. */
export const newReviewId = (): string => randomBytes(12).toString('base64url');

/**
 * Create a review of the latest version of a framework the viewer may use in this workspace, its
 * whole document skeleton built here.
 */
export async function createReview(
  store: Store,
  library: FrameworkLibrary,
  viewer: Viewer,
  input: { frameworkId: string; title: string; workspaceId: string; moderation?: boolean },
): Promise<ReviewRecord> {
  // Another workspace's framework, a retired one and a missing one look the same.
  const framework = await library.usable(viewer, input.frameworkId, input.workspaceId);
  if (!framework) throw new UnknownFrameworkError(`no framework "${input.frameworkId}" you can use`);
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
  // A one-track framework gains a moderation track; one with two tracks already has its moderator's.
  const moderationTrack = input.moderation === true && framework.tracks.length === 1;
  buildSkeleton(doc, moderationTrack ? withModerationTrack(framework) : framework, {
    ...(moderationTrack ? { moderationTrack } : {}),
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
