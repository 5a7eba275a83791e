import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migratePostgres } from './postgres-migrate.ts';
import { postgresMigrations } from './postgres-schema.ts';
import { createTestSchema, type TestSchema } from './postgres-test-schema.ts';
import { PostgresStore } from './postgres.ts';

/**
 * Rows written with plain SQL at a schema version, and what the store must read from them once
 * migrated to the latest version. Entry n is data at version n; each new migration adds one, so
 * every migration is tested on a database at the version before it, with data in it.
 */
const dataAt: { seed(db: pg.Pool): Promise<void>; check(store: PostgresStore): Promise<void> }[] = [
  // 0: an empty database.
  { seed: async () => {}, check: async (store) => expect(await store.listReviews()).toEqual([]) },
  // 1: an account, a framework, a review with a snapshot and two updates, a history event.
  {
    async seed(db) {
      await db.query(`
        INSERT INTO users (id, email, name, password_hash, is_admin, created_at)
          VALUES ('u1', 'Ann@Example.test', 'Ann', 'hash', true, '2024-01-01T00:00:00.000Z');
        INSERT INTO frameworks (id, version, hash, body, source, created_at)
          VALUES ('fw', 1, 'h1', '{"id":"fw","version":1}', 'built-in', '2024-01-01T00:00:00.000Z');
        INSERT INTO reviews (id, title, framework_id, framework_version, created_at, updated_at, log_seq)
          VALUES ('r1', 'Review one', 'fw', 1, '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z', 2);
        INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES ('r1', 0, '\\x01', '2024-01-02T00:00:00.000Z');
        INSERT INTO review_updates (review_id, seq, data, created_at, user_id) VALUES
          ('r1', 1, '\\x02', '2024-01-03T00:00:00.000Z', 'u1'), ('r1', 2, '\\x03', '2024-01-03T00:00:00.000Z', 'u1');
        INSERT INTO review_history (review_id, seq, at, user_id, user_name, criterion, kind, detail)
          VALUES ('r1', 2, '2024-01-03T00:00:00.000Z', 'u1', 'Ann', 'c1', 'rating', '{"to":"high"}');
      `);
    },
    async check(store) {
      expect(await store.access.userByEmail('ann@example.test')).toMatchObject({ id: 'u1', isAdmin: true });
      expect(await store.getReview('r1')).toMatchObject({
        title: 'Review one',
        workspaceId: null,
        updatedAt: '2024-01-03T00:00:00.000Z',
      });
      expect(await store.loadDocument('r1')).toEqual({
        snapshot: new Uint8Array([1]),
        updates: [new Uint8Array([2]), new Uint8Array([3])],
        lastSeq: 2,
      });
      expect(await store.history('r1')).toHaveLength(1);
      // The log goes on from where it was.
      expect(await store.appendUpdates('r1', [new Uint8Array([4])])).toBe(3);
      expect(await store.cycles.seqOf('r1')).toBe(3);
    },
  },
  // 2: two reviews whose log counters live in review_log_heads, one edited after its row last changed.
  {
    async seed(db) {
      await db.query(`
        INSERT INTO frameworks (id, version, hash, body, source, created_at)
          VALUES ('fw', 1, 'h1', '{"id":"fw","version":1}', 'built-in', '2024-01-01T00:00:00.000Z');
        INSERT INTO reviews (id, title, framework_id, framework_version, created_at, updated_at) VALUES
          ('r1', 'Edited', 'fw', 1, '2024-01-02T00:00:00.000Z', '2024-01-02T00:00:00.000Z'),
          ('r2', 'Renamed', 'fw', 1, '2024-01-02T00:00:00.000Z', '2024-01-04T00:00:00.000Z');
        INSERT INTO review_log_heads (review_id, log_seq, edited_at) VALUES
          ('r1', 1, '2024-01-05T00:00:00.000Z'), ('r2', 0, NULL);
        INSERT INTO review_snapshots (review_id, upto_seq, data, created_at) VALUES
          ('r1', 0, '\\x01', '2024-01-02T00:00:00.000Z'), ('r2', 0, '\\x01', '2024-01-02T00:00:00.000Z');
        INSERT INTO review_updates (review_id, seq, data, created_at, user_id)
          VALUES ('r1', 1, '\\x02', '2024-01-05T00:00:00.000Z', NULL);
      `);
    },
    async check(store) {
      // A review's updated_at is its row's or its last append's, whichever is later.
      expect((await store.listReviews()).map((r) => [r.id, r.updatedAt])).toEqual([
        ['r1', '2024-01-05T00:00:00.000Z'],
        ['r2', '2024-01-04T00:00:00.000Z'],
      ]);
      expect(await store.loadDocument('r1')).toMatchObject({ lastSeq: 1 });
      expect(await store.appendUpdates('r1', [new Uint8Array([3])])).toBe(2);
      expect(await store.appendUpdates('r2', [new Uint8Array([3])])).toBe(1);
    },
  },
];

describe('PostgreSQL migrations', () => {
  let schema: TestSchema;
  let pool: pg.Pool;

  beforeEach(async () => {
    schema = await createTestSchema();
    pool = new pg.Pool({ connectionString: schema.urlWithSchema, max: 2 });
  });

  afterEach(async () => {
    await pool.end();
    await schema.drop();
  });

  it('has data to test every migration on, and to test the next one on', () => {
    expect(dataAt).toHaveLength(postgresMigrations.length + 1);
  });

  postgresMigrations.forEach((_, i) => {
    const version = i + 1;
    it(`migration ${version} applies to a database at version ${i} with data, which reads back after it`, async () => {
      expect(await migratePostgres(pool, postgresMigrations, i)).toBe(i);
      await dataAt[i]!.seed(pool);
      expect(await migratePostgres(pool, postgresMigrations, version)).toBe(version);
      const recorded = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.rows.map((r) => r.version)).toEqual(Array.from({ length: version }, (_, k) => k + 1));
      const store = await PostgresStore.open(schema.url, { schema: schema.schema, max: 2 });
      try {
        await dataAt[i]!.check(store);
      } finally {
        await store.close();
      }
    });
  });

  it('reads data written at the latest version', async () => {
    await migratePostgres(pool);
    await dataAt[postgresMigrations.length]!.seed(pool);
    const store = await PostgresStore.open(schema.url, { schema: schema.schema, max: 2 });
    try {
      await dataAt[postgresMigrations.length]!.check(store);
    } finally {
      await store.close();
    }
  });

  it('rolls a failing migration back whole and leaves the version where it was', async () => {
    const failing = [...postgresMigrations, 'CREATE TABLE half_done (id TEXT); SELECT 1 / 0;'];
    await expect(migratePostgres(pool, failing)).rejects.toThrow('division by zero');
    const recorded = await pool.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations');
    expect(recorded.rows[0]?.v).toBe(postgresMigrations.length);
    const table = await pool.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half_done'",
      [schema.schema],
    );
    expect(table.rowCount).toBe(0);
  });
});
