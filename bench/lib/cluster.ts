/**
 * Scenario 11's servers: Bestfit on PostgreSQL (a fresh private schema per run) and Redis (a
 * private redis-server per run, so no other install's channels mix with it), as one process or
 * as several processes of the same install, each started as `npm start` runs it (port 0,
 * readiness from its "listening" line) on a core of its own where the machine has them.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { PostgresStore } from '../../server/store/postgres.ts';
import { createTestSchema, type TestSchema } from '../../server/store/postgres-test-schema.ts';
import { PrivateRedis } from '../../test/helpers/redis-server.ts';
import { createAccountsIn, type BenchAccounts } from './candidate-access.ts';
import type { Context } from './context.ts';
import { clusterPinning, toCores } from './pinning.ts';
import { startCandidate, type ServerHandle } from './servers.ts';

export interface Cluster {
  processes: ServerHandle[];
  /** The private Redis: its address and its pid (for its CPU time). */
  redis: { url: string; pid: number };
  accounts: BenchAccounts;
  stop(): Promise<void>;
}

/** Ask a redis-server its own pid (`INFO server`). */
async function redisPid(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const info = await client.info('server');
    return Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0);
  } finally {
    client.disconnect();
  }
}

let counter = 0;

/**
 * `count` server processes sharing one schema and one Redis, with `participants` people (and
 * the owner) written into the schema first. The single process runs with REDIS_URL too: it then
 * pays for publishing every commit, as each process of a cluster does.
 */
export async function startCluster(
  ctx: Context,
  count: number,
  participants: number,
  o: { eld?: boolean } = {},
): Promise<Cluster> {
  const layout = clusterPinning();
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  };
  try {
    const schema: TestSchema = await createTestSchema();
    cleanups.push(() => schema.drop());
    const store = await PostgresStore.open(schema.url, { schema: schema.schema, max: 4 });
    let accounts: BenchAccounts;
    try {
      accounts = await createAccountsIn(store.access, participants);
    } finally {
      await store.close();
    }
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.down());
    const pid = await redisPid(redis.url);
    // Redis is shared by the processes, like PostgreSQL: it runs with the load, not on a server core.
    toCores(pid, layout?.load ?? null);
    const processes: ServerHandle[] = [];
    // One after another: the first finds the schema migrated and registers the frameworks.
    for (let i = 0; i < count; i++) {
      const dataDir = join(ctx.root, `cluster-${++counter}`);
      await mkdir(dataDir, { recursive: true });
      cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
      const server = await startCandidate({
        dataDir,
        frameworksDir: ctx.frameworksDir,
        eld: o.eld,
        cores: layout?.servers[i % layout.servers.length] ?? null,
        env: { DATABASE_URL: schema.urlWithSchema, REDIS_URL: redis.url },
      });
      cleanups.push(() => server.stop());
      processes.push(server);
    }
    return { processes, redis: { url: redis.url, pid }, accounts, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
