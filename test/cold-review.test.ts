import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { Root } from '../shared/review/roots.ts';
import { closedFor, connectClient, synced, until, type StockClient } from './helpers/clients.ts';
import { waitFor } from './helpers/deadline.ts';
import { createReviewOver, repoRoot, startTestServer, type TestServer } from './helpers/server.ts';

// An idle review is held as one encoded update and answered from it; its Y.Doc is built at the first change.

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);

let server: TestServer | null = null;
const clients: StockClient[] = [];

function client(reviewId: string, token = server!.owner.token, doc?: Y.Doc): StockClient {
  const c = connectClient(server!.wsUrl, reviewId, { token, ...(doc ? { doc } : {}) });
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = null;
});

function room(reviewId: string) {
  const r = server!.rooms.get(reviewId);
  if (!r) throw new Error('no room');
  return r;
}

/** Everyone leaves and the room unloads: the next joiner opens it cold from the store. */
async function leaveAll(reviewId: string): Promise<void> {
  const open = server!.rooms.get(reviewId);
  for (const c of clients.splice(0)) c.destroy();
  await open?.closed;
}

/** A review with ratings, text and a deletion in it, stored and unloaded. */
async function storedReview(): Promise<string> {
  server = await startTestServer();
  const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
  const writer = client(reviewId);
  await synced(writer);
  const rw = new ReviewDoc(writer.doc, framework);
  rw.setRating('self', '1.1', '-', 'established');
  rw.focus('self', '2.3').insert(0, 'Agree a home–school agreement template');
  rw.focus('self', '2.3').delete(0, 6);
  const check = client(reviewId);
  await synced(check);
  const rc = new ReviewDoc(check.doc, framework);
  await until(check.doc, () => rc.focus('self', '2.3').toString() === 'a home–school agreement template');
  await leaveAll(reviewId);
  return reviewId;
}

const contentOf = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);

