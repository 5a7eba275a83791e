import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { Limits } from '../shared/protocol/limits.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { Root } from '../shared/review/roots.ts';
import { MessageType } from '../shared/protocol/messages.ts';
import { closedFor, permissionDenied, presenceUntil, synced, until, type StockClient } from './helpers/clients.ts';
import { createReviewOver, repoRoot, spawnServer, tempDir } from './helpers/server.ts';
import { liveServer } from './helpers/live.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

const client = (reviewId: string, token?: string): StockClient => live.client(reviewId, token);

/** What the server has stored for a review, as a document. */
async function storedDoc(reviewId: string): Promise<ReviewDoc> {
  const stored = await live.server.store.loadDocument(reviewId);
  const doc = new Y.Doc();
  for (const u of [stored.snapshot!, ...stored.updates]) Y.applyUpdate(doc, u);
  return new ReviewDoc(doc, framework);
}

describe('who may connect', () => {
  it('refuses sockets without credentials (4401), with a bad token (4401) and to a review they are not in (4403)', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const stranger = await server.addMember(
      await createReviewOver(server.url, server.owner.token, framework.id),
      'editor',
    );
    const anonymous = client(reviewId);
    const forged = client(reviewId, 'bf_not-a-real-token');
    const outsider = client(reviewId, stranger.token);
    expect((await closedFor(anonymous)).code).toBe(CloseCode.unauthenticated);
    expect((await closedFor(forged)).code).toBe(CloseCode.unauthenticated);
    expect((await closedFor(outsider)).code).toBe(CloseCode.forbidden);
    expect(anonymous.provider.shouldConnect).toBe(false);
  });
});

describe('observers', () => {
  it('apply and store nothing an observer sends, tell it so, and keep it connected', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const observer = await server.addMember(reviewId, 'observer');
    const editor = client(reviewId, server.owner.token);
    const watcher = client(reviewId, observer.token);
    await Promise.all([synced(editor), synced(watcher)]);
    const denied = permissionDenied();
    // A forged client: the observer writes a perfectly valid rating and focus.
    const rw = new ReviewDoc(watcher.doc, framework);
    rw.setRating('self', '1.1', '-', 'enhancing');
    rw.focus('self', '1.1').insert(0, 'observer text');
    expect(await denied).toContain('read-only');
    // The observer still follows the review: an editor's change reaches it.
    new ReviewDoc(editor.doc, framework).setRating('self', '1.2', '-', 'developed');
    await until(watcher.doc, () => rw.getRating('self', '1.2') === 'developed');
    expect(watcher.provider.wsconnected).toBe(true);
    expect(new ReviewDoc(editor.doc, framework).getRating('self', '1.1')).toBeUndefined();
    const stored = await storedDoc(reviewId);
    expect(stored.getRating('self', '1.1')).toBeUndefined();
    expect(stored.focus('self', '1.1').toString()).toBe('');
    expect(stored.getRating('self', '1.2')).toBe('developed');
  });
});

describe('refused changes', () => {
  it('refuses an unknown criterion, oversized text and an editor changing a locked criterion, leaving others undisturbed', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const editor = await server.addMember(reviewId, 'editor');
    const facilitator = client(reviewId, server.owner.token);
    await synced(facilitator);
    const rf = new ReviewDoc(facilitator.doc, framework);
    rf.setLocked('1.3', { id: server.owner.id, name: 'Owner' });
    rf.setRating('self', '1.3', '-', 'established');

    const attempts: [string, (doc: Y.Doc) => void, number, string][] = [
      [
        'unknown criterion',
        (d) => d.getMap(Root.ratings).set('self/9.9/-', 'developing'),
        CloseCode.invalidUpdate,
        'no such track, criterion or phase',
      ],
      [
        'oversized text',
        (d) =>
          d
            .getMap<Y.Text>(Root.focus)
            .get('self/2.1')!
            .insert(0, 'x'.repeat(Limits.maxTextLength + 1)),
        CloseCode.invalidUpdate,
        'the limit is',
      ],
      [
        'locked criterion',
        (d) => d.getMap(Root.ratings).set('self/1.3/-', 'enhancing'),
        CloseCode.invalidUpdate,
        'is locked',
      ],
      ['unlocking', (d) => d.getMap(Root.locks).delete('1.3'), CloseCode.invalidUpdate, 'only a facilitator'],
    ];
    for (const [what, change, code, reason] of attempts) {
      const bad = client(reviewId, editor.token);
      await synced(bad);
      await until(bad.doc, () => new ReviewDoc(bad.doc, framework).lockOf('1.3') !== undefined);
      const closed = closedFor(bad);
      change(bad.doc);
      const event = await closed;
      expect(event.code, what).toBe(code);
      expect(event.reason, what).toContain(reason);
    }
    // The facilitator was never disturbed and may still change the locked criterion.
    expect(facilitator.provider.wsconnected).toBe(true);
    rf.setRating('self', '1.3', '-', 'enhancing');
    const check = client(reviewId, editor.token);
    await synced(check);
    const rc = new ReviewDoc(check.doc, framework);
    await until(check.doc, () => rc.getRating('self', '1.3') === 'enhancing');
    expect(rc.focus('self', '2.1').length).toBe(0);
    expect(check.doc.getMap(Root.ratings).has('self/9.9/-')).toBe(false);
  });
});

