import Database from 'better-sqlite3';
import { statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackgroundCheckpointer } from './sqlite-checkpointer.ts';

const HOUR = 3_600_000;
const FAILED = { busy: 1, log: -1, checkpointed: -1 };

describe('checkpointing the WAL from a worker', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let checkpointer: BackgroundCheckpointer | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bestfit-checkpoint-'));
    file = join(dir, 'test.db');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Only the worker may copy the WAL back.
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE t (n INTEGER, pad BLOB)');
  });

  afterEach(async () => {
    await checkpointer?.close();
    checkpointer = undefined;
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const write = (rows: number) => {
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < rows; i++) insert.run(i, Buffer.alloc(2048, i % 251));
  };

  it('copies the whole WAL each time it is asked, saying nothing went wrong', async () => {
    const onError = vi.fn();
    checkpointer = new BackgroundCheckpointer(file, HOUR, onError);
    write(50);
    const first = await checkpointer.checkpoint();
    expect(first.busy).toBe(0);
    expect(first.log).toBeGreaterThan(20);
    expect(first.checkpointed).toBe(first.log);
    // A second request, after the first was answered, is run too.
    write(50);
    const second = await checkpointer.checkpoint();
    expect(second.busy).toBe(0);
    expect(second.checkpointed).toBe(second.log);
    expect(second.log).toBeGreaterThan(20);
    expect(onError).not.toHaveBeenCalled();
  }, 10_000);

  it('checkpoints on its own at each interval, unasked', async () => {
    checkpointer = new BackgroundCheckpointer(file, 20);
    const before = statSync(file).size;
    write(50);
    // Only a checkpoint moves pages from the WAL into the database file.
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 50 * 2048), {
      timeout: 5000,
      interval: 20,
    });
  }, 10_000);

  it('reports a checkpoint SQLite refuses, and answers it as not done', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database: only text, long enough to fill the 100 bytes of a header '.repeat(4));
    const onError = vi.fn();
    checkpointer = new BackgroundCheckpointer(junk, HOUR, onError);
    expect(await checkpointer.checkpoint()).toEqual(FAILED);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.stringMatching(/file is not a database/));
  }, 10_000);

  it('a worker that cannot open the database: reported with SQLite’s code, and nothing waits on it forever', async () => {
    const onError = vi.fn();
    // A folder cannot be opened as a database: the worker stops as it starts.
    checkpointer = new BackgroundCheckpointer(dir, HOUR, onError);
    expect(await checkpointer.checkpoint()).toEqual(FAILED);
    expect(onError).toHaveBeenCalledWith(expect.stringMatching(/^checkpoint worker failed: .*SQLITE_CANTOPEN/));
    expect(await checkpointer.checkpoint()).toEqual(FAILED);
    await checkpointer.close();
  }, 10_000);

  it('needs no error callback: a refused checkpoint and a worker that cannot start still answer', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database: only text, long enough to fill the 100 bytes of a header '.repeat(4));
    const refused = new BackgroundCheckpointer(junk, HOUR);
    try {
      expect(await refused.checkpoint()).toEqual(FAILED);
    } finally {
      await refused.close();
    }
    checkpointer = new BackgroundCheckpointer(dir, HOUR);
    expect(await checkpointer.checkpoint()).toEqual(FAILED);
  }, 10_000);

  it('after closing, checkpoints nothing and answers at once; closing twice is harmless', async () => {
    checkpointer = new BackgroundCheckpointer(file, HOUR);
    await checkpointer.close();
    write(50);
    expect(await checkpointer.checkpoint()).toEqual({ busy: 0, log: 0, checkpointed: 0 });
    await checkpointer.close();
    // The WAL was left alone: the main connection still finds every page of it to copy.
    const [own] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(own!.log).toBeGreaterThan(20);
  }, 10_000);
});