describe('cold reviews', () => {
  it('answers a joiner from the encoded update with exactly what a loaded room sends', async () => {
    const reviewId = await storedReview();
    const cold = client(reviewId);
    await synced(cold);
    // Joining, and the joiner's own (empty) reply to sync step 1, leave the review cold.
    expect(room(reviewId).isWarm).toBe(false);
    const fromCold = contentOf(cold.doc);
    expect(new ReviewDoc(cold.doc, framework).getRating('self', '1.1')).toBe('established');

    // Reading the store again needs the document: the room warms without changing anything.
    room(reviewId).reread();
    const warm = client(reviewId);
    await synced(warm);
    expect(room(reviewId).isWarm).toBe(true);
    expect(contentOf(warm.doc)).toEqual(fromCold);
    expect(warm.doc.getMap(Root.ratings).toJSON()).toEqual(cold.doc.getMap(Root.ratings).toJSON());
  });

  it('sends a client that already holds part of the review exactly the rest, while cold', async () => {
    const reviewId = await storedReview();
    const first = client(reviewId);
    await synced(first);
    const older = new Y.Doc();
    Y.applyUpdate(older, contentOf(first.doc));
    new ReviewDoc(first.doc, framework).setRating('self', '1.2', '-', 'developed');
    const witness = client(reviewId);
    await synced(witness);
    await until(witness.doc, () => new ReviewDoc(witness.doc, framework).getRating('self', '1.2') === 'developed');
    await leaveAll(reviewId);

    const rejoin = client(reviewId, server!.owner.token, older);
    await synced(rejoin);
    expect(room(reviewId).isWarm).toBe(false);
    const fresh = client(reviewId);
    await synced(fresh);
    expect(new ReviewDoc(rejoin.doc, framework).getRating('self', '1.2')).toBe('developed');
    expect(contentOf(rejoin.doc)).toEqual(contentOf(fresh.doc));
  });

  it('lets an observer sync from a cold room, which stays cold', async () => {
    const reviewId = await storedReview();
    const observer = await server!.addMember(reviewId, 'observer');
    const watcher = client(reviewId, observer.token);
    await synced(watcher);
    expect(new ReviewDoc(watcher.doc, framework).focus('self', '2.3').toString()).toBe(
      'a home–school agreement template',
    );
    expect(room(reviewId).isWarm).toBe(false);
  });

  it('carries presence between people while cold', async () => {
    const reviewId = await storedReview();
    const a = client(reviewId);
    const b = client(reviewId);
    await Promise.all([synced(a), synced(b)]);
    const seen = waitFor('a’s presence to reach b', (done) => {
      const check = () => {
        for (const state of b.provider.awareness.getStates().values()) {
          if ((state as { cursor?: string }).cursor === 'row 3') done(true);
        }
      };
      b.provider.awareness.on('change', check);
      return () => b.provider.awareness.off('change', check);
    });
    a.provider.awareness.setLocalStateField('cursor', 'row 3');
    await seen;
    expect(room(reviewId).isWarm).toBe(false);
  });

  it('stores an edit on a cold review before anyone sees it, and everyone sees it', async () => {
    const reviewId = await storedReview();
    const a = client(reviewId);
    const b = client(reviewId);
    const c = client(reviewId);
    await Promise.all([synced(a), synced(b), synced(c)]);
    expect(room(reviewId).isWarm).toBe(false);
    const order: string[] = [];
    const store = server!.store;
    const append = store.appendUpdates.bind(store);
    store.appendUpdates = async (...args) => {
      const seq = await append(...args);
      order.push('stored');
      return seq;
    };
    b.doc.on('update', () => order.push('seen'));
    new ReviewDoc(a.doc, framework).setRating('self', '3.1', '-', 'developed');
    await until(b.doc, () => new ReviewDoc(b.doc, framework).getRating('self', '3.1') === 'developed');
    await until(c.doc, () => new ReviewDoc(c.doc, framework).getRating('self', '3.1') === 'developed');
    expect(order[0]).toBe('stored');
    expect(order).toContain('seen');
    expect(room(reviewId).isWarm).toBe(true);
  });

  it('refuses an invalid edit on a cold review with the close code a loaded room uses, storing nothing', async () => {
    const reviewId = await storedReview();
    const codes: number[] = [];
    for (const warmFirst of [false, true]) {
      const good = client(reviewId);
      const bad = client(reviewId);
      await Promise.all([synced(good), synced(bad)]);
      if (warmFirst) new ReviewDoc(good.doc, framework).setRating('self', '1.2', '-', 'developed');
      if (warmFirst)
        await until(bad.doc, () => new ReviewDoc(bad.doc, framework).getRating('self', '1.2') !== undefined);
      expect(room(reviewId).isWarm).toBe(warmFirst);
      const closed = closedFor(bad);
      bad.doc.getMap(Root.ratings).set('self/1.1/-', 'superb');
      const { code, reason } = await closed;
      codes.push(code);
      expect(reason).toContain('"superb" is not a level');
      await leaveAll(reviewId);
    }
    expect(codes).toEqual([CloseCode.invalidUpdate, CloseCode.invalidUpdate]);
    const check = client(reviewId);
    await synced(check);
    expect(new ReviewDoc(check.doc, framework).getRating('self', '1.1')).toBe('established');
  });

  it('loses nothing across unloading and reloading, cold or warm', async () => {
    const reviewId = await storedReview();
    // An update committed straight to the log while no room is open: the cold room compacts it on unload.
    const extra = new Y.Doc();
    Y.applyUpdate(extra, (await server!.store.loadDocument(reviewId)).snapshot!);
    const before = Y.encodeStateVector(extra);
    extra.getMap(Root.ratings).set('self/1.2/-', 'enhancing');
    await server!.store.appendUpdates(reviewId, [Y.encodeStateAsUpdate(extra, before)], null, []);
    expect(await server!.store.pendingUpdates(reviewId)).toBe(1);

    const cold = client(reviewId);
    await synced(cold);
    expect(room(reviewId).isWarm).toBe(false);
    const seenCold = contentOf(cold.doc);
    await leaveAll(reviewId);
    expect(await server!.store.pendingUpdates(reviewId)).toBe(0);

    const again = client(reviewId);
    await synced(again);
    expect(contentOf(again.doc)).toEqual(seenCold);
    const ra = new ReviewDoc(again.doc, framework);
    expect(ra.getRating('self', '1.2')).toBe('enhancing');
    ra.setRating('self', '2.1', '-', 'established');
    const other = client(reviewId);
    await synced(other);
    await until(other.doc, () => new ReviewDoc(other.doc, framework).getRating('self', '2.1') === 'established');
    await leaveAll(reviewId);

    const last = client(reviewId);
    await synced(last);
    const rl = new ReviewDoc(last.doc, framework);
    expect([rl.getRating('self', '1.1'), rl.getRating('self', '1.2'), rl.getRating('self', '2.1')]).toEqual([
      'established',
      'enhancing',
      'established',
    ]);
    expect(rl.focus('self', '2.3').toString()).toBe('a home–school agreement template');
  });
});
