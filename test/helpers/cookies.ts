import { randomBytes, scryptSync } from 'node:crypto';
import { WebSocket, type ClientOptions } from 'ws';
import { connectClient, type StockClient } from './clients.ts';

/** Sign in over the API; resolves with the session cookie as a `Cookie` header value. */
export async function signInCookie(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * A stock y-websocket client that authenticates as a browser tab does: with the session cookie,
 * and the Origin header of the page it pretends to be on.
 */
export function cookieClient(wsUrl: string, reviewId: string, cookie: string, origin: string): StockClient {
  class BrowserLikeSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[], options?: ClientOptions) {
      super(address, protocols, { ...options, headers: { cookie, origin } });
    }
  }
  return connectClient(wsUrl, reviewId, {
    WebSocketPolyfill: BrowserLikeSocket as unknown as typeof globalThis.WebSocket,
  });
}

/** Rejects with a message naming what was awaited when `promise` has not settled in time. */
export function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * A password hash with cheap scrypt parameters. Sign-in verifies with the parameters stored in
 * the hash, so tests of many sign-ins take the real path without spending seconds on each.
 */
export function cheapPasswordHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return ['scrypt', 1024, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}