describe('invite links', () => {
  it('lets people join by role, refuses a revoked link and closes the sockets it let in', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const auth = { authorization: `Bearer ${server.owner.token}`, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/api/reviews/${reviewId}/invites`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ role: 'editor', expiresInDays: 7 }),
    });
    expect(created.status).toBe(201);
    const { url, invite } = (await created.json()) as { url: string; invite: { id: string } };
    const secret = url.split('/invite/')[1]!;

    // A new person signs up through the link.
    const accept = await fetch(`${server.url}/api/invites/${secret}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Guest Head',
        email: 'guest.head@example.test',
        password: 'a long enough password',
      }),
    });
    expect(accept.status).toBe(200);
    const cookie = accept.headers.get('set-cookie')!.split(';')[0]!;
    expect(accept.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const review = await fetch(`${server.url}/api/reviews/${reviewId}`, { headers: { cookie } });
    expect(((await review.json()) as { role: string }).role).toBe('editor');

    // Their live socket, by session cookie.
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${server.wsUrl}/${reviewId}`, { headers: { cookie, origin: server.url } });
    await new Promise((resolve) => ws.once('message', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

    const revoke = await fetch(`${server.url}/api/reviews/${reviewId}/invites/${invite.id}`, {
      method: 'DELETE',
      headers: auth,
    });
    expect(revoke.status).toBe(200);
    expect(await closed).toBe(CloseCode.forbidden);
    const again = await fetch(`${server.url}/api/invites/${secret}/accept`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.url },
      body: '{}',
    });
    expect(again.status).toBe(410);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain('revoked');
    const after = await fetch(`${server.url}/api/reviews/${reviewId}`, { headers: { cookie } });
    expect(after.status).toBe(404);
  });
});

describe('accounts', () => {
  it('signs in and out, rate-limits guessing, and refuses cross-site cookie writes', async () => {
    const server = await live.start();
    const { email, password } = server.owner;
    const login = (pw: string) =>
      fetch(`${live.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: pw }),
      });
    const ok = await login(password);
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect(
      (
        (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as {
          user: { email: string };
        }
      ).user.email,
    ).toBe(email);

    const crossSite = await fetch(`${server.url}/api/reviews`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ frameworkId: framework.id, title: 'CSRF' }),
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await fetch(`${server.url}/api/reviews`, {
      method: 'POST',
      headers: { cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ frameworkId: framework.id, title: 'Mine' }),
    });
    expect(sameSite.status).toBe(201);

    await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);

    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login('wrong password!')).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Even the right password waits out the window.
    expect((await login(password)).status).toBe(429);
  });

  it('creates the first administrator on a fresh data folder with the admin CLI', async () => {
    const dir = await tempDir();
    try {
      const run = promisify(execFile);
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'server/cli/admin.ts', 'create-user', '--email', 'admin@la.example', '--name', 'LA Admin'],
        {
          cwd: repoRoot,
          env: { ...process.env, DATA_DIR: dir.path, BESTFIT_PASSWORD: 'a long enough password' },
        },
      );
      expect(stdout).toContain('created administrator admin@la.example');
      const token = (
        await run(
          process.execPath,
          ['--import', 'tsx', 'server/cli/admin.ts', 'create-token', '--email', 'admin@la.example'],
          {
            cwd: repoRoot,
            env: { ...process.env, DATA_DIR: dir.path },
          },
        )
      ).stdout.trim();
      expect(token).toMatch(/^bf_/);
      const child = await spawnServer(dir.path);
      try {
        const me = await fetch(`${child.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await me.json()) as { user: { isAdmin: boolean }; workspaces: { name: string }[] };
        expect(body.user.isAdmin).toBe(true);
        expect(body.workspaces.map((w) => w.name)).toEqual(['Default workspace']);
        // The first administrator can create a review straight away.
        expect((await createReviewOver(child.url, token, framework.id)).length).toBeGreaterThan(10);
      } finally {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    } finally {
      await dir.remove();
    }
  });
});

describe('presence', () => {
  it('stamps every presence state with the connection’s real identity and role', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const observer = await server.addMember(reviewId, 'observer', 'Quiet Observer');
    const honest = client(reviewId, server.owner.token);
    const impostor = client(reviewId, observer.token);
    await Promise.all([synced(honest), synced(impostor)]);
    impostor.provider.awareness.setLocalStateField('user', {
      id: server.owner.id,
      name: 'Owner',
      role: 'facilitator',
      color: '#123456',
    });
    const seen = () =>
      honest.provider.awareness.getStates().get(impostor.doc.clientID) as
        { user?: Record<string, unknown> } | undefined;
    await presenceUntil(honest, () => seen()?.user !== undefined);
    expect(seen()?.user).toEqual({ id: observer.id, name: 'Quiet Observer', role: 'observer', color: '#123456' });
  });

  it('shows a person again after their connection drops and comes back, and never lets another connection take their place', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const editor = await server.addMember(reviewId, 'editor', 'Wobbly Wifi');
    const watcher = client(reviewId, server.owner.token);
    const wobbly = client(reviewId, editor.token);
    const copycat = client(reviewId, server.owner.token);
    await Promise.all([synced(watcher), synced(wobbly), synced(copycat)]);
    const id = wobbly.doc.clientID;
    const stateOf = (clientId: number) =>
      watcher.provider.awareness.getStates().get(clientId) as { at?: string; user?: { id?: string } } | undefined;
    // Every state the watcher is ever shown for the wobbly client id.
    const shown: (string | undefined)[] = [];
    watcher.provider.awareness.on('change', () => shown.push(stateOf(id)?.at));
    const showsAt = (at: string | undefined) =>
      presenceUntil(watcher, () => stateOf(id)?.at === at, `the watcher to see Wobbly at ${at ?? 'nowhere'}`);
    /** The copycat announces the wobbly client id, then moves itself: once that move is seen, the forgery was handled. */
    let copycatMoves = 0;
    const forge = async () => {
      const fake = new Y.Doc();
      fake.clientID = id;
      const forged = new Awareness(fake);
      for (let i = 0; i < 20; i++) forged.setLocalState({ at: 'forged' });
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MessageType.awareness);
      encoding.writeVarUint8Array(e, encodeAwarenessUpdate(forged, [id]));
      copycat.provider.ws!.send(encoding.toUint8Array(e));
      forged.destroy();
      fake.destroy();
      const at = `copycat ${++copycatMoves}`;
      copycat.provider.awareness.setLocalStateField('at', at);
      await presenceUntil(watcher, () => stateOf(copycat.doc.clientID)?.at === at, `the copycat's own move to "${at}"`);
    };

    wobbly.provider.awareness.setLocalStateField('at', '1.1');
    await showsAt('1.1');

    // The server drops the connection (as a restart would) while the client stays away for a moment.
    server.rooms.get(reviewId)!.evictUsers(new Set([editor.id]), CloseCode.tryAgain, 'try again');
    wobbly.provider.disconnect();
    await showsAt(undefined);
    // While they are away, someone else cannot take their client id.
    await forge();
    expect(stateOf(id), 'an absent person’s client id taken by another connection').toBeUndefined();

    // They come back and are shown again, as themselves.
    wobbly.provider.connect();
    await synced(wobbly, 'Wobbly to sync again after reconnecting');
    wobbly.provider.awareness.setLocalStateField('at', '1.2');
    wobbly.provider.awareness.setLocalStateField('at', '1.3');
    await showsAt('1.3');
    expect(stateOf(id)?.user?.id).toBe(editor.id);

    // While they are connected, a forged state under their client id is ignored…
    await forge();
    expect(stateOf(id)?.at, 'a connected person’s presence replaced by a forgery').toBe('1.3');
    // …and when the forger leaves, it takes nobody else's presence with it.
    copycat.destroy();
    await presenceUntil(watcher, () => stateOf(copycat.doc.clientID) === undefined, 'the copycat to leave');
    expect(stateOf(id)?.at, 'a person’s presence removed when another connection left').toBe('1.3');
    wobbly.provider.awareness.setLocalStateField('at', '1.4');
    await showsAt('1.4');
    expect(shown).not.toContain('forged');
    expect(stateOf(id)?.user?.id).toBe(editor.id);
  });
});
