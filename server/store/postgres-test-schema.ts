import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStore } from './postgres.ts';

/** The PostgreSQL the tests use: the local server with trust auth, unless TEST_DATABASE_URL says otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of its own for one test, dropped by `drop`, so parallel runs never see each other's rows. */
export interface TestSchema {
  url: string;
  /** The URL with the schema as every connection's search_path, for DATABASE_URL. */
  urlWithSchema: string;
  schema: string;
  drop(): Promise<void>;
}

/** Create a fresh, empty schema; fails with one line saying what to start when PostgreSQL is not there. */
export async function createTestSchema(): Promise<TestSchema> {
  const schema = `bf_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => {});
    throw new Error(
      `PostgreSQL is not reachable at ${testDatabaseUrl} (${error instanceof Error ? error.message : String(error)}): ` +
        'start it (trust auth, database "test", user "postgres"), or set TEST_DATABASE_URL',
      { cause: error },
    );
  }
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    url: testDatabaseUrl,
    urlWithSchema: `${testDatabaseUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A migrated store in a fresh schema, and a cleanup that closes it and drops the schema. */
export async function openTestPostgresStore(): Promise<{ store: PostgresStore; cleanup(): Promise<void> }> {
  const test = await createTestSchema();
  const store = await PostgresStore.open(test.url, { schema: test.schema, max: 4 }).catch(async (error: unknown) => {
    await test.drop();
    throw error;
  });
  return {
    store,
    async cleanup() {
      await store.close();
      await test.drop();
    },
  };
}
