import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { AccountError, SESSION_DAYS, checkLogin, startSession } from '../auth/accounts.ts';
import { SESSION_COOKIE, type AuthEnv } from '../auth/middleware.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { hashSecret } from '../auth/tokens.ts';
import type { AccessStore, User } from '../store/access-types.ts';
import { errorBody, jsonBody } from './validate.ts';

const loginInput = z.strictObject({
  email: z.string({ error: 'is required' }).min(1, 'is required').max(320),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(200),
});

export const publicUser = (u: User) => ({ id: u.id, name: u.name, email: u.email, isAdmin: u.isAdmin });

/** Set the session cookie: HttpOnly (no script reads it), SameSite=Lax, Secure over https. */
export async function signIn(c: Context, access: AccessStore, user: User): Promise<void> {
  const { secret, expires } = await startSession(access, user.id);
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    expires,
    maxAge: SESSION_DAYS * 24 * 3600,
  });
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function authRoutes(access: AccessStore) {
  // Ten wrong guesses per address and account in 15 minutes; a hundred per address.
  const perAccount = new RateLimiter(10, 15 * 60_000);
  const perAddress = new RateLimiter(100, 15 * 60_000);
  return (
    new Hono<AuthEnv>()
      .post('/login', jsonBody(loginInput), async (c) => {
        const { email, password } = c.req.valid('json');
        const address = clientAddress(c);
        const accountKey = `${address}|${email.trim().toLowerCase()}`;
        const wait = Math.max(perAccount.hit(accountKey), perAddress.hit(address));
        if (wait > 0) {
          c.header('Retry-After', String(wait));
          return c.json(
            errorBody('rate_limited', `too many sign-in attempts; try again in ${Math.ceil(wait / 60)} minutes`),
            429,
          );
        }
        const user = await checkLogin(access, email, password);
        if (!user) return c.json(errorBody('unauthenticated', 'email or password is wrong'), 401);
        perAccount.reset(accountKey);
        await signIn(c, access, user);
        return c.json({ user: publicUser(user) });
      })
      .post('/logout', async (c) => {
        const secret = getCookie(c, SESSION_COOKIE);
        if (secret) await access.deleteSession(hashSecret(secret));
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
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
      .get('/setup', async (c) => c.json({ firstRun: (await access.countUsers()) === 0 }))
      .get('/me', async (c) => {
        const user = c.get('user');
        if (!user) return c.json(errorBody('unauthenticated', 'not signed in'), 401);
        return c.json({ user: publicUser(user), workspaces: await access.workspacesOf(user.id) });
      })
  );
}

export { AccountError };
