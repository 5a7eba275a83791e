import { randomBytes } from 'node:crypto';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { canSee, type Viewer } from '../frameworks/publishing.ts';
import type { User } from '../store/access-types.ts';
import type { ReviewRecord, Store } from '../store/types.ts';
import { BACKUP_FORMAT, BACKUP_VERSION } from './backup-format.ts';
import type { BackupThread } from './backup-thread.ts';
import { newReviewId } from './create.ts';

/** The backup file of a review, or null when there is no such review; built on the backup thread. */
export async function buildBackup(
  store: Store,
  thread: BackupThread,
  reviewId: string,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const review = await store.getReview(reviewId);
  const state = await store.records.state(reviewId);
  const framework = review ? await store.getFramework(review.frameworkId, review.frameworkVersion) : null;
  if (!review || !state || !framework) return null;
  const stored = await store.loadDocument(reviewId);
  return thread.encode(stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates, {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_VERSION,
    exportedAt: new Date().toISOString(),
    review: { id: review.id, title: review.title, createdAt: review.createdAt, updatedAt: review.updatedAt },
    framework: { id: review.frameworkId, version: review.frameworkVersion, hash: framework.hash },
    record: state,
    history: await store.records.fullHistory(reviewId),
    // Votes stay secret until the reveal, from everyone: an open round is backed up without them.
    rounds: (await store.meeting.rounds(reviewId)).map(({ reviewId: _r, ...round }) =>
      round.status === 'open' ? { ...round, votes: [] } : round,
    ),
  });
}

/** A backup that names a framework this install cannot give the caller (answered with 409). */
export class BackupFrameworkConflict extends Error {}

/**
 * Restore a backup file as a new review in a workspace, the caller its facilitator: checked on
 * the worker thread, then stored in one transaction, so a refused file leaves nothing behind.
 */
export async function restoreBackup(
  store: Store,
  thread: BackupThread,
  viewer: Viewer & { user: User },
  workspaceId: string,
  bytes: Uint8Array,
): Promise<ReviewRecord> {
  const { backup, document } = await thread.parse(bytes);
  const { id: frameworkId, version, hash } = backup.framework;
  const record = await store.getFramework(frameworkId, version);
  const usable = record && canSee(viewer, record) && (!record.workspaceId || record.workspaceId === workspaceId);
  if (!record || !usable) {
    throw new BackupFrameworkConflict(
      `framework "${frameworkId}" version ${version} is not available here; add it to this Bestfit before restoring`,
    );
  }
  if (record.hash !== hash) {
    throw new BackupFrameworkConflict(
      `framework "${frameworkId}" version ${version} here differs from the one the backup was made with (hash ${hash})`,
    );
  }
  const id = newReviewId();
  const prepared = await thread.prepare(document, record.framework, { reviewId: id, title: backup.review.title });
  const now = new Date().toISOString();
  const review: ReviewRecord = {
    id,
    workspaceId,
    title: backup.review.title,
    frameworkId,
    frameworkVersion: version,
    createdAt: backup.review.createdAt,
    updatedAt: now,
  };
  // Round ids are unique across the install: a restore next to its original gets fresh ones.
  const rounds = backup.rounds.map((r) => ({ ...r, id: randomBytes(9).toString('base64url'), reviewId: id }));
  const event: HistoryEvent = {
    at: now,
    userId: viewer.user.id,
    userName: viewer.user.name,
    criterion: null,
    kind: 'review',
    detail: { action: 'imported', from: backup.review.id, exportedAt: backup.exportedAt },
  };
  await store.records.createFrom(
    {
      review,
      document: prepared,
      state: backup.record,
      history: backup.history,
      rounds,
      members: [{ userId: viewer.user.id, role: 'facilitator' }],
    },
    event,
  );
  return review;
}
