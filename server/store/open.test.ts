import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, databaseFromEnv } from '../config.ts';
import { startServer } from '../server.ts';
import { openStore } from './open.ts';
import { SqliteStore } from './sqlite.ts';

describe('DATABASE_URL', () => {
  it('is SQLite in the data folder when unset, empty or sqlite:', () => {
    expect(databaseFromEnv(undefined)).toEqual({ engine: 'sqlite' });
    expect(databaseFromEnv('')).toEqual({ engine: 'sqlite' });
    expect(databaseFromEnv('sqlite:')).toEqual({ engine: 'sqlite' });
  });

  it('is PostgreSQL for postgres:// and postgresql://', () => {
    expect(databaseFromEnv('postgres://bestfit@db:5432/bestfit')).toEqual({
      engine: 'postgres',
      url: 'postgres://bestfit@db:5432/bestfit',
    });
    expect(databaseFromEnv('postgresql://db/bestfit')).toMatchObject({ engine: 'postgres' });
  });

  it('refuses anything else, naming the variable and what it accepts, without echoing the address', () => {
    expect(() => databaseFromEnv('mysql://root:secret@db/bestfit')).toThrow(
      'DATABASE_URL must be empty, sqlite: or postgres://user@host:port/database, not a "mysql:" address',
    );
    expect(() => databaseFromEnv('mysql://root:secret@db/bestfit')).not.toThrow(/secret/);
  });
});

describe('the store a server starts with', () => {
  it('is SQLite in the data folder by default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bestfit-open-'));
    try {
      const store = await openStore(configFromEnv({ DATA_DIR: dir }, dir));
      expect(store).toBeInstanceOf(SqliteStore);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is the one passed in, which the server uses and leaves open for its owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bestfit-open-'));
    // A real SQLite database held in memory: nothing is written to the data folder.
    const store = new SqliteStore(':memory:');
    try {
      const config = configFromEnv({ PORT: '0', DATA_DIR: dir, CLIENT_DIR: join(dir, 'none') }, process.cwd());
      const first = await startServer(config, { store, log: () => {} });
      expect(first.store).toBe(store);
      // The built-in frameworks were registered in the store given.
      const builtIns = (await store.listFrameworks()).length;
      expect(builtIns).toBeGreaterThan(0);
      await first.close();
      // Still open: a second server on the same store finds what the first stored.
      const second = await startServer(config, { store, log: () => {} });
      expect((await second.store.listFrameworks()).length).toBe(builtIns);
      await second.close();
      expect(await readdir(dir)).not.toContain('bestfit.db');
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
