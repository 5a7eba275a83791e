import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { hashSecret, newSecret } from '../server/auth/tokens.ts';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { closedFor, synced, until } from './helpers/clients.ts';
import { cookieClient, signInCookie, within } from './helpers/cookies.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot, type TestServer } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

interface RawOutcome {
  /** Messages the server sent before the socket closed (or before `stopAfterFirst`). */
  messages: number;
  code: number | null;
  reason: string;
}

/**
 * A raw socket as a page on `origin` would open it: the session cookie rides along. Resolves at
 * the close, or at the first message when `stopAfterFirst` (the server let it in).
 */
function rawSocket(url: string, headers: Record<string, string>, stopAfterFirst = false): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    let messages = 0;
    ws.on('message', () => {
      messages++;
      if (stopAfterFirst) {
        ws.close();
        resolve({ messages, code: null, reason: '' });
      }
    });
    ws.on('close', (code, reason) => resolve({ messages, code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

async function storedDoc(server: TestServer, reviewId: string): Promise<ReviewDoc> {
  const stored = await server.store.loadDocument(reviewId);
  const doc = new Y.Doc();
  for (const u of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(doc, u);
  return new ReviewDoc(doc, framework);
}

describe('cross-site websocket hijacking', () => {
  it('closes a cookie-authenticated upgrade from a foreign Origin with 4403 before sending any document byte', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const cookie = await signInCookie(server.url, server.owner.email, server.owner.password);
    const url = `${server.wsUrl}/${reviewId}`;
    // A sibling port of the same site: SameSite=Lax still sends the cookie there.
    const port = new URL(server.url).port;
    for (const foreign of ['https://evil.example', `http://127.0.0.1:${Number(port) + 1}`, 'null']) {
      const refused = await within(rawSocket(url, { cookie, origin: foreign }), `the close for Origin ${foreign}`);
      expect(refused.code, foreign).toBe(CloseCode.forbidden);
      expect(refused.reason, foreign).toContain('cross-site');
      expect(refused.messages, `document bytes sent to ${foreign}`).toBe(0);
    }
    // A cookie with no Origin at all (no browser does that) is refused the same way.
    expect((await within(rawSocket(url, { cookie }), 'the close without Origin')).code).toBe(CloseCode.forbidden);
    // The app's own page is let in and synced.
    const own = await within(rawSocket(url, { cookie, origin: server.url }, true), 'the first message');
    expect(own.messages).toBe(1);
    // An API token carries no ambient authority: no Origin needed.
    const script = await within(rawSocket(`${url}?token=${server.owner.token}`, {}, true), 'a token sync');
    expect(script.messages).toBe(1);
  });

  it('lets in the origins listed in ALLOWED_ORIGINS, and only PUBLIC_URL as its own when that is set', async () => {
    const server = await live.start({
      PUBLIC_URL: 'http://bestfit.la.example',
      ALLOWED_ORIGINS: 'https://intranet.la.example, https://other.la.example',
    });
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const cookie = await signInCookie(server.url, server.owner.email, server.owner.password);
    const url = `${server.wsUrl}/${reviewId}`;
    for (const origin of ['http://bestfit.la.example', 'https://intranet.la.example', 'https://other.la.example']) {
      expect((await within(rawSocket(url, { cookie, origin }, true), origin)).messages, origin).toBe(1);
    }
    // With PUBLIC_URL set, the Host the request happened to use is not an origin of its own.
    expect((await within(rawSocket(url, { cookie, origin: server.url }), 'the close')).code).toBe(CloseCode.forbidden);
  });
});

/**
 * A review on a new server, open in a browser tab signed in by cookie and in a script signed in
 * by API token, both synced. The caller destroys the tab.
 */
async function tabAndScript() {
  const server = await live.start();
  const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
  const cookie = await signInCookie(server.url, server.owner.email, server.owner.password);
  const tab = cookieClient(server.wsUrl, reviewId, cookie, server.url);
  const script = live.client(reviewId, server.owner.token);
  try {
    await within(Promise.all([synced(tab), synced(script)]), 'the tab and the script to sync');
  } catch (error) {
    tab.destroy();
    throw error;
  }
  return { server, reviewId, cookie, tab, script };
}

describe('sockets end with their session', () => {
  it('closes a socket opened before logout with 4401 at once, and stores nothing it sends afterwards', async () => {
    const { server, reviewId, cookie, tab, script } = await tabAndScript();
    try {
      const closed = closedFor(tab);
      const logout = await fetch(`${server.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie, origin: server.url },
      });
      expect(logout.status).toBe(200);
      // Written after the logout was answered: it must not be stored or relayed.
      new ReviewDoc(tab.doc, framework).setRating('self', '1.1', '-', 'enhancing');
      const event = await within(closed, 'the socket opened before logout to close');
      expect(event.code).toBe(CloseCode.unauthenticated);
      expect(event.reason).toContain('signed out');
      // A change by the script after it is seen, so anything sent earlier would have been too.
      const rs = new ReviewDoc(script.doc, framework);
      rs.setRating('self', '1.2', '-', 'developed');
      const check = live.client(reviewId, server.owner.token);
      const rc = new ReviewDoc(check.doc, framework);
      await within(
        until(check.doc, () => rc.getRating('self', '1.2') === 'developed'),
        'the later change',
      );
      expect(rc.getRating('self', '1.1')).toBeUndefined();
      expect((await storedDoc(server, reviewId)).getRating('self', '1.1')).toBeUndefined();
      // The script's socket (an API token) was not the session's and stays open.
      expect(script.provider.wsconnected).toBe(true);
    } finally {
      tab.destroy();
    }
  });

  it('closes a socket with 4401 when its session expires', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const secret = newSecret();
    // A session that ends in a second and a half: the socket must end with it.
    await server.store.access.createSession(
      hashSecret(secret),
      server.owner.id,
      new Date(Date.now() + 1500).toISOString(),
    );
    const tab = cookieClient(server.wsUrl, reviewId, `bestfit_session=${secret}`, server.url);
    try {
      await within(synced(tab), 'the session client to sync');
      const event = await within(closedFor(tab), 'the socket to close when its session ended');
      expect(event.code).toBe(CloseCode.unauthenticated);
      expect(event.reason).toContain('session has ended');
    } finally {
      tab.destroy();
    }
  });

  it("closes every session's sockets when the password changes, and offers a function to close all of a person's", async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const first = await signInCookie(server.url, server.owner.email, server.owner.password);
    const second = await signInCookie(server.url, server.owner.email, server.owner.password);
    const otherTab = cookieClient(server.wsUrl, reviewId, second, server.url);
    const script = live.client(reviewId, server.owner.token);
    try {
      await within(Promise.all([synced(otherTab), synced(script)]), 'clients to sync');
      const closed = closedFor(otherTab);
      const change = (body: unknown) =>
        fetch(`${server.url}/api/auth/password`, {
          method: 'POST',
          headers: { cookie: first, origin: server.url, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const wrong = await change({ currentPassword: 'not my password', newPassword: 'a new long passphrase' });
      expect(wrong.status).toBe(401);
      expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain('currentPassword');
      const weak = await change({ currentPassword: server.owner.password, newPassword: 'password12' });
      expect(weak.status).toBe(400);
      expect(((await weak.json()) as { error: { message: string } }).error.message).toContain('newPassword');
      const ok = await change({ currentPassword: server.owner.password, newPassword: 'a new long passphrase' });
      expect(ok.status).toBe(200);
      expect((await within(closed, 'the other session socket to close')).code).toBe(CloseCode.unauthenticated);
      // Both old sessions are gone; the caller got a new one.
      for (const old of [first, second]) {
        expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: old } })).status).toBe(401);
      }
      const fresh = ok.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: fresh } })).status).toBe(200);
      expect(script.provider.wsconnected).toBe(true);

      // For disabling an account: every socket of the person, tokens too.
      const scriptClosed = closedFor(script);
      expect(server.rooms.closeUser(server.owner.id, 'your account was disabled')).toBe(1);
      expect((await within(scriptClosed, 'the token socket to close')).code).toBe(CloseCode.unauthenticated);
    } finally {
      otherTab.destroy();
    }
  });
});

describe('sessions ended elsewhere', () => {
  it('closes a socket at the next keepalive check when its session was deleted by another process', async () => {
    const { server, tab, script } = await tabAndScript();
    try {
      const closed = closedFor(tab);
      // As the admin CLI would, straight in the database.
      await server.store.access.deleteSessionsOf(server.owner.id);
      expect(await server.rooms.recheckCredentials()).toBe(1);
      expect((await within(closed, 'the socket of the deleted session to close')).code).toBe(CloseCode.unauthenticated);
      expect(script.provider.wsconnected).toBe(true);
    } finally {
      tab.destroy();
    }
  });
});

describe('credentials in URLs', () => {
  it('refuses ?token= on the API, and takes it on /collab only for API tokens, never a session secret', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const list = await fetch(`${server.url}/api/reviews?token=${server.owner.token}`);
    expect(list.status).toBe(400);
    const body = (await list.json()) as { error: { message: string; field: string } };
    expect(body.error.field).toBe('token');
    expect(body.error.message).toContain('Authorization: Bearer');
    const create = await fetch(`${server.url}/api/reviews?token=${server.owner.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frameworkId: framework.id, title: 'From a URL' }),
    });
    expect(create.status).toBe(400);
    expect((await server.store.listReviews()).map((r) => r.title)).not.toContain('From a URL');
    // The header and the cookie still work.
    expect(
      (await fetch(`${server.url}/api/reviews`, { headers: { authorization: `Bearer ${server.owner.token}` } })).status,
    ).toBe(200);

    const cookie = await signInCookie(server.url, server.owner.email, server.owner.password);
    const sessionSecret = cookie.split('=')[1]!;
    const url = `${server.wsUrl}/${reviewId}`;
    const bySession = await within(rawSocket(`${url}?token=${sessionSecret}`, {}), 'the close');
    expect(bySession.code).toBe(CloseCode.unauthenticated);
    expect(bySession.messages).toBe(0);
    const byToken = await within(rawSocket(`${url}?token=${server.owner.token}`, {}, true), 'a token sync');
    expect(byToken.messages).toBe(1);
  });
});
