import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware.ts';
import { publicOrigin } from '../auth/request-origin.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { FrameworkLibrary } from '../frameworks/library.ts';
import { can, createInvite } from '../reviews/access.ts';
import { UnknownFrameworkError, createReview } from '../reviews/create.ts';
import { ModerationTrackError, addModerationTrack } from '../reviews/moderation-track.ts';
import { reviewRoles, type ReviewRole, type User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { defaultSecurity, type SecurityConfig } from '../config.ts';
import { errorBody, jsonBody } from './validate.ts';

export const createReviewInput = z.strictObject({
  frameworkId: z.string({ error: 'is required' }).min(1, 'is required'),
  title: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters'),
  workspaceId: z.string().min(1).optional(),
  /** Add a moderation track beside the self-evaluation (frameworks with one track). */
  moderation: z.boolean({ error: 'must be true or false' }).optional(),
});

const inviteInput = z.strictObject({
  role: z.enum(reviewRoles as [ReviewRole, ...ReviewRole[]], { error: `must be one of ${reviewRoles.join(', ')}` }),
  expiresInDays: z
    .number({ error: 'must be a number' })
    .int()
    .min(1, 'must be at least 1')
    .max(90, 'must be at most 90')
    .default(14),
});

const memberInput = z.strictObject({
  role: z.enum(reviewRoles as [ReviewRole, ...ReviewRole[]], { error: `must be one of ${reviewRoles.join(', ')}` }),
});

export function reviewRoutes(
  store: Store,
  library: FrameworkLibrary,
  rooms: Rooms,
  security: SecurityConfig = defaultSecurity,
) {
  const access = store.access;

  /** The caller's role, or a 404 that does not reveal whether the review exists. */
  async function roleOf(c: Context<AuthEnv>, reviewId: string): Promise<ReviewRole | null> {
    const user = c.get('user') as User;
    return access.reviewRole(reviewId, user.id);
  }
  const notFound = (c: Context, id: string) => c.json(errorBody('not_found', `no review "${id}"`), 404);
  const forbidden = (c: Context, what: string) => c.json(errorBody('forbidden', `only a facilitator can ${what}`), 403);

  return (
    new Hono<AuthEnv>()
      .get('/', async (c) => {
        const user = c.get('user') as User;
        const ids = new Set(await access.reviewIdsOf(user.id));
        const reviews = (await store.listReviews()).filter((r) => ids.has(r.id));
        const states = await store.records.states(reviews.map((r) => r.id));
        return c.json(
          await Promise.all(
            reviews.map(async (r) => ({ ...r, ...states.get(r.id), role: await access.reviewRole(r.id, user.id) })),
          ),
        );
      })
      .post('/', jsonBody(createReviewInput), async (c) => {
        const user = c.get('user') as User;
        const input = c.req.valid('json');
        const workspaces = await access.workspacesOf(user.id);
        const workspace = input.workspaceId ? workspaces.find((w) => w.id === input.workspaceId) : workspaces[0];
        if (!workspace) {
          const message = input.workspaceId
            ? 'workspaceId: you are not a member of this workspace'
            : 'you belong to no workspace; ask an administrator to add you to one';
          return c.json(errorBody('forbidden', message, 'workspaceId'), 403);
        }
        try {
          const review = await createReview(
            store,
            library,
            { user, workspaces },
            { ...input, workspaceId: workspace.id },
          );
          await access.setReviewMember(review.id, user.id, 'facilitator', null);
          return c.json({ ...review, ...(await store.records.state(review.id)), role: 'facilitator' }, 201);
        } catch (error) {
          if (error instanceof UnknownFrameworkError) {
            return c.json(errorBody('invalid_request', `frameworkId: ${error.message}`, 'frameworkId'), 400);
          }
          throw error;
        }
      })
      .get('/:id', async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        const review = role ? await store.getReview(id) : null;
        if (!review || !role) return notFound(c, id);
        return c.json({ ...review, ...(await store.records.state(id)), role });
      })
      // The framework at the review's version: a page opening the review asks for it beside the review, not after it.
      .get('/:id/framework', async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        const review = role ? await store.getReview(id) : null;
        if (!review || !role) return notFound(c, id);
        const framework = await library.get(review.frameworkId, review.frameworkVersion);
        if (!framework) throw new Error(`review ${id}: framework ${review.frameworkId} is missing`);
        return c.json(framework);
      })
      .get('/:id/history', async (c) => {
        const id = c.req.param('id');
        if (!(await roleOf(c, id))) return notFound(c, id);
        return c.json(await store.history(id, c.req.query('criterion') || undefined));
      })
      .post('/:id/moderation-track', async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        const review = role ? await store.getReview(id) : null;
        if (!review || !role) return notFound(c, id);
        if (!can.facilitate(role)) return forbidden(c, 'add a moderation track');
        const framework = await library.get(review.frameworkId, review.frameworkVersion);
        if (!framework) throw new Error(`review ${id}: framework ${review.frameworkId} is missing`);
        const user = c.get('user') as User;
        try {
          await addModerationTrack(store, rooms, id, framework, { id: user.id, name: user.name });
        } catch (error) {
          if (error instanceof ModerationTrackError) return c.json(errorBody('conflict', error.message), 409);
          throw error;
        }
        return c.json({ ok: true }, 201);
      })
      .get('/:id/members', async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        if (!role) return notFound(c, id);
        const members = await access.reviewMembers(id);
        // Only facilitators, who manage people, see emails; everyone else sees names.
        return c.json(can.facilitate(role) ? members : members.map(({ email: _email, ...m }) => m));
      })
      .patch('/:id/members/:userId', jsonBody(memberInput), async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        if (!role) return notFound(c, id);
        if (!can.facilitate(role)) return forbidden(c, 'change roles');
        const userId = c.req.param('userId');
        if (!(await access.reviewRole(id, userId))) return c.json(errorBody('not_found', 'no such member'), 404);
        await access.setReviewMember(id, userId, c.req.valid('json').role, null);
        // Open sockets carry the old role: close them so they reconnect with the new one.
        rooms.revoke(id, [userId], 'your role in this review changed');
        return c.json({ ok: true });
      })
      .delete('/:id/members/:userId', async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        if (!role) return notFound(c, id);
        if (!can.facilitate(role)) return forbidden(c, 'remove people');
        const removed = await access.removeReviewMembers(id, [c.req.param('userId')]);
        rooms.revoke(id, removed, 'your access to this review was removed');
        return c.json({ removed });
      })
      .get('/:id/invites', async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        if (!role) return notFound(c, id);
        if (!can.facilitate(role)) return forbidden(c, 'see invite links');
        return c.json(await access.invites(id));
      })
      .post('/:id/invites', jsonBody(inviteInput), async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        if (!role) return notFound(c, id);
        if (!can.facilitate(role)) return forbidden(c, 'create invite links');
        const input = c.req.valid('json');
        const { invite, secret } = await createInvite(access, {
          reviewId: id,
          createdBy: (c.get('user') as User).id,
          ...input,
        });
        const origin = publicOrigin(c, security);
        return c.json({ invite, url: `${origin}/invite/${secret}` }, 201);
      })
      .delete('/:id/invites/:inviteId', async (c) => {
        const id = c.req.param('id');
        const role = await roleOf(c, id);
        if (!role) return notFound(c, id);
        if (!can.facilitate(role)) return forbidden(c, 'revoke invite links');
        const removed = await access.revokeInvite(id, c.req.param('inviteId'), new Date().toISOString());
        rooms.revoke(id, removed, 'the invite link you joined with was revoked');
        return c.json({ removed });
      })
  );
}
