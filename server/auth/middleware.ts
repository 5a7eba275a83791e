import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { SecurityConfig } from '../config.ts';
import type { AccessStore, User } from '../store/access-types.ts';
import { resolveCredential, type Credential } from './accounts.ts';
import { allowedSource, requestSource } from './request-origin.ts';
import { readSessionCookie } from './session-cookie.ts';
import { API_TOKEN_PREFIX } from './tokens.ts';

export type AuthEnv = {
  Variables: { user: User | null; authVia: 'cookie' | 'token' | null; credential: Credential | null };
};

export interface PresentedCredential {
  secret: string;
  via: 'cookie' | 'token';
}

/**
 * The credential on an API request: an `Authorization: Bearer` token or the session cookie.
 * Never the query string: URLs end up in proxy logs and browser history.
 */
export function credentialOf(c: Context, security: SecurityConfig): PresentedCredential | null {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return { secret: header.slice(7).trim(), via: 'token' };
  const cookie = readSessionCookie(c, security);
  return cookie ? { secret: cookie, via: 'cookie' } : null;
}

/**
 * The credential on a /collab upgrade: as on the API, or an API token as `?token=` (browsers'
 * WebSocket cannot send headers). A session secret in the URL is ignored.
 */
export function socketCredentialOf(c: Context, security: SecurityConfig): PresentedCredential | null {
  const query = c.req.query('token');
  if (query?.startsWith(API_TOKEN_PREFIX) && !c.req.header('authorization')) return { secret: query, via: 'token' };
  return credentialOf(c, security);
}

/**
 * Sets `user` (or null) and how it was proven. A `token` query parameter is refused on the API.
 * @example app.use('/api/*', authenticate(store.access, security))
 */
export function authenticate(access: AccessStore, security: SecurityConfig): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async function authenticate(c, next) {
    if (c.req.query('token') !== undefined) {
      return c.json(
        {
          error: {
            code: 'invalid_request',
            message: 'token: credentials are not accepted in the URL; send an Authorization: Bearer header',
            field: 'token',
          },
        },
        400,
      );
    }
    const presented = credentialOf(c, security);
    const credential = presented ? await resolveCredential(access, presented.secret) : null;
    c.set('user', credential?.user ?? null);
    c.set('credential', credential);
    c.set('authVia', credential ? presented!.via : null);
    await next();
  });
}

/**
 * Cookie-authenticated changes must come from the app's own pages (or ALLOWED_ORIGINS): the
 * Origin, failing that the Referer, must be allowed. A cookie write with neither is refused; so a
 * client that strips both must use a bearer token, which carries no ambient authority and passes.
 * @example app.use('/api/*', sameOriginWrites(security))
 */
export function sameOriginWrites(security: SecurityConfig): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async function sameOriginWrites(c, next) {
    const safe = c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS';
    if (!safe && readSessionCookie(c, security) && c.get('authVia') !== 'token') {
      const source = requestSource(c);
      if (!allowedSource(c, security, source)) {
        const message = source
          ? `cross-site request refused (${c.req.header('origin') ? 'Origin' : 'Referer'} ${source} is not this site)`
          : 'cross-site request refused (a change made with the session cookie must send an Origin or Referer header)';
        return c.json({ error: { code: 'forbidden', message } }, 403);
      }
    }
    await next();
  });
}

/** 401 unless signed in. */
export function requireUser(): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async function requireUser(c, next) {
    if (!c.get('user')) return c.json({ error: { code: 'unauthenticated', message: 'sign in first' } }, 401);
    await next();
  });
}
