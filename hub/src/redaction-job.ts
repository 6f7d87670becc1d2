/**
 * Retention that runs itself (issue 18, item 4): "redact at Stripe N days after a session ends",
 * N being each station's policy (`redactAfterDays`: off by default, a store may only shorten
 * it). One job for the fleet, elected like the poller (an advisory lock); each round redacts a
 * small batch, paced by its own token bucket (a small share of the hub's Stripe budget) and by
 * the shared Stripe limiter every call waits for.
 *
 * A session "ends" when it is verified, or when it has waited in requires_input (the customer
 * gave up) with no change; its end is its last change (`sessions.updated`). Stripe redacts only
 * verified and requires_input sessions (a canceled or processing one is left alone).
 *
 * Exactly once: each redaction is a row of `redactions`, claimed (`pending`) before Stripe is
 * called and marked after; the claim's primary key keeps a session from being claimed twice,
 * by any instance. A claim left pending (the hub stopped mid-call) is finished first on the next
 * round, under the same Idempotency-Key, so Stripe replays its answer instead of redacting
 * twice. A person's request from the fleet page goes through the same claim.
 */
import Stripe from 'stripe';
import { effectivePolicy, type PolicyLevel } from '../../contract/policy.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { HubError } from './errors.ts';
import type { RedactionRow } from './fleet-policy-api.ts';
import { TokenBucket } from './limiter.ts';
import { errorFields } from './log.ts';
import type { Policies } from './policy.ts';
import type { StripeClient } from './stripe-client.ts';

const REDACTION_LOCK = 0x68756235; // 'hub5'
const DAY_MS = 24 * 3600_000;
/** Statuses Stripe can redact: the ones a session ends in. */
const REDACTABLE = ['verified', 'requires_input'] as const;
/** The redaction log is kept this long (it is the proof a person's data was removed). */
export const REDACTION_LOG_MS = 3 * 365 * DAY_MS;

export interface RedactionJobOptions {
  now: () => number;
  /** How often each instance tries a round (only the leader runs it); default 1 minute. */
  everyMs?: number;
  /** Sessions per round; default 20. */
  batch?: number;
  /** The job's own share of the Stripe budget, redactions per second; default 1. */
  ratePerSecond?: number;
  logger?: Logger;
}

export interface RedactionRound {
  redacted: number;
  refused: number;
  /** Left pending for the next round (Stripe unreachable or busy). */
  deferred: number;
}

export const idempotencyKeyForRedaction = (sessionId: string) => `countersign-hub-redact-${sessionId}`;

interface Due {
  id: string;
  station_id: string;
  store: string;
  updated: number;
  [k: string]: unknown;
}

const toRow = (r: Record<string, unknown>): RedactionRow => ({
  sessionId: String(r.session_id),
  store: String(r.store),
  stationId: String(r.station_id),
  reason: r.reason as RedactionRow['reason'],
  requestedBy: String(r.requested_by),
  requestedAt: Number(r.requested_at),
  endedAt: r.ended_at === null ? null : Number(r.ended_at),
  redactedAt: r.redacted_at === null ? null : Number(r.redacted_at),
  result: r.result as RedactionRow['result'],
  errorCode: r.error_code === null ? null : String(r.error_code),
});

/** Whether Stripe refused the redaction for good (a 4xx other than 429), not for now. */
const refusedForGood = (error: unknown): string | null => {
  if (!(error instanceof Stripe.errors.StripeError)) return null;
  const status = error.statusCode ?? 0;
  if (status < 400 || status >= 500 || status === 429 || status === 401 || status === 403) return null;
  return error.code ?? 'invalid_request';
};

export class RedactionJob {
  readonly #timer: NodeJS.Timeout;
  readonly #log: Logger;
  readonly #bucket: TokenBucket;
  #running: Promise<RedactionRound | null> | null = null;

  constructor(
    private readonly db: Db,
    private readonly stripe: StripeClient,
    private readonly policies: Policies,
    private readonly options: RedactionJobOptions,
  ) {
    this.#log = (options.logger ?? silentLogger).child('redaction');
    const batch = options.batch ?? 20;
    this.#bucket = new TokenBucket(options.ratePerSecond ?? 1, batch, options.now);
    this.#timer = setInterval(() => void this.run(), options.everyMs ?? 60_000);
    this.#timer.unref();
  }

