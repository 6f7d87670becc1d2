/**
 * The hub's one storage interface, with two implementations: PGlite (PostgreSQL in WASM,
 * in-process: the default, one instance, no set-up) and a `pg` Pool on a PostgreSQL server
 * (`DATABASE_URL`: what lets several hub instances share one fleet). Everything above this file
 * speaks SQL that both run.
 *
 * On PostgreSQL every connection may go away (a restart, a failover, a cut): see openPostgres.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { backoffDelay, type BackoffPolicy } from '../../base/backoff.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { errorFields } from './log.ts';

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
  /** Whether the LISTEN connection is attached now (PGlite: always). */
  readonly listening: boolean;
  /** How many times the LISTEN connection was opened again after a loss. */
  readonly listenReconnects: number;
  /**
   * Calls `fn(false)` when the LISTEN connection is lost and `fn(true)` once it is back with
   * every LISTEN issued again: NOTIFYs sent in between were missed, read the tables.
   */
  onListenState(fn: (attached: boolean) => void): () => void;
  /** PGlite only: its data directory as a file another instance can start from (`openPglite`). */
  dump?(): Promise<Blob>;
  /** The pool's connections: open, idle, and requests waiting for one. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/**
 * PGlite in memory (no `dataDir`) or in a folder. One process, so leadership always succeeds.
 * `from`: a data directory dumped earlier (`dumpPglite`), started from instead of a new cluster
 * (the tests keep one with the schema migrated: a new cluster costs seconds of CPU).
 */
export async function openPglite(dataDir?: string, from?: Blob): Promise<Db> {
  const db = dataDir
    ? await PGlite.create(dataDir)
    : from
      ? await PGlite.create({ loadDataDir: from })
      : await PGlite.create();
  const run = async <T extends Row>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) =>
    (await q.query<T>(sql, params ? [...params] : undefined)).rows;
  return {
    kind: 'pglite',
    dump: () => db.dumpDataDir('gzip'),
    query: (sql, params) => run(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    async listen(channel, fn) {
      await db.listen(channel, fn);
    },
    tryLeadership: async () => true,
    listening: true,
    listenReconnects: 0,
    onListenState: () => () => {},
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: () => db.close(),
  };
}

export interface PostgresOptions {
  /** The pool's size; default 10. */
  poolSize?: number;
  logger?: Logger;
  /** Delays between attempts to re-open the LISTEN or leadership connection; default 100 ms to 5 s. */
  backoff?: BackoffPolicy;
  /** Runs a reconnect attempt after `ms` (tests hold it to make an instance deaf on purpose). */
  schedule?: (fn: () => void, ms: number) => void;
}

const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 100, maxMs: 5000 };

