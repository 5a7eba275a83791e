import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
import { INLINE_COMPACT_BYTES } from '../server/collab/review-log.ts';
import { Limits } from '../shared/protocol/limits.ts';
import { connectClient, synced, until, type StockClient } from './helpers/clients.ts';
import { createReviewOver, repoRoot, seedUser, spawnServer, tempDir, type ChildServer } from './helpers/server.ts';

const framework = await readFrameworkFile(`${repoRoot}frameworks/ba-partnership-sef.yaml`);
const clients: StockClient[] = [];
const servers: ChildServer[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) {
    s.process.kill('SIGKILL');
    await s.exited;
  }
  for (const f of cleanups.splice(0)) await f();
});

/** A review on a server of its own data folder, a writer and a watcher synced to it. */
async function reviewWithTwo(compactAfter: string) {
  const dir = await tempDir();
  cleanups.push(() => dir.remove());
  const user = await seedUser(dir.path);
  const first = await spawnServer(dir.path, { COMPACT_AFTER: compactAfter });
  servers.push(first);
  const reviewId = await createReviewOver(first.url, user.token, framework.id);
  const writer = connectClient(first.wsUrl, reviewId, { token: user.token });
  const watcher = connectClient(first.wsUrl, reviewId, { token: user.token });
  clients.push(writer, watcher);
  await Promise.all([synced(writer), synced(watcher)]);
  const rw = new ReviewDoc(writer.doc, framework);
  const rv = new ReviewDoc(watcher.doc, framework);
  return { dir, user, first, reviewId, writer, watcher, rw, rv };
}

/**
 * `n` separate transactions ("0;1;…", so `n` update messages) typed into `text`, seen whole by the
 * watcher's copy, then the server killed with SIGKILL. What was typed is returned.
 */
async function seenThenKilled(
  server: ChildServer,
  watcher: StockClient,
  text: Y.Text,
  seen: () => Y.Text,
  n: number,
): Promise<string> {
  for (let i = 0; i < n; i++) text.insert(text.length, `${i};`);
  const expected = Array.from({ length: n }, (_, i) => `${i};`).join('');
  await until(watcher.doc, () => seen().toString() === expected, `all ${n} edits at the watcher`, 60_000);
  server.process.kill('SIGKILL');
  await server.exited;
  return expected;
}

describe('durability', () => {
  it('loses none of 1,000 updates that another client has seen when the server is killed with SIGKILL', async () => {
    // A small compaction threshold makes the kill land among compactions too.
    const { dir, user, first, reviewId, watcher, rw, rv } = await reviewWithTwo('97');

    const expected = await seenThenKilled(
      first,
      watcher,
      rw.evidence('self', '1.1'),
      () => rv.evidence('self', '1.1'),
      1000,
    );
    for (const c of clients.splice(0)) c.destroy();

    const second = await spawnServer(dir.path);
    servers.push(second);
    const fresh = connectClient(second.wsUrl, reviewId, { token: user.token });
    clients.push(fresh);
    await synced(fresh);
    expect(new ReviewDoc(fresh.doc, framework).evidence('self', '1.1').toString()).toBe(expected);
  });

  it('compacts a large review on its thread: a kill among compactions loses nothing, and a stop compacts it all', async () => {
    const { dir, user, first, reviewId, writer, watcher, rw, rv } = await reviewWithTwo('40');

    // Past the size compacted in place (each text within its own limit): from here the snapshot is
    // built from the stored log on a thread, every 40 commits, while edits go on.
    const long = 'Minutes of the autumn review. '.repeat(Math.floor(Limits.maxTextLength / 30));
    const filled = ['1.2', '1.4', '1.5', '1.6'];
    expect(filled.length * long.length).toBeGreaterThan(INLINE_COMPACT_BYTES);
    for (const id of filled) rw.evidence('self', id).insert(0, long);
    const expected = await seenThenKilled(first, watcher, rw.focus('self', '1.1'), () => rv.focus('self', '1.1'), 300);
    const before = Y.encodeStateAsUpdate(writer.doc);
    for (const c of clients.splice(0)) c.destroy();

    const second = await spawnServer(dir.path, { COMPACT_AFTER: '40' });
    servers.push(second);
    const fresh = connectClient(second.wsUrl, reviewId, { token: user.token });
    const other = connectClient(second.wsUrl, reviewId, { token: user.token });
    clients.push(fresh, other);
    await Promise.all([synced(fresh), synced(other)]);
    const reloaded = new ReviewDoc(fresh.doc, framework);
    expect(reloaded.focus('self', '1.1').toString()).toBe(expected);
    for (const id of filled) expect(reloaded.evidence('self', id).toString()).toBe(long);
    // Nothing the writer had is missing from what the restarted server gave the newcomer.
    const had = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(before));
    const has = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
    for (const [client, clock] of had) expect(has.get(client) ?? 0).toBeGreaterThanOrEqual(clock);

    // More edits past the threshold, then a stop: it waits for any compaction under way and compacts the rest.
    const later = reloaded.focus('self', '1.3');
    for (let i = 0; i < 100; i++) later.insert(later.length, `${i},`);
    const laterText = later.toString();
    const ro = new ReviewDoc(other.doc, framework);
    await until(
      other.doc,
      () => ro.focus('self', '1.3').toString() === laterText,
      'the later edits at the other client',
    );
    second.process.kill('SIGTERM');
    await second.exited;
    expect(second.process.exitCode).toBe(0);
    for (const c of clients.splice(0)) c.destroy();
    const db = new Database(join(dir.path, 'bestfit.db'), { readonly: true });
    const left = db.prepare('SELECT count(*) AS n FROM review_updates WHERE review_id = ?').get(reviewId) as {
      n: number;
    };
    db.close();
    expect(left.n).toBe(0);

    const third = await spawnServer(dir.path);
    servers.push(third);
    const last = connectClient(third.wsUrl, reviewId, { token: user.token });
    clients.push(last);
    await synced(last);
    const final = new ReviewDoc(last.doc, framework);
    expect(final.focus('self', '1.1').toString()).toBe(expected);
    expect(final.focus('self', '1.3').toString()).toBe(laterText);
    for (const id of filled) expect(final.evidence('self', id).toString()).toBe(long);
  });
});
