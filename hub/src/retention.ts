/**
 * Bounded growth: one retention job for the fleet, elected like the poller (an advisory lock
 * held by the leadership connection; another instance takes over when its holder dies). Each
 * round deletes, in batches:
 *
 * - `changes` older than the replay window (default 7 days): a station reconnecting with a
 *   `Last-Event-ID` older than that gets what is left after it;
 * - `webhook_events` older than the window, and never younger than 3 days (Stripe redelivers an
 *   event for up to 3 days: its id must still be known to be a duplicate);
 * - enrollment codes that were used or have expired;
 * - `sessions` (and acknowledged help calls) with no change for the fleet's retention period
 *   (default 90 days, as the station's own history), the stations' audit entries older than that
 *   period too (the station prunes its own trail by its history's retention) with the checks by
 *   staff read from them (`manual_checks`), and expired admin sign-ins.
 */
import { silentLogger, type Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { errorFields } from './log.ts';
import type { HubMetrics } from './metrics.ts';

const RETENTION_LOCK = 0x68756234; // 'hub4'
const DAY_MS = 24 * 3600_000;
export const DEFAULT_REPLAY_WINDOW_MS = 7 * DAY_MS;
export const DEFAULT_SESSION_RETENTION_MS = 90 * DAY_MS;
/** Stripe retries a webhook for up to 3 days: its event id is kept at least that long. */
const WEBHOOK_IDS_MIN_MS = 3 * DAY_MS;

export interface RetentionOptions {
  now: () => number;
  replayWindowMs?: number;
  sessionRetentionMs?: number;
  /** How often each instance tries a round (only the leader runs it); default 1 hour. */
  everyMs?: number;
  /** Rows per DELETE statement; default 5000. */
  batch?: number;
  logger?: Logger;
  metrics?: HubMetrics;
}

export type RetentionResult = Record<
  | 'changes'
  | 'webhook_events'
  | 'enrollment_codes'
  | 'sessions'
  | 'help_calls'
  | 'audit_entries'
  | 'manual_checks'
  | 'admin_sessions',
  number
>;

export class RetentionJob {
  readonly #timer: NodeJS.Timeout;
  readonly #log: Logger;
  #running: Promise<RetentionResult | null> | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: RetentionOptions,
  ) {
    this.#log = (options.logger ?? silentLogger).child('retention');
    this.#timer = setInterval(() => void this.run(), options.everyMs ?? 3600_000);
    this.#timer.unref();
  }

  get replayWindowMs(): number {
    return this.options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  }

  /** One round: what was deleted, or null when another instance leads (or the round failed, logged). */
  run(): Promise<RetentionResult | null> {
    this.#running ??= this.#round()
      .catch((error: unknown) => {
        this.#log.warn('a retention round failed; the next round tries again', errorFields(error));
        return null;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  async #round(): Promise<RetentionResult | null> {
    if (!(await this.db.tryLeadership(RETENTION_LOCK))) return null;
    const now = this.options.now();
    const window = this.replayWindowMs;
    const keepSessions = this.options.sessionRetentionMs ?? DEFAULT_SESSION_RETENTION_MS;
    const batch = this.options.batch ?? 5000;
    const inBatches = async (table: string, key: string, where: string, param: number): Promise<number> => {
      let total = 0;
      for (;;) {
        const rows = await this.db.query(
          `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${where} LIMIT ${batch}) RETURNING 1 AS x`,
          [param],
        );
        total += rows.length;
        if (rows.length < batch) return total;
      }
    };
    const result: RetentionResult = {
      changes: await inBatches('changes', 'seq', 'created < $1', now - window),
      webhook_events: await inBatches(
        'webhook_events',
        'id',
        'received_at < $1',
        now - Math.max(window, WEBHOOK_IDS_MIN_MS),
      ),
      enrollment_codes: await inBatches(
        'enrollment_codes',
        'hash',
        'used_at IS NOT NULL OR expires_at < $1',
        now,
      ),
      sessions: await inBatches('sessions', 'id', 'updated < $1', now - keepSessions),
      help_calls: (
        await this.db.query(
          'DELETE FROM help_calls WHERE acknowledged_at IS NOT NULL AND acknowledged_at < $1 RETURNING 1 AS x',
          [now - keepSessions],
        )
      ).length,
      // Keyed by (station, seq): the row's own address picks each batch.
      audit_entries: await inBatches('audit_entries', 'ctid', 'at < $1', now - keepSessions),
      // The checks by staff read from those entries go with them.
      manual_checks: await inBatches('manual_checks', 'ctid', 'at < $1', now - keepSessions),
      admin_sessions: (
        await this.db.query('DELETE FROM admin_sessions WHERE expires_at < $1 RETURNING 1 AS x', [now])
      ).length,
    };
    for (const [table, n] of Object.entries(result)) {
      if (n > 0) this.options.metrics?.retentionDeleted.inc({ table }, n);
    }
    this.#log.info('retention round done', { ...result, replayWindowDays: window / DAY_MS });
    return result;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
