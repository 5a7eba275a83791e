import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CloseCode } from '../../shared/protocol/close-codes.ts';
import { RESTORE_DAYS, type DeletedReview, type ReviewState } from '../../shared/protocol/review-record.ts';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { Root } from '../../shared/review/roots.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import type { Rooms } from '../collab/rooms.ts';
import { can } from '../reviews/access.ts';
import { backupThread, type BackupThread } from '../reviews/backup-thread.ts';
import { newReviewId } from '../reviews/create.ts';
import type { ReviewRole, User } from '../store/access-types.ts';
import type { AuditEntry } from '../store/admin-types.ts';
import type { DeletedReviewRecord } from '../store/record-types.ts';
import type { ReviewRecord, Store } from '../store/types.ts';
import { errorBody, jsonBody } from './validate.ts';

/** Where other features join in: e.g. finalising takes a snapshot of the review. */
export interface RecordHooks {
  /** Called once a review has been made final (stored and announced); a failure is logged, not undone. */
  onFinalised?: (event: { reviewId: string; state: ReviewState; by: User }) => Promise<void> | void;
  log?: (message: string, error?: unknown) => void;
}

const title = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');
const statusInput = z.strictObject({
  status: z.enum(['draft', 'moderation'], { error: 'must be "draft" or "moderation" (finalise to make it final)' }),
});
const renameInput = z.strictObject({ title });
const duplicateInput = z.strictObject({
  title: title.optional(),
  withPeople: z.boolean({ error: 'must be true or false' }).default(false),
});
const reopenInput = z.strictObject({ reason: z.string().trim().max(500, 'must be at most 500 characters').optional() });

const DAY_MS = 24 * 3600 * 1000;

/**
 * The judgement record of a review and its management: status (draft → in moderation → final),
 * sign-offs, reopening; rename, duplicate, archive, soft delete, restore and purge. Every change is
 * recorded in the review's history (and deletions in the audit trail too).
 */
