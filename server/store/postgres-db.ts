import pg from 'pg';

type Param = string | number | boolean | null | Buffer | readonly (string | null)[] | readonly Buffer[];

/** Queries on the pool or inside one transaction's connection. */
export interface Queries {
  rows<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  row<T>(sql: string, params?: readonly Param[]): Promise<T | null>;
  /** Run a statement; resolves with the rows it changed. */
  run(sql: string, params?: readonly Param[]): Promise<number>;
}

class QueriesOn implements Queries {
  constructor(private readonly on: pg.Pool | pg.PoolClient) {}

  async rows<T>(sql: string, params: readonly Param[] = []): Promise<T[]> {
    return (await this.on.query<T & pg.QueryResultRow>(sql, params as Param[])).rows;
  }

  async row<T>(sql: string, params: readonly Param[] = []): Promise<T | null> {
    return (await this.rows<T>(sql, params))[0] ?? null;
  }

  async run(sql: string, params: readonly Param[] = []): Promise<number> {
    return (await this.on.query(sql, params as Param[])).rowCount ?? 0;
  }
}

// bigint (count(*), identity columns) as a JS number: every value here stays far below 2^53.
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface PostgresOptions {
  /** Schema to use on every connection (tests give each run its own); default: the server's search_path. */
  schema?: string;
  /** Most connections the pool opens. */
  max?: number;
  /** Where a connection lost while nobody was using it is reported (it is replaced on next use). */
  log?: (message: string, error?: unknown) => void;
}

/** A schema name safe to splice into SQL. */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`schema "${schema}" must be lower-case letters, digits and _`);
  return schema;
}

export function openPool(url: string, options: PostgresOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    // Set at connection start, so every pooled connection sees the same schema.
    ...(options.schema ? { options: `-c search_path=${checkSchemaName(options.schema)}` } : {}),
  });
  // An idle connection the server drops (restart, failover, network) is replaced on next use, not fatal.
  pool.on('error', (error) => options.log?.('PostgreSQL dropped an idle connection', error));
  // A checked-out connection that drops emits 'error' with no listener of pg's own, which would end
  // the process: its caller already sees the failure through the query it is running or runs next.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** The pool with a transaction helper; sub-stores share one. */
export class PgDb extends QueriesOn {
  constructor(readonly pool: pg.Pool) {
    super(pool);
  }

  /** Run `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  async tx<T>(work: (q: Queries) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      const result = await work(new QueriesOn(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped rather than handed to the next caller.
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
