import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware.ts';
import type { IdentityStore } from '../store/identity-types.ts';
import { errorBody, jsonBody } from './validate.ts';

const signInInput = z.strictObject({ ssoOnly: z.boolean({ error: 'must be true or false' }) });

/** How a workspace's members sign in: administrators may make it SSO only (no passwords). */
export function workspaceSignInRoutes(identity: IdentityStore) {
  return new Hono<AuthEnv>().patch('/:id', jsonBody(signInInput), async (c) => {
    const user = c.get('user');
    if (!user) return c.json(errorBody('unauthenticated', 'sign in first'), 401);
    if (!user.isAdmin)
      return c.json(errorBody('forbidden', 'only an administrator may change how a workspace signs in'), 403);
    const id = c.req.param('id');
    if (!(await identity.workspaceExists(id))) return c.json(errorBody('not_found', `no workspace ${id}`), 404);
    const { ssoOnly } = c.req.valid('json');
    await identity.setSsoOnly(id, ssoOnly);
    return c.json({ id, ssoOnly });
  });
}
