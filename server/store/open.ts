import { join } from 'node:path';
import type { Config } from '../config.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

/** The store the configuration names: SQLite in the data folder, or PostgreSQL at DATABASE_URL. */
export async function openStore(
  config: Pick<Config, 'database' | 'dataDir' | 'sqliteSynchronous'>,
  log: (message: string, error?: unknown) => void = () => {},
  options: { backgroundCheckpoint?: boolean } = {},
): Promise<Store> {
  if (config.database.engine === 'postgres') return PostgresStore.open(config.database.url, { log });
  return new SqliteStore(join(config.dataDir, 'bestfit.db'), {
    synchronous: config.sqliteSynchronous,
    backgroundCheckpoint: options.backgroundCheckpoint ?? false,
    onError: (message) => log('WAL checkpoint failed', message),
  });
}
