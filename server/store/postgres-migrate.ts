import type pg from 'pg';
import { postgresMigrations } from './postgres-schema.ts';

/** The database was migrated by a newer server than this one: running on it could lose data. */
export class NewerSchemaError extends Error {}

/**
 * Apply pending migrations, each in its own transaction with its version recorded. An advisory
 * lock (per schema) makes processes starting at once take turns: the first migrates, the rest
 * find nothing left to do. Resolves with the version the database is at.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly string[] = postgresMigrations,
  upTo = migrations.length,
): Promise<number> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('bestfit-migrate:' || current_schema()))");
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
      );
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const current = rows[0]?.v ?? 0;
      if (current > migrations.length) {
        throw new NewerSchemaError(
          `the database schema is at version ${current}, newer than this server knows (${migrations.length}); run the newer server`,
        );
      }
      for (let version = current + 1; version <= upTo; version++) {
        await client.query('BEGIN');
        try {
          await client.query(migrations[version - 1]!);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
            version,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        }
      }
      return Math.max(current, upTo);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('bestfit-migrate:' || current_schema()))").catch(() => {
        broken = true;
      });
    }
  } finally {
    client.release(broken);
  }
}
