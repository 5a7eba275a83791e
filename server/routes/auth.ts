import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AccountError, changePassword, checkLogin, startSession } from '../auth/accounts.ts';
import type { AuthEnv } from '../auth/middleware.ts';
import { clientAddress } from '../auth/request-origin.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../auth/session-cookie.ts';
import type { SignInLimits } from '../auth/sign-in-limits.ts';
import { hashSecret } from '../auth/tokens.ts';
import type { OidcConfig } from '../auth/oidc/config.ts';
import { passwordSignInRefusal } from '../auth/oidc/sso-only.ts';
import type { Rooms } from '../collab/rooms.ts';
import type { SecurityConfig } from '../config.ts';
import type { AccessStore, User } from '../store/access-types.ts';
import type { Store } from '../store/types.ts';
import { errorBody, jsonBody } from './validate.ts';

const loginInput = z.strictObject({
  email: z.string({ error: 'is required' }).min(1, 'is required').max(320),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(200),
});

const passwordInput = z.strictObject({
  currentPassword: z.string({ error: 'is required' }).min(1, 'is required').max(200),
  newPassword: z.string({ error: 'is required' }).max(200, 'must be at most 200 characters'),
});

export const publicUser = (u: User) => ({ id: u.id, name: u.name, email: u.email, isAdmin: u.isAdmin });

export interface AuthRouteDeps {
  security: SecurityConfig;
  limits: SignInLimits;
  rooms: Rooms;
  oidc: OidcConfig | null;
}

/** Start a session and set its cookie (see session-cookie.ts for its attributes). */
export async function signIn(c: Context, access: AccessStore, security: SecurityConfig, user: User): Promise<void> {
  const { secret, expires } = await startSession(access, user.id);
  writeSessionCookie(c, security, secret, expires);
}

/** The 429 for an address or account over its limit of wrong passwords. */
export function tooManyAttempts(c: Context, wait: number) {
  c.header('Retry-After', String(wait));
  return c.json(
    errorBody('rate_limited', `too many wrong passwords; try again in ${Math.ceil(wait / 60)} minutes`),
    429,
  );
}

export function authRoutes(store: Store, { security, limits, rooms, oidc }: AuthRouteDeps) {
  const access = store.access;
  return (
    new Hono<AuthEnv>()
      .post('/login', jsonBody(loginInput), async (c) => {
        const { email, password } = c.req.valid('json');
        const address = clientAddress(c, security);
        const wait = limits.retryAfter(address, email);
        if (wait > 0) return tooManyAttempts(c, wait);
        const user = await checkLogin(access, email, password);
        if (!user) {
          limits.failed(address, email);
          return c.json(errorBody('unauthenticated', 'email or password is wrong'), 401);
        }
        limits.succeeded(address, email);
        const refusal = await passwordSignInRefusal(store.identity, user.id, oidc);
        if (refusal) return c.json(errorBody('sso_required', refusal), 403);
        await signIn(c, access, security, user);
        return c.json({ user: publicUser(user) });
      })
      .post('/logout', async (c) => {
        const secret = readSessionCookie(c, security);
        if (secret) {
          const hash = hashSecret(secret);
          await access.deleteSession(hash);
          // Sockets opened with this session end with it, before the answer is sent.
          rooms.closeCredential(hash, 'you signed out');
        }
        clearSessionCookie(c, security);
        return c.json({ ok: true });
      })
      // Every session of the account ends (and its sockets close); the caller gets a fresh one.
      .post('/password', jsonBody(passwordInput), async (c) => {
        const user = c.get('user');
        if (!user) return c.json(errorBody('unauthenticated', 'sign in first'), 401);
        const { currentPassword, newPassword } = c.req.valid('json');
        const address = clientAddress(c, security);
        const wait = limits.retryAfter(address, user.email);
        if (wait > 0) return tooManyAttempts(c, wait);
        if (!(await checkLogin(access, user.email, currentPassword))) {
          limits.failed(address, user.email);
          return c.json(errorBody('unauthenticated', 'currentPassword: is wrong', 'currentPassword'), 401);
        }
        try {
          await changePassword(access, user.id, newPassword);
        } catch (error) {
          if (error instanceof AccountError) {
            return c.json(errorBody('invalid_request', error.message, error.field), 400);
          }
          throw error;
        }
        rooms.closeUser(user.id, 'your password was changed; sign in again', 'sessions');
        if (c.get('authVia') === 'cookie') await signIn(c, access, security, user);
        return c.json({ ok: true });
      })
      // The page's first question: 200 either way, so a signed-out visit logs no failed request.
      .get('/session', async (c) => {
        const user = c.get('user');
        if (!user) return c.json({ signedIn: false as const });
        return c.json({
          signedIn: true as const,
          user: publicUser(user),
          workspaces: await access.workspacesOf(user.id),
        });
      })
      // A fresh install has no accounts: the sign-in page then says how to create the first one.
      // …and whether to offer "Sign in with <OIDC_NAME>".
      .get('/setup', async (c) =>
        c.json({ firstRun: (await access.countUsers()) === 0, oidc: oidc ? { name: oidc.name } : null }),
      )
      .get('/me', async (c) => {
        const user = c.get('user');
        if (!user) return c.json(errorBody('unauthenticated', 'not signed in'), 401);
        return c.json({ user: publicUser(user), workspaces: await access.workspacesOf(user.id) });
      })
  );
}

export { AccountError };
