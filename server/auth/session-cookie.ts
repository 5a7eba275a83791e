import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SecurityConfig } from '../config.ts';
import { SESSION_DAYS } from './accounts.ts';
import { reachedOverHttps } from './request-origin.ts';

const BASE_NAME = 'bestfit_session';

/**
 * The session cookie's name: `__Host-` prefixed when PUBLIC_URL is https, so the browser keeps it
 * only if it is Secure, host-only and for the whole site (no sibling subdomain can plant one).
 */
export const sessionCookieName = (security: SecurityConfig): string =>
  security.publicUrl?.startsWith('https:') ? `__Host-${BASE_NAME}` : BASE_NAME;

export const readSessionCookie = (c: Context, security: SecurityConfig): string | undefined =>
  getCookie(c, sessionCookieName(security));

/** HttpOnly (no script reads it), SameSite=Lax, Secure whenever the browser reached us over https. */
export function writeSessionCookie(c: Context, security: SecurityConfig, secret: string, expires: Date): void {
  setCookie(c, sessionCookieName(security), secret, {
    httpOnly: true,
    sameSite: 'Lax',
    // Always so under the __Host- name, which is used only when PUBLIC_URL is https.
    secure: reachedOverHttps(c, security),
    path: '/',
    expires,
    maxAge: SESSION_DAYS * 24 * 3600,
  });
}

export function clearSessionCookie(c: Context, security: SecurityConfig): void {
  deleteCookie(c, sessionCookieName(security), { path: '/', secure: reachedOverHttps(c, security) });
}