  /** One round: what it did, or null when another instance leads (or it failed: logged). */
  run(): Promise<RedactionRound | null> {
    this.#running ??= this.#round()
      .catch((error: unknown) => {
        this.#log.warn('a redaction round failed; the next round tries again', errorFields(error));
        return null;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** The redaction log, newest first. */
  async list(limit = 100): Promise<RedactionRow[]> {
    const rows = await this.db.query(
      'SELECT * FROM redactions ORDER BY requested_at DESC, session_id LIMIT $1',
      [limit],
    );
    return rows.map(toRow);
  }

  /**
   * A person's request (the fleet page): redacts one session now, through the same claim. A
   * session already redacted by the hub answers its row again.
   */
  async redactNow(sessionId: string, who: string): Promise<RedactionRow> {
    const [session] = await this.db.query<Due>(
      'SELECT id, station_id, store, updated FROM sessions WHERE id = $1',
      [sessionId],
    );
    if (!session) throw new HubError(404, 'resource_missing', 'The hub has no such session.');
    await this.#claim(session, 'request', who, null);
    const [row] = await this.db.query('SELECT * FROM redactions WHERE session_id = $1', [sessionId]);
    if (row && row.result === 'pending') await this.#redact(toRow(row));
    const [done] = await this.db.query('SELECT * FROM redactions WHERE session_id = $1', [sessionId]);
    const answer = toRow(done!);
    if (answer.result === 'refused') {
      throw new HubError(
        409,
        'session_not_redactable',
        `Stripe refused to redact this session (${answer.errorCode}): only verified sessions and ones waiting for input can be redacted.`,
      );
    }
    if (answer.result === 'pending') {
      throw new HubError(
        503,
        'stripe_unreachable',
        'Stripe could not be reached; the hub tries again shortly.',
      );
    }
    return answer;
  }

  async #round(): Promise<RedactionRound | null> {
    if (!(await this.db.tryLeadership(REDACTION_LOCK))) return null;
    const now = this.options.now();
    const batch = this.options.batch ?? 20;
    const round: RedactionRound = { redacted: 0, refused: 0, deferred: 0 };
    // First what a stopped round left claimed, then what the policy makes due.
    const pending = (
      await this.db.query(
        "SELECT * FROM redactions WHERE result = 'pending' ORDER BY requested_at LIMIT $1",
        [batch],
      )
    ).map(toRow);
    const work: RedactionRow[] = [...pending];
    if (work.length < batch) {
      for (const due of await this.#due(now, batch - work.length)) {
        const claimed = await this.#claim(due, 'policy', 'retention policy', Number(due.updated));
        if (claimed) work.push(claimed);
      }
    }
    for (let i = 0; i < work.length; i++) {
      // The job's share of the budget is spent: the rest stays claimed for the next round.
      if (!this.#bucket.take()) {
        round.deferred += work.length - i;
        break;
      }
      const result = await this.#redact(work[i]!);
      if (result === 'deferred') {
        // Stripe does not answer now: the rest waits for the next round.
        round.deferred += work.length - i;
        break;
      }
      round[result]++;
    }
    await this.db.query('DELETE FROM redactions WHERE requested_at < $1 AND result <> $2', [
      now - REDACTION_LOG_MS,
      'pending',
    ]);
    if (round.redacted + round.refused + round.deferred > 0)
      this.#log.info('redaction round done', { ...round });
    return round;
  }

  /** Sessions past their station's policy, not redacted by the hub yet, oldest end first. */
  async #due(now: number, limit: number): Promise<Due[]> {
    if (limit <= 0) return [];
    const levels = await this.policies.current();
    if (!levels.some((l) => l.policy.redactAfterDays !== undefined && l.policy.redactAfterDays !== null))
      return [];
    const find = (level: PolicyLevel, target: string) =>
      levels.find((l) => l.level === level && l.target === target);
    const stations = await this.db.query<{ id: string; store: string }>('SELECT id, store FROM stations');
    const ids: string[] = [];
    const cutoffs: number[] = [];
    for (const s of stations) {
      const days = effectivePolicy({
        fleet: find('fleet', ''),
        store: find('store', s.store),
        station: find('station', s.id),
      }).policy.redactAfterDays;
      if (days === undefined || days === null) continue;
      ids.push(s.id);
      cutoffs.push(now - days * DAY_MS);
    }
    if (ids.length === 0) return [];
    return this.db.query<Due>(
      `SELECT s.id, s.station_id, s.store, s.updated
         FROM sessions s JOIN unnest($1::text[], $2::bigint[]) AS p(station_id, cutoff) ON p.station_id = s.station_id
        WHERE s.status = ANY($3::text[]) AND s.updated < p.cutoff
          AND NOT EXISTS (SELECT 1 FROM redactions r WHERE r.session_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.session_id = s.id
                           AND c.payload->>'type' = 'identity.verification_session.redacted')
        ORDER BY s.updated, s.id LIMIT $4`,
      [ids, cutoffs, [...REDACTABLE], limit],
    );
  }

  /** Claims a session for redaction; null when it is claimed already (by any instance). */
  async #claim(
    s: Due,
    reason: RedactionRow['reason'],
    who: string,
    endedAt: number | null,
  ): Promise<RedactionRow | null> {
    const rows = await this.db.query(
      `INSERT INTO redactions (session_id, station_id, store, reason, requested_by, requested_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (session_id) DO NOTHING RETURNING *`,
      [s.id, s.station_id, s.store, reason, who, this.options.now(), endedAt],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Calls Stripe for a claimed session and records the outcome. */
  async #redact(row: RedactionRow): Promise<'redacted' | 'refused' | 'deferred'> {
    try {
      await this.stripe.redact(row.sessionId, idempotencyKeyForRedaction(row.sessionId));
      await this.db.query(
        `UPDATE redactions SET result = 'redacted', redacted_at = $2, attempts = attempts + 1, error_code = NULL
          WHERE session_id = $1`,
        [row.sessionId, this.options.now()],
      );
      return 'redacted';
    } catch (error) {
      const code = refusedForGood(error);
      await this.db.query(
        `UPDATE redactions SET result = $2, attempts = attempts + 1, error_code = $3 WHERE session_id = $1`,
        [
          row.sessionId,
          code ? 'refused' : 'pending',
          code ?? (error as { code?: string }).code ?? 'unreachable',
        ],
      );
      if (code) {
        this.#log.info('Stripe refused a redaction', { session: row.sessionId, code });
        return 'refused';
      }
      this.#log.warn('a redaction could not be made now; the next round tries again', {
        session: row.sessionId,
        ...errorFields(error),
      });
      return 'deferred';
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
