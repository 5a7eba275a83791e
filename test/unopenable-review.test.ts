import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, closeMessages, isPermanentClose } from '../shared/protocol/close-codes.ts';
import { Root, SCHEMA_VERSION } from '../shared/review/roots.ts';
import { closedFor, connectionClosed, synced, type StockClient } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, type TestServer } from './helpers/server.ts';

const live = liveServer();

/** Every connection attempt the provider makes (each one announces itself as "connecting"). */
function countAttempts(client: StockClient): { readonly count: number } {
  let count = 1; // The provider connects from its constructor, before a listener can be added.
  client.provider.on('status', ({ status }) => {
    if (status === 'connecting') count++;
  });
  return {
    get count() {
      return count;
    },
  };
}

/**
 * Resolves once the provider's own reconnect timer, armed as the connection closed, has fired:
 * Node runs timers in order of when they are due, and this one is due at the same time or later.
 */
function afterRetryWindow(client: StockClient): Promise<void> {
  const { wsUnsuccessfulReconnects, maxBackoffTime } = client.provider;
  const due = Math.min(2 ** wsUnsuccessfulReconnects * 100, maxBackoffTime);
  return new Promise((resolve) => setTimeout(resolve, due));
}

/** A review the server's store says was made from a framework version this server does not have. */
async function reviewWithFrameworkGone(server: TestServer): Promise<string> {
  const reviewId = await createReviewOver(server.url, server.owner.token, 'ba-partnership-sef');
  // As after restoring a database from an install with a newer framework: the row points past what is here.
  const db = new Database(join(server.dataDir, 'bestfit.db'));
  db.pragma('foreign_keys = OFF');
  db.prepare('UPDATE reviews SET framework_version = 999 WHERE id = ?').run(reviewId);
  db.close();
  return reviewId;
}

describe('a review this server cannot open', () => {
  it('closes for good (4424) when its framework is gone: the client is told why and stops reconnecting', async () => {
    const server = await live.start();
    const reviewId = await reviewWithFrameworkGone(server);
    const client = live.client(reviewId, server.owner.token);
    const attempts = countAttempts(client);
    const closed = await closedFor(client);
    expect(closed.code).toBe(CloseCode.cannotOpen);
    expect(closed.reason).toBe('its framework "ba-partnership-sef" version 999 is not on this server');
    expect(isPermanentClose(closed.code)).toBe(true);
    expect(closeMessages[CloseCode.cannotOpen]).toMatch(/cannot be opened/);
    expect(client.provider.shouldConnect).toBe(false);
    await afterRetryWindow(client);
    expect(attempts.count).toBe(1);
    expect(client.provider.ws).toBeNull();
    // Nothing of the review stays in memory.
    expect(server.rooms.get(reviewId)?.isClosed ?? true).toBe(true);
  });

  it('closes for good (4424) a review saved by a newer version, and stores nothing', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, 'ba-partnership-sef');
    // A later Bestfit wrote the document with a schema this one does not read.
    const newer = new Y.Doc();
    Y.applyUpdate(newer, (await server.store.loadDocument(reviewId)).snapshot!);
    const before = Y.encodeStateVector(newer);
    newer.getMap(Root.meta).set('schemaVersion', SCHEMA_VERSION + 1);
    await server.store.appendUpdates(reviewId, [Y.encodeStateAsUpdate(newer, before)]);
    const stored = await server.store.pendingUpdates(reviewId);

    const client = live.client(reviewId, server.owner.token);
    const attempts = countAttempts(client);
    const closed = await closedFor(client);
    expect(closed.code).toBe(CloseCode.cannotOpen);
    expect(closed.reason).toContain('a newer version of Bestfit saved it');
    await afterRetryWindow(client);
    expect(attempts.count).toBe(1);
    expect(await server.store.pendingUpdates(reviewId)).toBe(stored);
  });

  it('counts attempts the same way for a passing fault, which is retried (so the count above means something)', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, 'ba-partnership-sef');
    const client = live.client(reviewId, server.owner.token);
    const attempts = countAttempts(client);
    await synced(client);
    const dropped = connectionClosed(client);
    server.rooms.get(reviewId)!.evict(CloseCode.tryAgain, 'server restarting');
    expect((await dropped).code).toBe(CloseCode.tryAgain);
    await synced(client, 'the client to reconnect');
    expect(attempts.count).toBe(2);
  });
});
