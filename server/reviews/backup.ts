import { randomBytes } from 'node:crypto';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { canSee, type Viewer } from '../frameworks/publishing.ts';
import type { RestoredMembers } from '../../shared/protocol/access.ts';
import type { ReviewRole, User } from '../store/access-types.ts';
import type { ReviewRecord, Store } from '../store/types.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupMember } from './backup-format.ts';
import type { BackupThread } from './backup-thread.ts';
import { newReviewId } from './create.ts';

/**
 * The backup file of a review, or null when there is no such review; built on the backup thread.
 * It lists the review's members; their e-mails only when a facilitator asks (`withEmails`), as
 * only facilitators see them in the app.
 */
export async function buildBackup(
  store: Store,
  thread: BackupThread,
  reviewId: string,
  withEmails = false,
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
    members: (await store.access.reviewMembers(reviewId)).map((m) => ({
      name: m.name,
      role: m.role,
      ...(withEmails && m.email ? { email: m.email } : {}),
    })),
  });
}

// One reason for "no such account" and "someone in another workspace": a restore must not tell
// the importer which e-mails have accounts in this install.
const NOT_IN_WORKSPACE = 'nobody with this e-mail belongs to the workspace';
const NO_EMAIL = 'the backup has no e-mail for them (only a facilitator’s backup has e-mails)';

/**
 * The backup's members who come back: a person of this install with the same e-mail who belongs
 * to the target workspace gets their role back. Nobody else gains access, whatever the file says.
 */
async function matchMembers(
  store: Store,
  importer: User,
  workspaceId: string,
  members: BackupMember[],
): Promise<{ add: { userId: string; role: ReviewRole }[]; report: RestoredMembers }> {
  const add: { userId: string; role: ReviewRole }[] = [];
  const report: RestoredMembers = { restored: [], notRestored: [] };
  const seen = new Set([importer.id]);
  for (const m of members) {
    if (!m.email) {
      report.notRestored.push({ name: m.name, role: m.role, reason: NO_EMAIL });
      continue;
    }
    const user =
      (await store.access.userByEmail(m.email)) ?? (await store.access.userByEmail(m.email.trim().toLowerCase()));
    // The importer is already its facilitator; a second mention of one person adds nothing.
    if (user && seen.has(user.id)) continue;
    const inWorkspace =
      user && !user.disabledAt && (await store.access.workspacesOf(user.id)).some((w) => w.id === workspaceId);
    if (!user || !inWorkspace) {
      report.notRestored.push({ name: m.name, role: m.role, reason: NOT_IN_WORKSPACE });
      continue;
    }
    seen.add(user.id);
    add.push({ userId: user.id, role: m.role });
    report.restored.push({ name: user.name, role: m.role });
  }
  return { add, report };
}

/** A backup that names a framework this install cannot give the caller (answered with 409). */
export class BackupFrameworkConflict extends Error {}

/**
 * Restore a backup file as a new review in a workspace, the caller its facilitator, with those of
 * the backup's members who belong to that workspace (see matchMembers): checked on the worker
 * thread, then stored in one transaction, so a refused file leaves nothing behind.
 */
export async function restoreBackup(
  store: Store,
  thread: BackupThread,
  viewer: Viewer & { user: User },
  workspaceId: string,
  bytes: Uint8Array,
): Promise<{ review: ReviewRecord; members: RestoredMembers }> {
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
  const rounds = backup.rounds.map((r) => ({
    ...r,
    id: randomBytes(9).toString('base64url'),
    reviewId: id,
    votes: r.votes.map((v) => ({ ...v, at: v.at ?? r.openedAt })),
  }));
  const { add, report } = await matchMembers(store, viewer.user, workspaceId, backup.members ?? []);
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
      members: [{ userId: viewer.user.id, role: 'facilitator' }, ...add],
    },
    event,
  );
  return { review, members: report };
}
