import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AccessStore, User } from '../store/access-types.ts';
import { userForSecret } from './accounts.ts';

export const SESSION_COOKIE = 'bestfit_session';

export type AuthEnv = { Variables: { user: User | null; authVia: 'cookie' | 'token' | null } };

/** The credential on a request: an `Authorization: Bearer` token, a `token` query parameter, or the session cookie. */
export function credentialOf(c: Context): { secret: string; via: 'cookie' | 'token' } | null {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return { secret: header.slice(7).trim(), via: 'token' };
  const query = c.req.query('token');
  if (query) return { secret: query, via: 'token' };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { secret: cookie, via: 'cookie' } : null;
}

/**
 * Sets `user` (or null) and how it was proven.
 * @example app.use('/api/*', authenticate(store.access))
 */
export function authenticate(access: AccessStore): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async function authenticate(c, next) {
    const credential = credentialOf(c);
    const user = credential ? await userForSecret(access, credential.secret) : null;
    c.set('user', user);
    c.set('authVia', user ? credential!.via : null);
    await next();
  });
}

/**
 * Cookie-authenticated changes must come from this site's own pages: the Origin (or, failing
 * that, Referer) must match the Host. Token requests carry no ambient credential and pass.
 * @example app.use('/api/*', sameOriginWrites())
 */
export function sameOriginWrites(): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async function sameOriginWrites(c, next) {
    const safe = c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS';
    if (!safe && getCookie(c, SESSION_COOKIE) && c.get('authVia') !== 'token') {
      const source = c.req.header('origin') ?? c.req.header('referer');
      const host = c.req.header('host');
      if (!sameHost(source, host)) {
        return c.json(
          { error: { code: 'forbidden', message: 'cross-site request refused (Origin does not match)' } },
          403,
        );
      }
    }
    await next();
  });
}

function sameHost(source: string | undefined, host: string | undefined): boolean {
  if (source === undefined || host === undefined) return false;
  try {
    return new URL(source).host === host;
  } catch {
    return false;
  }
}

/** 401 unless signed in. */
export function requireUser(): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async function requireUser(c, next) {
    if (!c.get('user')) return c.json({ error: { code: 'unauthenticated', message: 'sign in first' } }, 401);
    await next();
  });
}
