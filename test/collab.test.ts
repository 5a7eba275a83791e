import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { Limits } from '../shared/protocol/limits.ts';
import { MessageType, SyncType } from '../shared/protocol/messages.ts';
import { Root } from '../shared/review/roots.ts';
import { closedFor, connectClient, synced, until, type StockClient } from './helpers/clients.ts';
import { createReviewOver, repoRoot, startTestServer, type TestServer } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);

let server: TestServer | null = null;
const clients: StockClient[] = [];
const sockets: WebSocket[] = [];

function client(reviewId: string): StockClient {
  if (!server) throw new Error('no server');
  const c = connectClient(server.wsUrl, reviewId, { token: server.owner.token });
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.terminate();
  await server?.close();
  server = null;
});

/** A raw websocket, for frames no well-behaved client would send. */
function rawSocket(reviewId: string): Promise<WebSocket> {
  if (!server) throw new Error('no server');
  const ws = new WebSocket(`${server.wsUrl}/${reviewId}?token=${server.owner.token}`);
  ws.binaryType = 'nodebuffer';
  sockets.push(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const closeOf = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );

function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, SyncType.update);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A fresh server, a review, and two of its owner's stock clients, both synced. */
async function twoClients(): Promise<{ reviewId: string; a: StockClient; b: StockClient }> {
  server = await startTestServer();
  const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
  const a = client(reviewId);
  const b = client(reviewId);
  await Promise.all([synced(a), synced(b)]);
  return { reviewId, a, b };
}

