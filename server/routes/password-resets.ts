import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/middleware.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { hashSecret } from '../auth/tokens.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { Store } from '../store/types.ts';
import { errorBody, jsonBody } from './validate.ts';

const resetInput = z.strictObject({
  password: z.string({ error: 'is required' }).superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

const unusable = 'this password-reset link has expired or has been used; ask an administrator for a new one';

/** Password-reset links an administrator made: anyone holding one may see whose it is and set a new password, once. */
export function passwordResetRoutes(store: Store, rooms: Rooms) {
  return new Hono<AuthEnv>()
    .get('/:secret', async (c) => {
      const reset = await store.admin.passwordReset(hashSecret(c.req.param('secret')), new Date().toISOString());
      if (!reset) return c.json(errorBody('invalid_link', unusable), 410);
      return c.json({ name: reset.name, email: reset.email, expiresAt: reset.expiresAt });
    })
    .post('/:secret', jsonBody(resetInput), async (c) => {
      const hash = hashSecret(c.req.param('secret'));
      const now = new Date().toISOString();
      // Check before spending tens of milliseconds on the hash.
      if (!(await store.admin.passwordReset(hash, now))) return c.json(errorBody('invalid_link', unusable), 410);
      const userId = await store.admin.usePasswordReset(hash, now, await hashPassword(c.req.valid('json').password));
      if (!userId) return c.json(errorBody('invalid_link', unusable), 410);
      // Every session ended with the old password; so do the pages they had open.
      for (const reviewId of await store.access.reviewIdsOf(userId)) {
        rooms.revoke(reviewId, [userId], 'the password of this account was reset; sign in again');
      }
      return c.json({ ok: true });
    });
}