export function reviewRecordRoutes(
  store: Store,
  rooms: Rooms,
  hooks: RecordHooks = {},
  thread: BackupThread = backupThread,
) {
  const { access, records } = store;
  const notFound = (c: Context, id: string) => c.json(errorBody('not_found', `no review "${id}"`), 404);
  const forbidden = (c: Context, what: string) => c.json(errorBody('forbidden', `only a facilitator can ${what}`), 403);
  const conflict = (c: Context, message: string) => c.json(errorBody('conflict', message), 409);
  const userOf = (c: Context<AuthEnv>) => c.get('user') as User;
  const event = (user: User, kind: 'status' | 'review', detail: HistoryEvent['detail']): HistoryEvent => ({
    at: new Date().toISOString(),
    userId: user.id,
    userName: user.name,
    criterion: null,
    kind,
    detail,
  });
  const audit = (user: User, action: AuditEntry['action'], subject: string, detail: string): AuditEntry => ({
    at: new Date().toISOString(),
    actorId: user.id,
    actorName: user.name,
    action,
    subject,
    detail,
  });
  const names = (state: ReviewState) => state.signOffs.map((s) => s.name).join(', ') || null;

  /** The review, its state and the caller's role; null (a 404) when they have none. */
  async function load(c: Context<AuthEnv>, id: string) {
    const user = userOf(c);
    const role = await access.reviewRole(id, user.id);
    const review = role ? await store.getReview(id) : null;
    const state = review ? await records.state(id) : null;
    return role && review && state ? { user, role, review, state } : null;
  }

  /** Store a new state, tell the open room (read-only or editable again at once), answer with it. */
  function announced(c: Context, id: string, state: ReviewState) {
    rooms.announceState(id, state);
    return c.json({ id, ...state });
  }

  async function ownsWorkspace(user: User, workspaceId: string | null): Promise<boolean> {
    if (!workspaceId) return false;
    return (await access.workspacesOf(user.id)).some((w) => w.id === workspaceId && w.role === 'owner');
  }

  async function deletedView(user: User, r: DeletedReviewRecord, now: number): Promise<DeletedReview | null> {
    const until = new Date(new Date(r.deletedAt).getTime() + RESTORE_DAYS * DAY_MS);
    const role = await records.roleInAny(r.id, user.id);
    const entitled = role === 'facilitator' || (await ownsWorkspace(user, r.workspaceId));
    if (!entitled && !user.isAdmin) return null;
    return {
      id: r.id,
      title: r.title,
      frameworkId: r.frameworkId,
      deletedAt: r.deletedAt,
      deletedBy: r.deletedBy,
      restorableUntil: until.toISOString(),
      canRestore: until.getTime() > now && (entitled || user.isAdmin),
      canPurge: user.isAdmin,
    };
  }

  return (
    new Hono<AuthEnv>()
      // Registered before /:id, and no review id is this short.
      .get('/deleted', async (c) => {
        const user = userOf(c);
        const now = Date.now();
        const all = await records.deletedReviews();
        const views = await Promise.all(all.map((r) => deletedView(user, r, now)));
        return c.json(views.filter((v): v is DeletedReview => v !== null));
      })
      .get('/:id/record', async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        return c.json({ id, ...found.state, events: await records.reviewEvents(id) });
      })
      .post('/:id/status', jsonBody(statusInput), async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        if (!can.facilitate(found.role)) return forbidden(c, 'change the status');
        const { status } = c.req.valid('json');
        if (found.state.status === 'final') return conflict(c, 'this review is final; reopen it first');
        if (found.state.status === status) return c.json({ id, ...found.state });
        const state = await records.setStatus(
          id,
          status,
          event(found.user, 'status', { from: found.state.status, to: status }),
        );
        return announced(c, id, state);
      })
      .post('/:id/sign-offs', async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        if (!can.facilitate(found.role)) return forbidden(c, 'sign off a review');
        if (found.state.status === 'final') return conflict(c, 'this review is already final');
        const { user } = found;
        const at = new Date().toISOString();
        const state = await records.signOff(
          id,
          { userId: user.id, name: user.name, at },
          event(user, 'status', { action: 'signed-off', status: found.state.status }),
        );
        return announced(c, id, state);
      })
      .delete('/:id/sign-offs/me', async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        if (!can.facilitate(found.role)) return forbidden(c, 'withdraw a sign-off');
        if (found.state.status === 'final') return conflict(c, 'this review is final; reopen it first');
        if (!found.state.signOffs.some((s) => s.userId === found.user.id)) {
          return c.json(errorBody('not_found', 'you have not signed off this review'), 404);
        }
        const state = await records.withdrawSignOff(
          id,
          found.user.id,
          event(found.user, 'status', { action: 'sign-off-withdrawn' }),
        );
        return announced(c, id, state);
      })
      .post('/:id/finalise', async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        if (!can.facilitate(found.role)) return forbidden(c, 'finalise a review');
        if (found.state.status === 'final') return conflict(c, 'this review is already final');
        const { user } = found;
        const at = new Date().toISOString();
        const signers = new Set([...found.state.signOffs.map((s) => s.name), user.name]);
        const state = await records.finalise(
          id,
          { userId: user.id, name: user.name, at },
          event(user, 'status', { from: found.state.status, to: 'final', signedOffBy: [...signers].join(', ') }),
        );
        const response = announced(c, id, state);
        try {
          await hooks.onFinalised?.({ reviewId: id, state, by: user });
        } catch (error) {
          hooks.log?.(`review ${id}: after finalising`, error);
        }
        return response;
      })
      .post('/:id/reopen', jsonBody(reopenInput), async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        if (!can.facilitate(found.role)) return forbidden(c, 'reopen a review');
        if (found.state.status !== 'final') return conflict(c, 'this review is not final');
        const state = await records.reopen(
          id,
          event(found.user, 'status', {
            from: 'final',
            to: 'moderation',
            signedOffBy: names(found.state),
            reason: c.req.valid('json').reason ?? null,
          }),
        );
        return announced(c, id, state);
      })
      .patch('/:id', jsonBody(renameInput), async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        if (!can.facilitate(found.role)) return forbidden(c, 'rename a review');
        if (found.state.status === 'final') return conflict(c, 'this review is final; reopen it to rename it');
        const next = c.req.valid('json').title;
        await records.rename(
          id,
          next,
          event(found.user, 'review', { action: 'renamed', from: found.review.title, to: next }),
        );
        // The document keeps its title too (meta.title), for everyone with it open.
        await rooms.changeDocument(id, (doc) => doc.getMap(Root.meta).set('title', next));
        return c.json({ ...found.review, title: next, ...found.state, role: found.role });
      })
      .post('/:id/archive', async (c) => archive(c, true))
      .post('/:id/unarchive', async (c) => archive(c, false))
      .post('/:id/duplicate', jsonBody(duplicateInput), async (c) => {
        const id = c.req.param('id');
        const found = await load(c, id);
        if (!found) return notFound(c, id);
        const { user, review } = found;
        const workspaces = await access.workspacesOf(user.id);
        const workspace = review.workspaceId ? workspaces.find((w) => w.id === review.workspaceId) : workspaces[0];
        if (!workspace) {
          return c.json(
            errorBody(
              'forbidden',
              "only members of the review's workspace can duplicate it (new reviews belong to it)",
            ),
            403,
          );
        }
        const input = c.req.valid('json');
        if (input.withPeople && !can.facilitate(found.role)) return forbidden(c, 'copy the people of a review');
        const copy: ReviewRecord = {
          id: newReviewId(),
          workspaceId: workspace.id,
          title: input.title ?? `Copy of ${review.title}`.slice(0, 200),
          frameworkId: review.frameworkId,
          frameworkVersion: review.frameworkVersion,
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        };
        const framework = await store.getFramework(review.frameworkId, review.frameworkVersion);
        if (!framework) throw new Error(`framework ${review.frameworkId} v${review.frameworkVersion} is missing`);
        const stored = await store.loadDocument(id);
        // Merged and re-titled on the backup thread: a large review would hold the event loop.
        const document = await thread.copy(
          stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates,
          framework.framework,
          { reviewId: copy.id, title: copy.title, createdAt: copy.createdAt },
        );
        const people: { userId: string; role: ReviewRole }[] = input.withPeople
          ? (await access.reviewMembers(id)).filter((m) => m.userId !== user.id)
          : [];
        await records.createFrom(
          {
            review: copy,
            document,
            state: { status: 'draft', signOffs: [], finalisedAt: null, finalisedBy: null, archivedAt: null },
            history: [],
            rounds: [],
            members: [
              ...people.map((m) => ({ userId: m.userId, role: m.role })),
              { userId: user.id, role: 'facilitator' },
            ],
          },
          event(user, 'review', { action: 'duplicated', from: id, fromTitle: review.title }),
        );
        return c.json({ ...copy, role: 'facilitator', ...(await records.state(copy.id)) }, 201);
      })
      .delete('/:id', async (c) => {
        const id = c.req.param('id');
        const user = userOf(c);
        const role = await access.reviewRole(id, user.id);
        const review = await store.getReview(id);
        // Someone with no role and no say over its workspace learns nothing about it.
        const owner = review ? await ownsWorkspace(user, review.workspaceId) : false;
        if (!review || (!role && !owner)) return notFound(c, id);
        if (role !== 'facilitator' && !owner) {
          return c.json(
            errorBody('forbidden', "only a facilitator or an owner of the review's workspace can delete it"),
            403,
          );
        }
        const at = new Date().toISOString();
        await records.softDelete(
          id,
          user.id,
          at,
          event(user, 'review', { action: 'deleted' }),
          audit(user, 'review.delete', id, `deleted review "${review.title}" (restorable for ${RESTORE_DAYS} days)`),
        );
        rooms.closeReview(id, CloseCode.notFound, `this review was deleted by ${user.name}`);
        const until = new Date(new Date(at).getTime() + RESTORE_DAYS * DAY_MS).toISOString();
        return c.json({ id, deletedAt: at, restorableUntil: until });
      })
      .post('/:id/restore', async (c) => {
        const id = c.req.param('id');
        const user = userOf(c);
        const deleted = await records.deleted(id);
        const view = deleted ? await deletedView(user, deleted, Date.now()) : null;
        if (!deleted || !view) return notFound(c, id);
        if (!view.canRestore) {
          return c.json(
            errorBody(
              'gone',
              `this review was deleted more than ${RESTORE_DAYS} days ago and can no longer be restored; an administrator can purge it`,
            ),
            410,
          );
        }
        await records.restore(
          id,
          event(user, 'review', { action: 'restored' }),
          audit(user, 'review.restore', id, `restored review "${deleted.title}"`),
        );
        return c.json({ id, restored: true });
      })
      .delete('/:id/purge', async (c) => {
        const id = c.req.param('id');
        const user = userOf(c);
        if (!user.isAdmin) return c.json(errorBody('forbidden', 'only an administrator can purge a review'), 403);
        const deleted = await records.deleted(id);
        if (!deleted) return c.json(errorBody('not_found', `no deleted review "${id}" (delete it first)`), 404);
        await records.purge(
          id,
          audit(user, 'review.purge', id, `purged review "${deleted.title}" and everything in it`),
        );
        return c.json({ id, purged: true });
      })
  );

  async function archive(c: Context<AuthEnv>, archived: boolean) {
    const id = c.req.param('id') ?? '';
    const found = await load(c, id);
    if (!found) return notFound(c, id);
    if (!can.facilitate(found.role)) return forbidden(c, archived ? 'archive a review' : 'unarchive a review');
    if (!!found.state.archivedAt === archived) return c.json({ id, ...found.state });
    const state = await records.setArchived(
      id,
      archived ? new Date().toISOString() : null,
      event(found.user, 'review', { action: archived ? 'archived' : 'unarchived' }),
    );
    return announced(c, id, state);
  }
}
