import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { createTestSchema, type TestSchema } from '../server/store/postgres-test-schema.ts';
import { PostgresStore } from '../server/store/postgres.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { connectionClosed, sameContent, synced, until } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';
import { TcpProxy } from './helpers/tcp-proxy.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
describe('PostgreSQL unavailable', () => {
  let schema: TestSchema | null = null;
  let proxy: TcpProxy | null = null;

  afterEach(async () => {
    proxy?.restore();
    await proxy?.close();
    proxy = null;
    await schema?.drop();
    schema = null;
  });
  // Registered after the cleanup above, so its own cleanup (server and clients) runs first.
  const live = liveServer();

  it('refuses changes with 4500 and relays nothing; once it is back the client resends and both converge on what is stored', async () => {
    schema = await createTestSchema();
    proxy = await TcpProxy.start([Number(new URL(schema.url).port || 5432)]);
    // The server reaches PostgreSQL only through the proxy, which the test can cut and restore.
    const url = new URL(schema.urlWithSchema);
    url.port = String(proxy.port);
    const server = await live.start({ DATABASE_URL: url.toString() });
    expect(server.store).toBeInstanceOf(PostgresStore);
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const editor = await server.addMember(reviewId, 'editor');
    const a = live.client(reviewId, editor.token);
    const b = live.client(reviewId, server.owner.token);
    await Promise.all([synced(a), synced(b)]);
    const ra = new ReviewDoc(a.doc, framework);
    const rb = new ReviewDoc(b.doc, framework);

    let down = true;
    let heldWhileDown = false;
    // Every state B ever reaches while the store is down, not only the last one.
    b.doc.on('update', () => {
      if (down && rb.getRating('self', '1.1') === 'enhancing') heldWhileDown = true;
    });

    proxy.cut();
    const aClosed = connectionClosed(a, 'A to be closed after the failed store');
    ra.setRating('self', '1.1', '-', 'enhancing');
    const closed = await aClosed;
    expect(closed.code).toBe(CloseCode.serverError);
    expect(closed.reason).toContain('could not save');
    // A tries again while the store is still down, and is turned away again.
    await connectionClosed(a, 'A to reconnect and be turned away while the store is down');
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ok: false, checks: { store: 'not answering' } });
    expect(heldWhileDown, 'store before relay: B received an edit the server could not store').toBe(false);
    expect(ra.getRating('self', '1.1'), 'A keeps its unsaved edit to resend').toBe('enhancing');

    down = false;
    proxy.restore();
    await until(b.doc, () => rb.getRating('self', '1.1') === 'enhancing', "A's resent edit to reach B");
    await until(a.doc, () => sameContent(a.doc, b.doc), 'A and B to converge');
    expect(heldWhileDown).toBe(false);
    const stored = await server.store.loadDocument(reviewId);
    const doc = new Y.Doc();
    for (const u of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(doc, u);
    expect(new ReviewDoc(doc, framework).getRating('self', '1.1')).toBe('enhancing');
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
