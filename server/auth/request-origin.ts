import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { SecurityConfig } from '../config.ts';

/** The n-th value from the right of a comma-separated forwarding header: the one our own proxy wrote. */
function fromTrustedHop(header: string | undefined, hops: number): string | null {
  if (!header) return null;
  const values = header
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return values[values.length - hops] ?? values[0] ?? null;
}

/** The client's address: the socket's peer, or, behind TRUST_PROXY proxies, what they say it was. */
export function clientAddress(c: Context, security: SecurityConfig): string {
  if (security.trustProxy > 0) {
    const forwarded = fromTrustedHop(c.req.header('x-forwarded-for'), security.trustProxy);
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Whether the person's browser reached us over https (directly, or at a trusted proxy). */
export function reachedOverHttps(c: Context, security: SecurityConfig): boolean {
  if (security.publicUrl) return security.publicUrl.startsWith('https:');
  if (security.trustProxy > 0) {
    const proto = fromTrustedHop(c.req.header('x-forwarded-proto'), 1);
    if (proto) return proto.toLowerCase() === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin links to this app should use: PUBLIC_URL, else what the request was addressed to. */
export function publicOrigin(c: Context, security: SecurityConfig): string {
  if (security.publicUrl) return security.publicUrl;
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  return `${reachedOverHttps(c, security) ? 'https' : 'http'}://${host}`;
}

/**
 * Whether a page at `source` (an Origin, or a Referer URL) may act with the session cookie: the
 * app's own origin (PUBLIC_URL; without it, any scheme on the request's Host) or one listed in
 * ALLOWED_ORIGINS. A missing or unreadable source is refused.
 */
export function allowedSource(c: Context, security: SecurityConfig, source: string | undefined): boolean {
  let url: URL;
  try {
    // No source, an empty one and the "null" origin of a sandboxed or file page are not URLs.
    url = new URL(String(source));
  } catch {
    return false;
  }
  if (security.allowedOrigins.includes(url.origin)) return true;
  if (security.publicUrl) return url.origin === security.publicUrl;
  // Without PUBLIC_URL the scheme the browser used is unknown behind a proxy; the host must match.
  return url.host === c.req.header('host') && (url.protocol === 'http:' || url.protocol === 'https:');
}

/** The page a request came from, as its browser states it: Origin, failing that Referer. */
export const requestSource = (c: Context): string | undefined => c.req.header('origin') ?? c.req.header('referer');
