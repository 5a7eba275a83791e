import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** SQLite synchronous mode: NORMAL survives a process crash, FULL also power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Updates in a review's log before it is compacted into a snapshot. */
  compactAfter: number;
  /** Folder of built-in frameworks. */
  frameworksDir: string;
  /** Folder of the built client, served at /. */
  clientDir: string;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not "${value}"`);
  return n;
}

/** Read the configuration from the environment; the README lists every variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): Config {
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, not "${sync}"`);
  return {
    port: integer('PORT', env.PORT, 8787),
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(root, env.DATA_DIR || 'data'),
    sqliteSynchronous: sync,
    compactAfter: integer('COMPACT_AFTER', env.COMPACT_AFTER, 500) || 500,
    frameworksDir: resolve(root, env.FRAMEWORKS_DIR || 'frameworks'),
    clientDir: resolve(root, env.CLIENT_DIR || 'dist/client'),
  };
}
