import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { connectionClosed, synced, until } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

describe('store before relay', () => {
  it('closes the sender with 4500 when storing fails, and no other client ever holds the unsaved update', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const editor = await server.addMember(reviewId, 'editor');
    const sender = live.client(reviewId, editor.token);
    const watcher = live.client(reviewId, server.owner.token);
    await Promise.all([synced(sender), synced(watcher)]);
    const rw = new ReviewDoc(watcher.doc, framework);
    // Watch every state the other client ever reaches, not only the last one.
    let heldUnsaved = false;
    watcher.doc.on('update', () => {
      if (rw.getRating('self', '1.1') === 'enhancing') heldUnsaved = true;
    });

    // The real store, made to fail as a full disk would: every append rejects.
    const store = server.store;
    const append = store.appendUpdates.bind(store);
    let failing = true;
    store.appendUpdates = (...args) => (failing ? Promise.reject(new Error('disk I/O error')) : append(...args));

    const senderClosed = connectionClosed(sender, 'the sender to be closed after the failed store');
    const watcherClosed = connectionClosed(watcher, 'the other client to be closed after the failed store');
    // The sender stops there: left to reconnect, it would resend the change to a failing store.
    sender.provider.once('connection-close', () => sender.provider.disconnect());
    new ReviewDoc(sender.doc, framework).setRating('self', '1.1', '-', 'enhancing');
    const closed = await senderClosed;
    expect(closed.code).toBe(CloseCode.serverError);
    expect(closed.reason).toContain('could not save');
    await watcherClosed;
    expect(heldUnsaved, 'store before relay: another client received an update the server failed to store').toBe(false);

    // Once the store works again, the watcher reconnects to a review without the unsaved change.
    failing = false;
    await synced(watcher, 'the other client to sync again');
    const stored = await server.store.loadDocument(reviewId);
    const doc = new Y.Doc();
    for (const u of [stored.snapshot!, ...stored.updates]) Y.applyUpdate(doc, u);
    expect(new ReviewDoc(doc, framework).getRating('self', '1.1')).toBeUndefined();
    // The room still works: a change made now is stored and reaches the other client.
    const again = live.client(reviewId, editor.token);
    await synced(again);
    new ReviewDoc(again.doc, framework).setRating('self', '1.2', '-', 'developed');
    await until(watcher.doc, () => rw.getRating('self', '1.2') === 'developed', 'a later change to be relayed');
    expect(heldUnsaved).toBe(false);
  });
});
