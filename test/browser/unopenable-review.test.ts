import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeMessages, CloseCode } from '../../shared/protocol/close-codes.ts';
import { Root, SCHEMA_VERSION } from '../../shared/review/roots.ts';
import { browserFixture, signedInPage } from '../helpers/browser.ts';

const fixture = browserFixture();

describe('a review this server cannot open', () => {
  it('says why on the page and does not reconnect', async () => {
    const { server } = fixture;
    const reviewId = await fixture.newReview('Saved by a newer Bestfit');
    // A later Bestfit wrote the document with a schema this one does not read.
    const newer = new Y.Doc();
    Y.applyUpdate(newer, (await server.store.loadDocument(reviewId)).snapshot!);
    const before = Y.encodeStateVector(newer);
    newer.getMap(Root.meta).set('schemaVersion', SCHEMA_VERSION + 1);
    await server.store.appendUpdates(reviewId, [Y.encodeStateAsUpdate(newer, before)]);

    const page = await signedInPage(fixture.browser, server.url, server.owner);
    // The page's timers run on a clock the test can move on, so a retry would be due at once.
    await page.clock.install();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${server.url}/reviews/${reviewId}`);

    const alert = page.getByRole('alert').filter({ hasText: closeMessages[CloseCode.cannotOpen] });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('a newer version of Bestfit saved it');
    await page.getByTestId('connection-state').getByText('Disconnected').waitFor();
    // Past the longest reconnect wait the page sets (10 s): any retry would have opened a socket.
    await page.clock.runFor(60_000);
    await page.getByTestId('connection-state').getByText('Disconnected').waitFor();
    expect(sockets.filter((url) => url.includes(`/collab/${reviewId}`))).toHaveLength(1);
    await page.close();
  });
});
