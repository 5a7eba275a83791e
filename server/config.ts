import { resolve } from 'node:path';
import { oidcFromEnv, type OidcConfig } from './auth/oidc/config.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Where state lives: SQLite in the data folder (the embedded default), or a PostgreSQL server. */
  database: DatabaseConfig;
  /** SQLite synchronous mode: NORMAL survives a process crash, FULL also power loss. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Updates in a review's log before it is compacted into a snapshot. */
  compactAfter: number;
  /** Folder of built-in frameworks. */
  frameworksDir: string;
  /** Folder of the built client, served at /. */
  clientDir: string;
  /** Who may reach the server and how it is reached: see `SecurityConfig`. */
  security: SecurityConfig;
  /** Sign-in with the organisation's identity provider; null when OIDC_ISSUER is unset. */
  oidc: OidcConfig | null;
  /** Redis for fan-out between several processes (REDIS_URL); null: this process serves alone. */
  redisUrl: string | null;
}

export interface SecurityConfig {
  /** The address people use (e.g. https://bestfit.la.example), origin only; null: taken from each request's Host. */
  publicUrl: string | null;
  /** Proxies in front of the server whose X-Forwarded-For / -Proto are believed; 0: none. */
  trustProxy: number;
  /** Other origins whose pages may use the session cookie (exact origins, e.g. https://intranet.la.example). */
  allowedOrigins: string[];
}

export type DatabaseConfig = { engine: 'sqlite' } | { engine: 'postgres'; url: string };

/** DATABASE_URL: unset or `sqlite:` for SQLite in the data folder, `postgres://…` for PostgreSQL. */
export function databaseFromEnv(value: string | undefined): DatabaseConfig {
  const url = (value ?? '').trim();
  if (url === '' || url === 'sqlite:') return { engine: 'sqlite' };
  if (/^postgres(ql)?:\/\//.test(url)) return { engine: 'postgres', url };
  const scheme = url.split(':')[0];
  throw new Error(
    `DATABASE_URL must be empty, sqlite: or postgres://user@host:port/database, not a "${scheme}:" address`,
  );
}

export const defaultSecurity: SecurityConfig = { publicUrl: null, trustProxy: 0, allowedOrigins: [] };

/** An http(s) origin, or an error naming the variable and the fault. */
function origin(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}: "${value}" is not a URL (e.g. https://bestfit.example.org)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${name}: "${value}" must start with https:// or http://`);
  }
  return url.origin;
}

function securityFromEnv(env: NodeJS.ProcessEnv): SecurityConfig {
  const proxy = (env.TRUST_PROXY ?? '').trim().toLowerCase();
  const trustProxy = proxy === '' || proxy === 'false' ? 0 : proxy === 'true' ? 1 : integer('TRUST_PROXY', proxy, 0);
  return {
    publicUrl: env.PUBLIC_URL ? origin('PUBLIC_URL', env.PUBLIC_URL.trim()) : null,
    trustProxy,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)
      .map((o) => origin('ALLOWED_ORIGINS', o)),
  };
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
    database: databaseFromEnv(env.DATABASE_URL),
    sqliteSynchronous: sync,
    compactAfter: integer('COMPACT_AFTER', env.COMPACT_AFTER, 500) || 500,
    frameworksDir: resolve(root, env.FRAMEWORKS_DIR || 'frameworks'),
    clientDir: resolve(root, env.CLIENT_DIR || 'dist/client'),
    security: securityFromEnv(env),
    oidc: oidcFromEnv(env),
    redisUrl: redisUrl(env.REDIS_URL),
  };
}

function redisUrl(value: string | undefined): string | null {
  if (!value?.trim()) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`REDIS_URL: "${value}" is not a URL (e.g. redis://127.0.0.1:6379)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL: "${value}" must start with redis:// or rediss://`);
  }
  return url.href;
}
