import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LiveReview, contentOf, contractFramework, frameworkRecord, rebuild, storeContract } from './contract.ts';
import { sqliteMigrations } from './sqlite-schema.ts';
import { SqliteStore, migrateSqlite } from './sqlite.ts';

const run = promisify(execFile);
const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'bestfit-sqlite-'));

storeContract('SqliteStore', async () => {
  const dir = await tempDir();
  const store = new SqliteStore(join(dir, 'bestfit.db'));
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore on disk', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await tempDir();
    path = join(dir, 'nested', 'bestfit.db');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps reviews, documents and frameworks when the same file is reopened', async () => {
    const fw = contractFramework();
    const live = new LiveReview(fw, 'review-a');
    // The parent folder does not exist yet: the store creates it.
    const first = new SqliteStore(path);
    await first.putFramework(frameworkRecord(fw));
    await first.putFramework(frameworkRecord(contractFramework(fw.id, 2, 'Second'), 'upload'));
    await first.createReview(live.record, live.initialState());
    await first.appendUpdates('review-a', live.edits(1, 3));
    await first.compact('review-a', Y.encodeStateAsUpdate(live.doc), 3);
    await first.appendUpdates('review-a', live.edits(4, 2));
    const before = {
      review: await first.getReview('review-a'),
      reviews: await first.listReviews(),
      document: await first.loadDocument('review-a'),
      frameworks: await first.listFrameworks(),
      v1: await first.getFramework(fw.id, 1),
    };
    await first.close();

    const second = new SqliteStore(path);
    try {
      expect(await second.getReview('review-a')).toEqual(before.review);
      expect(await second.listReviews()).toEqual(before.reviews);
      const document = await second.loadDocument('review-a');
      expect(document).toEqual(before.document);
      expect(document.lastSeq).toBe(5);
      expect(contentOf(rebuild(document))).toEqual(contentOf(live.doc));
      expect(await second.listFrameworks()).toEqual(before.frameworks);
      expect(await second.getFramework(fw.id, 1)).toEqual(before.v1);
      expect(await second.pendingUpdates('review-a')).toBe(2);
      // The log continues where it stopped, and a known framework version stays unchanged.
      expect(await second.appendUpdates('review-a', live.edits(6, 1))).toBe(6);
      expect(await second.putFramework(frameworkRecord(fw))).toBe('unchanged');
    } finally {
      await second.close();
    }
  });

  it('records the migration count in user_version and migrates idempotently', async () => {
    const store = new SqliteStore(path);
    await store.putFramework(frameworkRecord(contractFramework()));
    await store.close();

    const db = new Database(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
      expect(migrateSqlite(db)).toBe(sqliteMigrations.length);
      expect(migrateSqlite(db)).toBe(sqliteMigrations.length);
      expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
      expect(db.prepare('SELECT count(*) AS n FROM frameworks').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    // Opening the store again runs no migration twice.
    const reopened = new SqliteStore(path);
    try {
      expect(await reopened.listFrameworks()).toHaveLength(1);
    } finally {
      await reopened.close();
    }
  });

  it('migrates an empty database to the latest schema, once', () => {
    const db = new Database(':memory:');
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(migrateSqlite(db)).toBe(sqliteMigrations.length);
      expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all()
        .map((t) => t.name);
      expect(tables).toEqual([
        'api_tokens',
        'audit_log',
        'frameworks',
        'invites',
        'meeting_rounds',
        'meeting_votes',
        'oidc_identities',
        'password_resets',
        'review_chain',
        'review_frozen',
        'review_history',
        'review_members',
        'review_removals',
        'review_sign_offs',
        'review_snapshots',
        'review_summaries',
        'review_updates',
        'reviews',
        'sessions',
        'users',
        'workspace_members',
        'workspaces',
      ]);
      expect(() => migrateSqlite(db)).not.toThrow();
      expect(db.pragma('user_version', { simple: true })).toBe(sqliteMigrations.length);
    } finally {
      db.close();
    }
  });

  it('checkpoints the WAL from a worker, never inside a commit, and loses nothing', async () => {
    const fw = contractFramework();
    const live = new LiveReview(fw, 'busy');
    const store = new SqliteStore(path, { backgroundCheckpoint: true });
    const walSize = () => statSync(`${path}-wal`).size;
    try {
      await store.putFramework(frameworkRecord(fw));
      await store.createReview(live.record, live.initialState());
      // Well past SQLite's automatic threshold of 1,000 pages (4 MiB): no commit checkpointed on its own.
      const big = new Uint8Array(64 * 1024);
      for (let i = 0; i < 100; i++) await store.appendUpdates('busy', [...live.edits(i + 1, 1), big.fill(i % 251)]);
      expect(walSize()).toBeGreaterThan(6 * 1024 * 1024);
      const result = await store.checkpoint();
      expect(result?.busy).toBe(0);
      expect(result?.log).toBeGreaterThan(1000);
      expect(result?.checkpointed).toBe(result?.log);
    } finally {
      await store.close();
    }
    const reopened = new SqliteStore(path);
    try {
      expect((await reopened.loadDocument('busy')).updates).toHaveLength(200);
    } finally {
      await reopened.close();
    }
  });

  it('closes with a background checkpointer even when nothing else keeps the process alive', async () => {
    // A process that closes its store on the way out (a failed start) must still finish closing.
    const script = `import { SqliteStore } from ${JSON.stringify(new URL('./sqlite.ts', import.meta.url).href)};
      const store = new SqliteStore(${JSON.stringify(path)}, { backgroundCheckpoint: true });
      await store.close();
      console.log('closed');`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    expect(stdout.trim()).toBe('closed');
  });

  // The connection's settings, read through the store's own connection (private to the store).
  const pragma = (store: SqliteStore, name: string): unknown => store['db'].pragma(name, { simple: true });

  it('syncs NORMAL by default and FULL when asked, in WAL mode with foreign keys on', async () => {
    const normal = new SqliteStore(path);
    try {
      // 1 is NORMAL, 2 is FULL.
      expect(pragma(normal, 'synchronous')).toBe(1);
      expect(pragma(normal, 'journal_mode')).toBe('wal');
      expect(pragma(normal, 'foreign_keys')).toBe(1);
      expect(pragma(normal, 'busy_timeout')).toBe(5000);
    } finally {
      await normal.close();
    }
    const full = new SqliteStore(path, { synchronous: 'FULL' });
    try {
      expect(pragma(full, 'synchronous')).toBe(2);
    } finally {
      await full.close();
    }
  });

  it('checkpoints from a worker only when asked to, and never for a database in memory', async () => {
    const plain = new SqliteStore(path);
    try {
      expect(await plain.checkpoint()).toBeNull();
      // SQLite's own automatic checkpoint stays on.
      expect(pragma(plain, 'wal_autocheckpoint')).toBe(1000);
    } finally {
      await plain.close();
    }
    const memory = new SqliteStore(':memory:', { backgroundCheckpoint: true });
    try {
      expect(await memory.checkpoint()).toBeNull();
    } finally {
      await memory.close();
    }
    const background = new SqliteStore(path, { backgroundCheckpoint: true });
    try {
      expect(pragma(background, 'wal_autocheckpoint')).toBe(0);
      expect(await background.checkpoint()).toMatchObject({ busy: 0 });
    } finally {
      await background.close();
    }
  });

  it('closes its connection: the WAL is folded back and removed, and the store refuses further use', async () => {
    const store = new SqliteStore(path);
    await store.putFramework(frameworkRecord(contractFramework()));
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    await expect(store.listFrameworks()).rejects.toThrow(/not open/);
  });

  it('refuses a review of a framework version it does not hold', async () => {
    const store = new SqliteStore(path);
    try {
      const live = new LiveReview(contractFramework(), 'orphan');
      await expect(store.createReview(live.record, live.initialState())).rejects.toThrow(/FOREIGN KEY/);
      expect(await store.getReview('orphan')).toBeNull();
    } finally {
      await store.close();
    }
  });
});
