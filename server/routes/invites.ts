import { Hono } from 'hono';
import { z } from 'zod';
import { AccountError, checkLogin, checkNewAccount, createUser } from '../auth/accounts.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import { clientAddress } from '../auth/request-origin.ts';
import type { SignInLimits } from '../auth/sign-in-limits.ts';
import type { OidcConfig } from '../auth/oidc/config.ts';
import { passwordSignInRefusal } from '../auth/oidc/sso-only.ts';
import type { SecurityConfig } from '../config.ts';
import { AccessError, acceptInvite, usableInvite } from '../reviews/access.ts';
import type { Store } from '../store/types.ts';
import { publicUser, signIn, tooManyAttempts } from './auth.ts';
import { errorBody, jsonBody } from './validate.ts';

const acceptInput = z
  .strictObject({
    name: z.string().max(100).optional(),
    email: z.string().max(320).optional(),
    password: z.string().max(200).optional(),
  })
  .default({});

/** The one answer to a sign-up that cannot go ahead, whether or not the email has an account. */
const SIGN_IN_TO_ACCEPT =
  'no account was created with these details; if you already have an account, sign in to accept';

/** Invite links: anyone holding one may see what it is for; accepting needs an account (or makes one). */
export function inviteRoutes(
  store: Store,
  { security, limits, oidc }: { security: SecurityConfig; limits: SignInLimits; oidc: OidcConfig | null },
) {
  const access = store.access;
  return new Hono<AuthEnv>()
    .get('/:secret', async (c) => {
      try {
        const invite = await usableInvite(access, c.req.param('secret'));
        const review = await store.getReview(invite.reviewId);
        return c.json({ reviewTitle: review?.title ?? '', role: invite.role, expiresAt: invite.expiresAt });
      } catch (error) {
        if (error instanceof AccessError) return c.json(errorBody('invalid_invite', error.message), error.status);
        throw error;
      }
    })
    .post('/:secret/accept', jsonBody(acceptInput), async (c) => {
      try {
        // Check the link before creating an account for it.
        await usableInvite(access, c.req.param('secret'));
        let user = c.get('user');
        if (!user) {
          const { name, email, password } = c.req.valid('json');
          if (!name || !email || !password) {
            return c.json(
              errorBody('unauthenticated', 'sign in, or give a name, email and password to create an account'),
              401,
            );
          }
          // The details are checked before anyone is looked up, so the answer is the same either way.
          const details = checkNewAccount({ name, email, password });
          const address = clientAddress(c, security);
          const wait = limits.retryAfter(address, details.email);
          if (wait > 0) return tooManyAttempts(c, wait);
          if (await access.userByEmail(details.email)) {
            // Someone with an account who typed its password is simply signed in; anything else is
            // a wrong password, counted as one, and told the same words as any other refusal.
            user = await checkLogin(access, details.email, password);
            if (!user) {
              limits.failed(address, details.email);
              return c.json(errorBody('unauthenticated', SIGN_IN_TO_ACCEPT), 401);
            }
            limits.succeeded(address, details.email);
            const refusal = await passwordSignInRefusal(store.identity, user.id, oidc);
            if (refusal) return c.json(errorBody('sso_required', refusal), 403);
          } else {
            user = await createUser(access, { name, email, password });
          }
          await signIn(c, access, security, user);
        }
        const joined = await acceptInvite(access, c.req.param('secret'), user.id);
        return c.json({ ...joined, user: publicUser(user) });
      } catch (error) {
        if (error instanceof AccessError) return c.json(errorBody('invalid_invite', error.message), error.status);
        if (error instanceof AccountError) return c.json(errorBody('invalid_request', error.message, error.field), 400);
        throw error;
      }
    });
}
