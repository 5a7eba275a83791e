import { afterEach, describe, expect, it } from 'vitest';
import { readFrameworkFile } from '../server/frameworks/files.ts';
import { ReviewDoc } from '../shared/review/accessors.ts';
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

describe('durability', () => {
  it('loses none of 1,000 updates that another client has seen when the server is killed with SIGKILL', async () => {
    const dir = await tempDir();
    cleanups.push(() => dir.remove());
    // A small compaction threshold makes the kill land among compactions too.
    const user = await seedUser(dir.path);
    const first = await spawnServer(dir.path, { COMPACT_AFTER: '97' });
    servers.push(first);
    const reviewId = await createReviewOver(first.url, user.token, framework.id);

    const writer = connectClient(first.wsUrl, reviewId, { token: user.token });
    const watcher = connectClient(first.wsUrl, reviewId, { token: user.token });
    clients.push(writer, watcher);
    await Promise.all([synced(writer), synced(watcher)]);
    const rw = new ReviewDoc(writer.doc, framework);
    const rv = new ReviewDoc(watcher.doc, framework);

    // 1,000 separate transactions, so 1,000 separate update messages.
    const evidence = rw.evidence('self', '1.1');
    for (let i = 0; i < 1000; i++) evidence.insert(evidence.length, `${i};`);
    const expected = Array.from({ length: 1000 }, (_, i) => `${i};`).join('');
    await until(
      watcher.doc,
      () => rv.evidence('self', '1.1').toString() === expected,
      'all 1,000 updates at the watcher',
      60_000,
    );

    first.process.kill('SIGKILL');
    await first.exited;
    for (const c of clients.splice(0)) c.destroy();

    const second = await spawnServer(dir.path);
    servers.push(second);
    const fresh = connectClient(second.wsUrl, reviewId, { token: user.token });
    clients.push(fresh);
    await synced(fresh);
    expect(new ReviewDoc(fresh.doc, framework).evidence('self', '1.1').toString()).toBe(expected);
  });
});
