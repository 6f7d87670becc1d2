/**
 * The hub's one storage interface, with two implementations: PGlite (PostgreSQL in WASM,
 * in-process: the default, one instance, no set-up) and a `pg` Pool on a PostgreSQL server
 * (`DATABASE_URL`: what lets several hub instances share one fleet). Everything above this file
 * speaks SQL that both run.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; a throw rolls it back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `fn` with each NOTIFY payload on `channel`; resolves once listening. */
  listen(channel: string, fn: (payload: string) => void): Promise<void>;
  /**
   * Tries to take a session-level advisory lock held until close (a leader for the fleet: one
   * poller among every instance). False when another connection holds it.
   */
  tryLeadership(key: number): Promise<boolean>;
  close(): Promise<void>;
}

/** PGlite in memory (no `dataDir`) or in a folder. One process, so leadership always succeeds. */
export async function openPglite(dataDir?: string): Promise<Db> {
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const run = async <T extends Row>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await q.query<T>(sql, params ? [...params] : undefined)).rows;
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    async listen(channel, fn) {
      await db.listen(channel, fn);
    },
    tryLeadership: async () => true,
    close: () => db.close(),
  };
}

/** A pg Pool on `url`, with one dedicated connection for LISTEN and one for leadership. */
export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  // bigint (int8) columns hold milliseconds and sequence numbers: all well within 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {}); // an idle client's error is reported on its next use
  const listener = new pg.Client({ connectionString: url });
  listener.on('error', () => {});
  await listener.connect();
  const handlers = new Map<string, Array<(payload: string) => void>>();
  listener.on('notification', (n) => {
    for (const fn of handlers.get(n.channel) ?? []) fn(n.payload ?? '');
  });
  let leader: pg.Client | null = null;
  const run = async <T extends Row>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await q.query(sql, params ? [...params] : undefined)).rows as T[];
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, fn) {
      const list = handlers.get(channel);
      if (list) {
        list.push(fn);
        return;
      }
      handlers.set(channel, [fn]);
      // Channel names are the hub's own constants, never input: quoting them is enough.
      await listener.query(`LISTEN "${channel.replaceAll('"', '')}"`);
    },
    async tryLeadership(key) {
      if (!leader) {
        leader = new pg.Client({ connectionString: url });
        leader.on('error', () => {});
        await leader.connect();
      }
      const rows = (await leader.query('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows;
      return rows[0]?.ok === true;
    },
    async close() {
      await Promise.allSettled([listener.end(), leader?.end(), pool.end()]);
    },
  };
}

/** PostgreSQL when `DATABASE_URL` is set, else PGlite (in `dataDir`, or in memory). */
export function openDb(options: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}