/**
 * A pg Pool on `url`, with one dedicated connection for LISTEN and one for leadership. Either
 * may be lost (PostgreSQL restarted, a network cut, the server ending idle sessions): each is
 * opened again with backoff. The LISTEN connection issues every LISTEN again and then says so
 * (`onListenState(true)`), so what was announced while it was gone is read from the tables; the
 * leadership connection is opened again on the next `tryLeadership`, the lock freed with the
 * old one (another instance may take it first). The pool replaces its broken connections itself.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  // bigint (int8) columns hold milliseconds and sequence numbers: all well within 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  const log = (options.logger ?? silentLogger).child('db');
  const policy = options.backoff ?? RECONNECT_BACKOFF;
  const schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms).unref());
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: 'countersign-hub',
  });
  // An idle client's error: the pool drops it and opens another on demand.
  pool.on('error', (error) => log.warn('an idle database connection was lost', errorFields(error)));
  let closed = false;
  const endQuietly = (client: pg.Client, what: string) =>
    client
      .end()
      .catch((error: unknown) => log.debug(`closing the ${what} connection failed`, errorFields(error)));

  // --- LISTEN ---------------------------------------------------------------------------------
  const handlers = new Map<string, Array<(payload: string) => void>>();
  const stateListeners = new Set<(attached: boolean) => void>();
  let listener: pg.Client | null = null;
  let listenAttempt = 0;
  let listenRetrying = false;
  let reconnects = 0;
  const quote = (channel: string) => `"${channel.replaceAll('"', '')}"`;
  const tellState = (attached: boolean) => {
    for (const fn of stateListeners) {
      try {
        fn(attached);
      } catch (error) {
        log.error('a LISTEN state handler failed', errorFields(error));
      }
    }
  };
  const lost = (client: pg.Client, error?: unknown) => {
    if (client !== listener) return;
    listener = null;
    log.warn('the LISTEN connection was lost; opening it again', error ? errorFields(error) : {});
    endQuietly(client, 'LISTEN');
    tellState(false);
    retryListen();
  };
  async function attachListener(): Promise<void> {
    const client = new pg.Client({ connectionString: url, application_name: 'countersign-hub-listen' });
    client.on('notification', (n) => {
      for (const fn of handlers.get(n.channel) ?? []) fn(n.payload ?? '');
    });
    client.on('error', (error) => lost(client, error));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      // Channel names are the hub's own constants, never input: quoting them is enough.
      for (const channel of handlers.keys()) await client.query(`LISTEN ${quote(channel)}`);
    } catch (error) {
      endQuietly(client, 'LISTEN');
      throw error;
    }
    if (closed) {
      endQuietly(client, 'LISTEN');
      return;
    }
    listener = client;
  }
  function retryListen(): void {
    if (closed || listenRetrying) return;
    listenRetrying = true;
    listenAttempt++;
    schedule(
      () => {
        listenRetrying = false;
        if (closed) return;
        attachListener().then(
          () => {
            if (!listener) return;
            reconnects++;
            log.info('the LISTEN connection is back', { attempts: listenAttempt });
            listenAttempt = 0;
            tellState(true);
          },
          (error: unknown) => {
            log.warn('opening the LISTEN connection failed; trying again', {
              ...errorFields(error),
              attempt: listenAttempt,
            });
            retryListen();
          },
        );
      },
      backoffDelay(listenAttempt, policy),
    );
  }
  try {
    await attachListener();
  } catch (error) {
    // No database at start: the caller says so and exits; nothing is left open.
    closed = true;
    await pool.end().catch((e: unknown) => log.debug('closing the pool failed', errorFields(e)));
    throw error;
  }

  // --- leadership -----------------------------------------------------------------------------
  let leader: pg.Client | null = null;
  let leaderAttempt = 0;
  let leaderRetryAt = 0;
  const dropLeader = (client: pg.Client, error?: unknown) => {
    if (client !== leader) return;
    leader = null;
    log.warn('the leadership connection was lost; its locks are free', error ? errorFields(error) : {});
    endQuietly(client, 'leadership');
  };
  async function leaderClient(): Promise<pg.Client | null> {
    if (leader) return leader;
    if (Date.now() < leaderRetryAt) return null;
    const client = new pg.Client({ connectionString: url, application_name: 'countersign-hub-leader' });
    client.on('error', (error) => dropLeader(client, error));
    client.on('end', () => dropLeader(client));
    try {
      await client.connect();
    } catch (error) {
      leaderAttempt++;
      leaderRetryAt = Date.now() + backoffDelay(leaderAttempt, policy);
      log.warn('opening the leadership connection failed', { ...errorFields(error), attempt: leaderAttempt });
      endQuietly(client, 'leadership');
      return null;
    }
    if (closed) {
      endQuietly(client, 'leadership');
      return null;
    }
    leaderAttempt = 0;
    leader = client;
    return client;
  }

  const run = async <T extends Row>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await q.query(sql, params ? [...params] : undefined)).rows as T[];
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollback: unknown) => {
          // The connection is gone (its transaction with it): the pool must not reuse it.
          broken = rollback instanceof Error ? rollback : new Error(String(rollback));
          log.debug('a rollback failed; dropping the connection', errorFields(rollback));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, fn) {
      const list = handlers.get(channel);
      if (list) {
        list.push(fn);
        return;
      }
      handlers.set(channel, [fn]);
      // Detached: the next attach issues it with the others.
      await listener?.query(`LISTEN ${quote(channel)}`);
    },
    get listening() {
      return listener !== null;
    },
    get listenReconnects() {
      return reconnects;
    },
    onListenState(fn) {
      stateListeners.add(fn);
      return () => stateListeners.delete(fn);
    },
    async tryLeadership(key) {
      if (closed) return false;
      const client = await leaderClient();
      if (!client) return false;
      try {
        const rows = (await client.query('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows;
        return rows[0]?.ok === true;
      } catch (error) {
        dropLeader(client, error);
        return false;
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      closed = true;
      const open = [listener, leader];
      listener = null;
      leader = null;
      await Promise.allSettled([...open.map((c) => c?.end()), pool.end()]);
    },
  };
}

/** PostgreSQL when `DATABASE_URL` is set, else PGlite (in `dataDir`, or in memory). */
export function openDb(options: { databaseUrl?: string; dataDir?: string; logger?: Logger }): Promise<Db> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, { logger: options.logger })
    : openPglite(options.dataDir);
}
