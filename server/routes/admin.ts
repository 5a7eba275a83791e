import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { AdminError } from '../admin/audit.ts';
import { retireUpload, uploadedFrameworks } from '../admin/frameworks.ts';
import { createResetLink, setAdministrator, setDisabled } from '../admin/people.ts';
import { rescueReview } from '../admin/recovery.ts';
import {
  createWorkspace,
  removeWorkspace,
  removeWorkspaceMember,
  renameWorkspace,
  setWorkspaceMember,
} from '../admin/workspaces.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { errorBody, jsonBody } from './validate.ts';

const workspaceName = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');
const workspaceInput = z.strictObject({ name: workspaceName });
const memberInput = z.strictObject({
  role: z.enum(['owner', 'member'], { error: 'must be owner or member' }),
});
const personInput = z
  .strictObject({
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    isAdmin: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .refine((v) => v.disabled !== undefined || v.isAdmin !== undefined, { message: 'give disabled or isAdmin' });
const rescueInput = z.strictObject({ userId: z.string({ error: 'is required' }).min(1, 'is required') });

/** Signed out: 401; signed in but not an administrator: 403. Both JSON. */
const requireAdmin = () =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const user = c.get('user');
    if (!user) return c.json(errorBody('unauthenticated', 'sign in first'), 401);
    if (!user.isAdmin) return c.json(errorBody('forbidden', 'only an administrator can do this'), 403);
    await next();
  });

/** Run an administration action; its refusals become JSON errors with their status. */
async function answer(c: Context<AuthEnv>, action: (actor: User) => Promise<unknown>, status: 200 | 201 = 200) {
  try {
    return c.json((await action(c.get('user') as User)) ?? { ok: true }, status);
  } catch (error) {
    if (error instanceof AdminError) return c.json(errorBody(error.code, error.message, error.field), error.status);
    throw error;
  }
}

/** /api/admin: workspaces, people, orphaned reviews and the audit trail, for administrators only. */
export function adminRoutes(store: Store, rooms: Rooms) {
  const admin = store.admin;
  return new Hono<AuthEnv>()
    .use('*', requireAdmin())
    .get('/workspaces', async (c) => c.json(await admin.workspaces()))
    .post('/workspaces', jsonBody(workspaceInput), (c) =>
      answer(c, (actor) => createWorkspace(admin, actor, c.req.valid('json').name), 201),
    )
    .patch('/workspaces/:id', jsonBody(workspaceInput), (c) =>
      answer(c, (actor) => renameWorkspace(admin, actor, c.req.param('id'), c.req.valid('json').name)),
    )
    .delete('/workspaces/:id', (c) => answer(c, (actor) => removeWorkspace(admin, actor, c.req.param('id'))))
    .put('/workspaces/:id/members/:userId', jsonBody(memberInput), (c) =>
      answer(c, (actor) =>
        setWorkspaceMember(admin, actor, c.req.param('id'), c.req.param('userId'), c.req.valid('json').role),
      ),
    )
    .delete('/workspaces/:id/members/:userId', (c) =>
      answer(c, (actor) => removeWorkspaceMember(admin, actor, c.req.param('id'), c.req.param('userId'))),
    )
    .get('/frameworks', async (c) => c.json(await uploadedFrameworks(store)))
    .post('/frameworks/:id/retire', (c) => answer(c, (actor) => retireUpload(store, actor, c.req.param('id'))))
    .get('/people', async (c) => c.json(await admin.people()))
    .patch('/people/:id', jsonBody(personInput), (c) =>
      answer(c, async (actor) => {
        const id = c.req.param('id');
        const { disabled, isAdmin } = c.req.valid('json');
        // Enable before granting, revoke before disabling, so either order of fields works.
        if (disabled === false) await setDisabled(store, rooms, actor, id, false);
        if (isAdmin !== undefined) await setAdministrator(store, actor, id, isAdmin);
        return disabled === true ? setDisabled(store, rooms, actor, id, true) : admin.person(id);
      }),
    )
    .post('/people/:id/password-reset', (c) =>
      answer(
        c,
        async (actor) => {
          const { secret, expiresAt } = await createResetLink(store, actor, c.req.param('id'));
          return { url: `${new URL(c.req.url).origin}/reset-password/${secret}`, expiresAt };
        },
        201,
      ),
    )
    .get('/reviews/orphaned', async (c) => c.json(await admin.orphanedReviews()))
    .post('/reviews/:id/facilitators', jsonBody(rescueInput), (c) =>
      answer(c, (actor) => rescueReview(store, rooms, actor, c.req.param('id'), c.req.valid('json').userId)),
    )
    .get('/audit', async (c) => c.json(await admin.auditTrail(200)));
}