describe('live sync between stock y-websocket clients', () => {
  it('shows a rating set by one client to the other, and keeps it across a restart', async () => {
    const { reviewId, a, b } = await twoClients();
    const ra = new ReviewDoc(a.doc, framework);
    const rb = new ReviewDoc(b.doc, framework);

    ra.setRating('self', '1.1', '-', 'established');
    ra.focus('self', '2.3').insert(0, 'Agree a home–school agreement template');
    await until(b.doc, () => rb.getRating('self', '1.1') === 'established', 'the rating to reach b');
    await until(b.doc, () => rb.focus('self', '2.3').toString().includes('template'), 'the focus to reach b');

    const dataDir = server!.dataDir;
    const owner = server!.owner;
    for (const c of clients.splice(0)) c.destroy();
    await server!.close();
    server = await startTestServer({}, dataDir);

    const fresh = connectClient(server.wsUrl, reviewId, { token: owner.token });
    clients.push(fresh);
    await synced(fresh);
    const rf = new ReviewDoc(fresh.doc, framework);
    expect(rf.getRating('self', '1.1')).toBe('established');
    expect(rf.focus('self', '2.3').toString()).toBe('Agree a home–school agreement template');
    expect(rf.meta().frameworkId).toBe(framework.id);
  });

  it('unloads a review once its last client leaves, storing a snapshot and keeping nothing in memory', async () => {
    const { reviewId, a, b } = await twoClients();
    new ReviewDoc(a.doc, framework).setRating('self', '2.1', '-', 'enhancing');
    const rb = new ReviewDoc(b.doc, framework);
    await until(b.doc, () => rb.getRating('self', '2.1') === 'enhancing');
    const room = server!.rooms.get(reviewId);
    expect(room).toBeDefined();
    expect(server!.rooms.openCount).toBe(1);
    for (const c of clients.splice(0)) c.destroy();
    await room!.closed;
    expect(server!.rooms.openCount).toBe(0);
    // Leaving compacted the log: the snapshot alone holds the rating.
    expect(await server!.store.pendingUpdates(reviewId)).toBe(0);
    const fresh = client(reviewId);
    await synced(fresh);
    expect(new ReviewDoc(fresh.doc, framework).getRating('self', '2.1')).toBe('enhancing');
    expect(server!.rooms.get(reviewId)).not.toBe(room);
  });

  it('merges concurrent typing in the same focus character by character', async () => {
    const { a, b } = await twoClients();
    const ra = new ReviewDoc(a.doc, framework);
    const rb = new ReviewDoc(b.doc, framework);
    ra.focus('self', '1.2').insert(0, 'Termly data review. ');
    await until(b.doc, () => rb.focus('self', '1.2').length > 0);
    // Both type at once, before either sees the other's change.
    ra.focus('self', '1.2').insert(0, 'AAA ');
    rb.focus('self', '1.2').insert(rb.focus('self', '1.2').length, 'BBB');
    const done = (r: ReviewDoc) =>
      /AAA/.test(r.focus('self', '1.2').toString()) && /BBB/.test(r.focus('self', '1.2').toString());
    await Promise.all([until(a.doc, () => done(ra)), until(b.doc, () => done(rb))]);
    expect(ra.focus('self', '1.2').toString()).toBe('AAA Termly data review. BBB');
    expect(rb.focus('self', '1.2').toString()).toBe(ra.focus('self', '1.2').toString());
  });

  it('closes a connection to an unknown review with 4403 (as for a review you may not see), and the client stops retrying', async () => {
    server = await startTestServer();
    const c = client('no-such-review');
    const closed = await closedFor(c);
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(c.provider.shouldConnect).toBe(false);
  });

  it('refuses an update the framework does not allow, stores nothing and leaves others undisturbed', async () => {
    server = await startTestServer();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const good = client(reviewId);
    const bad = client(reviewId);
    await Promise.all([synced(good), synced(bad)]);
    const badClosed = closedFor(bad);
    // A client without validators writes a level the framework does not have.
    bad.doc.getMap(Root.ratings).set('self/1.1/-', 'superb');
    const closed = await badClosed;
    expect(closed.code).toBe(CloseCode.invalidUpdate);
    expect(closed.reason).toContain('"superb" is not a level');

    const rg = new ReviewDoc(good.doc, framework);
    rg.setRating('self', '1.2', '-', 'developed');
    const check = client(reviewId);
    await synced(check);
    const rc = new ReviewDoc(check.doc, framework);
    await until(check.doc, () => rc.getRating('self', '1.2') === 'developed');
    expect(rc.getRating('self', '1.1')).toBeUndefined();
    expect(good.provider.wsconnected).toBe(true);
    expect(rg.getRating('self', '1.1')).toBeUndefined();
  });

  it('closes only the offending socket on malformed and oversized frames', async () => {
    server = await startTestServer();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const good = client(reviewId);
    await synced(good);

    const cases: [string, Uint8Array, number][] = [
      ['unknown message type', new Uint8Array([42]), CloseCode.malformed],
      ['truncated varint', new Uint8Array([0x80]), CloseCode.malformed],
      ['truncated update', syncUpdateFrame(new Uint8Array([1, 2, 3])).subarray(0, 4), CloseCode.malformed],
      ['garbage update', syncUpdateFrame(new Uint8Array([255, 255, 255, 1, 7])), CloseCode.malformed],
      ['oversized', new Uint8Array(Limits.maxMessageBytes + 10), CloseCode.tooLarge],
    ];
    for (const [what, frame, code] of cases) {
      const ws = await rawSocket(reviewId);
      const closed = closeOf(ws);
      ws.send(frame);
      expect((await closed).code, what).toBe(code);
    }
    const rg = new ReviewDoc(good.doc, framework);
    rg.setRating('self', '4.4', '-', 'enhancing');
    const check = client(reviewId);
    await synced(check);
    expect(new ReviewDoc(check.doc, framework).getRating('self', '4.4')).toBe('enhancing');
    expect(good.provider.wsconnected).toBe(true);
  });

  it('acknowledges a saved-query only after the changes before it are stored', async () => {
    server = await startTestServer();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const ws = await rawSocket(reviewId);
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [];
    const saved = new Promise<number>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const d = decoding.createDecoder(new Uint8Array(data));
        const type = decoding.readVarUint(d);
        if (type === MessageType.saved) resolve(decoding.readVarUint(d));
        else frames.push(new Uint8Array(data));
      }),
    );
    // Build an allowed change on top of the stored skeleton: fetch state with a step 1.
    const stateReady = new Promise<void>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const d = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(d) !== MessageType.sync || decoding.readVarUint(d) !== SyncType.step2) return;
        Y.applyUpdate(doc, decoding.readVarUint8Array(d));
        resolve();
      }),
    );
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncType.step1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    ws.send(encoding.toUint8Array(e));
    await stateReady;
    const before = Y.encodeStateVector(doc);
    new ReviewDoc(doc, framework).setRating('self', '3.1', '-', 'developing');
    ws.send(syncUpdateFrame(Y.encodeStateAsUpdate(doc, before)));
    const q = encoding.createEncoder();
    encoding.writeVarUint(q, MessageType.saved);
    encoding.writeVarUint(q, 7);
    ws.send(encoding.toUint8Array(q));
    expect(await saved).toBe(7);
    // Stored means a fresh process would load it: read the store directly.
    const stored = await server.store.loadDocument(reviewId);
    const check = new Y.Doc();
    for (const u of [stored.snapshot!, ...stored.updates]) Y.applyUpdate(check, u);
    expect(new ReviewDoc(check, framework).getRating('self', '3.1')).toBe('developing');
  });
});
