import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../shared/review/history.ts';
import { recordStoreContract } from './contract-records.ts';
import { LiveReview, contractFramework, frameworkRecord, storeContract } from './contract.ts';
import { NewerSchemaError } from './postgres-migrate.ts';
import { postgresMigrations } from './postgres-schema.ts';
import { createTestSchema, openTestPostgresStore, type TestSchema } from './postgres-test-schema.ts';
import { PostgresStore } from './postgres.ts';
import { TcpProxy } from '../../test/helpers/tcp-proxy.ts';

storeContract('PostgresStore', openTestPostgresStore);
recordStoreContract('PostgresStore', openTestPostgresStore);

const renamed: HistoryEvent = {
  at: '2026-03-01T10:00:00.000Z',
  userId: 'u1',
  userName: 'Facilitator One',
  criterion: null,
  kind: 'review',
  detail: { action: 'renamed' },
};

describe('PostgresStore shared by several processes', () => {
  let schema: TestSchema;
  const open: PostgresStore[] = [];

  beforeEach(async () => {
    schema = await createTestSchema();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await schema.drop();
  });

  /** A store with its own pool, as another server process would have. */
  async function process(): Promise<PostgresStore> {
    const store = await PostgresStore.open(schema.url, { schema: schema.schema, max: 4 });
    open.push(store);
    return store;
  }

  it('two processes starting at once migrate once, and both serve', async () => {
    const [a, b] = await Promise.all([process(), process()]);
    const versions = await a.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.rows.map((r) => r.version)).toEqual(postgresMigrations.map((_, i) => i + 1));
    await a.putFramework(frameworkRecord(contractFramework()));
    expect(await b.getFramework('contract-fw')).not.toBeNull();
  });

  it('numbers appends from two pools without a gap or a repeat, each batch in one block', async () => {
    const [a, b] = await Promise.all([process(), process()]);
    const fw = contractFramework();
    await a.putFramework(frameworkRecord(fw));
    const live = new LiveReview(fw, 'shared');
    await a.createReview(live.record, live.initialState());
    const batches = Array.from({ length: 40 }, (_, i) => live.edits(i * 3 + 1, 3));
    // Every batch at once, alternating between the two pools (4 connections each).
    const ends = await Promise.all(batches.map((batch, i) => (i % 2 === 0 ? a : b).appendUpdates('shared', batch)));
    const blocks = ends.map((end) => [end - 2, end - 1, end]).flat();
    expect([...blocks].sort((x, y) => x - y)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const stored = await b.loadDocument('shared');
    expect(stored.lastSeq).toBe(120);
    expect(stored.updates).toHaveLength(120);
    // Each batch's updates are stored under its own block, in the order they were given.
    const bySeq = await a.pool.query<{ seq: number; data: Buffer }>(
      'SELECT seq, data FROM review_updates WHERE review_id = $1 ORDER BY seq',
      ['shared'],
    );
    batches.forEach((batch, i) => {
      const end = ends[i]!;
      batch.forEach((update, k) => {
        expect(new Uint8Array(bySeq.rows[end - 3 + k]!.data)).toEqual(update);
      });
    });
  });

  it('a sequence number an append resolves with is already visible to the other process', async () => {
    const [a, b] = await Promise.all([process(), process()]);
    const fw = contractFramework();
    await a.putFramework(frameworkRecord(fw));
    const live = new LiveReview(fw, 'ordered');
    await a.createReview(live.record, live.initialState());
    const seen: number[] = [];
    const writers = [a, b].map(async (store, w) => {
      for (let i = 0; i < 15; i++) {
        const seq = await store.appendUpdates('ordered', [live.edit(w * 100 + i)]);
        // What the other pool reads after this commit already includes it.
        expect((await (w === 0 ? b : a).cycles.seqOf('ordered')) >= seq).toBe(true);
        seen.push(seq);
      }
    });
    await Promise.all(writers);
    expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("an append is not held back by another process's transaction holding the review's row", async () => {
    const [a, b] = await Promise.all([process(), process()]);
    const fw = contractFramework();
    await a.putFramework(frameworkRecord(fw));
    const live = new LiveReview(fw, 'held');
    await a.createReview(live.record, live.initialState());
    const other = await a.pool.connect();
    try {
      // As a status change, a rename or a facilitator grant leaves the row until it commits.
      await other.query('BEGIN');
      await other.query('SELECT id FROM reviews WHERE id = $1 FOR NO KEY UPDATE', ['held']);
      await other.query("UPDATE reviews SET title = 'Held', status = 'moderation' WHERE id = $1", ['held']);
      // With the counter on the review's row this waited for the COMMIT below, which never came.
      expect(await b.appendUpdates('held', [live.edit(1)])).toBe(1);
      expect(await b.appendUpdates('held', [live.edit(2)], null, [renamed])).toBe(2);
      await other.query('COMMIT');
    } finally {
      other.release();
    }
    expect((await b.getReview('held'))?.title).toBe('Held');
    expect((await b.loadDocument('held')).lastSeq).toBe(2);
  });

  it('appends from two pools stay gapless while status changes and renames commit among them', async () => {
    const [a, b] = await Promise.all([process(), process()]);
    const fw = contractFramework();
    await a.putFramework(frameworkRecord(fw));
    const live = new LiveReview(fw, 'busy');
    await a.createReview(live.record, live.initialState());
    const appends = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).appendUpdates('busy', [live.edit(i)]));
    const changes = Array.from({ length: 6 }, (_, i) =>
      i % 2 === 0
        ? (i % 4 === 0 ? b : a).records.rename('busy', `Title ${i}`, renamed)
        : (i % 4 === 1 ? a : b).records.setStatus('busy', i % 3 === 0 ? 'draft' : 'moderation', {
            ...renamed,
            kind: 'status',
          }),
    );
    const [seqs] = await Promise.all([Promise.all(appends), Promise.all(changes)]);
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const stored = await a.loadDocument('busy');
    expect(stored.lastSeq).toBe(30);
    expect(stored.updates).toHaveLength(30);
    // Each change's event is numbered within the log as it stood when the change committed.
    const events = await a.pool.query<{ seq: number }>("SELECT seq FROM review_history WHERE review_id = 'busy'");
    expect(events.rows).toHaveLength(6);
    for (const { seq } of events.rows) expect(seq >= 0 && seq <= 30).toBe(true);
  });

  it('refuses a database migrated by a newer server, saying which versions', async () => {
    const store = await process();
    await store.pool.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
      postgresMigrations.length + 1,
      new Date().toISOString(),
    ]);
    const newer = PostgresStore.open(schema.url, { schema: schema.schema });
    await expect(newer).rejects.toThrow(NewerSchemaError);
    await expect(newer).rejects.toThrow(
      `the database schema is at version ${postgresMigrations.length + 1}, newer than this server knows (${postgresMigrations.length})`,
    );
  });
});

