import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { quietSyncStep2 } from '../client/collab/quiet-sync.ts';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { MessageType, SyncType } from '../shared/protocol/messages.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { synced, until } from './helpers/clients.ts';
import { liveServer } from './helpers/live.ts';
import { createReviewOver, repoRoot } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const live = liveServer();

/** What each listener was handed: its name, the update and its origin. */
type Call = [string, Uint8Array, unknown];

/** A review as a fresh document holds it after these updates. */
function replay(updates: Uint8Array[]): ReviewDoc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return new ReviewDoc(doc, framework);
}

describe("the server's sync step 2, applied without the document's update listeners", () => {
  it('hands every listener, in order, the state it missed: on the first load, after later edits and after a reconnect', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const writer = live.client(reviewId, server.owner.token);
    await synced(writer);
    const w = new ReviewDoc(writer.doc, framework);
    w.setRating('self', '1.1', '-', 'established');
    w.focus('self', '1.2').insert(0, 'Before the client came.');
    // Stored before relayed: once a second client has it, the server holds it.
    const check = live.client(reviewId, server.owner.token);
    await synced(check);
    const seen = new ReviewDoc(check.doc, framework);
    await until(
      check.doc,
      () => seen.getRating('self', '1.1') === 'established' && seen.focus('self', '1.2').length > 0,
    );

    // The page's arrangement: the provider's listener and two of the page's own, then the step-2 wrapper.
    const client = live.client(reviewId, server.owner.token);
    const { doc, provider } = client;
    const calls: Call[] = [];
    const first = (u: Uint8Array, origin: unknown) => calls.push(['first', u, origin]);
    const everything: Uint8Array[] = [];
    const last = (u: Uint8Array, origin: unknown) => {
      everything.push(u);
      calls.push(['last', u, origin]);
    };
    doc.on('update', first);
    doc.on('update', last);
    quietSyncStep2(provider, [first, provider._updateHandler, last]);
    await synced(client);

    // The whole review, once to each listener, as coming from the server.
    expect(calls.map(([name, , origin]) => [name, origin === provider])).toEqual([
      ['first', true],
      ['last', true],
    ]);
    const loaded = replay(calls.filter(([name]) => name === 'first').map(([, u]) => u));
    expect(loaded.getRating('self', '1.1')).toBe('established');
    expect(loaded.focus('self', '1.2').toString()).toBe('Before the client came.');
    const r = new ReviewDoc(doc, framework);
    expect(r.focus('self', '1.2').toString()).toBe('Before the client came.');

    // Afterwards the listeners are attached again, once each and in order: a local edit and a relayed one.
    calls.length = 0;
    r.setRating('self', '1.3', '-', 'developing');
    expect(calls.map(([name, , origin]) => [name, origin])).toEqual([
      ['first', null],
      ['last', null],
    ]);
    w.setRating('self', '1.4', '-', 'enhancing');
    await until(doc, () => r.getRating('self', '1.4') === 'enhancing');
    expect(calls.slice(2).map(([name, , origin]) => [name, origin === provider])).toEqual([
      ['first', true],
      ['last', true],
    ]);

    // Disconnected while someone else edits: the reconnect's sync step 2 carries the difference.
    provider.disconnect();
    w.setRating('self', '2.1', '-', 'developed');
    await until(check.doc, () => seen.getRating('self', '2.1') === 'developed');
    calls.length = 0;
    provider.connect();
    await until(doc, () => r.getRating('self', '2.1') === 'developed');
    const missed = calls.filter(([name]) => name === 'last');
    expect(missed).toHaveLength(1);
    expect(missed[0]![2]).toBe(provider);
    // Everything the listener was ever handed rebuilds the review.
    const rebuilt = replay(everything);
    expect(rebuilt.getRating('self', '2.1')).toBe('developed');
    expect(rebuilt.getRating('self', '1.4')).toBe('enhancing');
    expect(rebuilt.focus('self', '1.2').toString()).toBe('Before the client came.');
  });

  it('reports a step 2 that is not a valid update, changes nothing, hands it to no listener, and goes on', async () => {
    const server = await live.start();
    const reviewId = await createReviewOver(server.url, server.owner.token, framework.id);
    const client = live.client(reviewId, server.owner.token);
    const calls: unknown[] = [];
    const listener = (_u: Uint8Array, origin: unknown) => calls.push(origin);
    client.doc.on('update', listener);
    quietSyncStep2(client.provider, [listener, client.provider._updateHandler]);
    await synced(client);
    calls.length = 0;
    const before = Y.encodeStateAsUpdate(client.doc);

    const message = encoding.createEncoder();
    encoding.writeVarUint(message, SyncType.step2);
    encoding.writeVarUint8Array(message, Uint8Array.from([7, 200, 1, 255, 3, 9, 9, 9]));
    const reply = encoding.createEncoder();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const handler = client.provider.messageHandlers[MessageType.sync]!;
      handler(reply, decoding.createDecoder(encoding.toUint8Array(message)), client.provider, true, MessageType.sync);
      expect(errors).toHaveBeenCalledWith('Caught error while handling a Yjs update', expect.any(Error));
    } finally {
      errors.mockRestore();
    }
    // Nothing to send back, nothing changed, nothing handed on.
    expect(encoding.length(reply)).toBe(1);
    expect(Y.encodeStateAsUpdate(client.doc)).toEqual(before);
    expect(calls).toEqual([]);

    // The connection goes on: an edit made elsewhere arrives and reaches the listener.
    const writer = live.client(reviewId, server.owner.token);
    await synced(writer);
    new ReviewDoc(writer.doc, framework).setRating('self', '1.1', '-', 'developing');
    const r = new ReviewDoc(client.doc, framework);
    await until(client.doc, () => r.getRating('self', '1.1') === 'developing');
    expect(calls).toContain(client.provider);
  });
});