describe('PostgresStore that cannot connect', () => {
  it('fails with one line naming where it tried, without the password', async () => {
    // Port 1 on loopback: nothing listens there.
    const opening = PostgresStore.open('postgres://someone:secret@127.0.0.1:1/bestfit');
    await expect(opening).rejects.toThrow(/^PostgreSQL at 127\.0\.0\.1:1\/bestfit: .*ECONNREFUSED/);
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});

describe('PostgresStore when the network to PostgreSQL drops', () => {
  let schema: TestSchema;
  let proxy: TcpProxy;
  let store: PostgresStore | null = null;

  beforeEach(async () => {
    schema = await createTestSchema();
    proxy = await TcpProxy.start([Number(new URL(schema.url).port || 5432)]);
  });

  afterEach(async () => {
    await store?.close();
    store = null;
    await proxy.close();
    await schema.drop();
  });

  it('survives connections dropped while idle or checked out, reports the idle ones, and serves once back', async () => {
    const url = new URL(schema.url);
    url.port = String(proxy.port);
    const logged: { message: string; error: unknown }[] = [];
    let reported!: () => void;
    const idleDropped = new Promise<void>((resolve) => (reported = resolve));
    store = await PostgresStore.open(url.toString(), {
      schema: schema.schema,
      max: 4,
      log: (message, error) => {
        logged.push({ message, error });
        reported();
      },
    });
    const held = await store.pool.connect(); // one connection checked out, with no query running
    expect(await store.getReview('none')).toBeNull(); // and another left idle in the pool

    proxy.cut();
    // Unhandled, either drop would end this process (and fail the run) rather than reach here.
    await idleDropped;
    expect(logged[0]?.message).toBe('PostgreSQL dropped an idle connection');
    await expect(held.query('SELECT 1')).rejects.toThrow();
    held.release(true);
    await expect(store.getReview('none')).rejects.toThrow();

    proxy.restore();
    expect(await store.getReview('none')).toBeNull();
  });
});
