/**
 * Alerts, run by the hub's leader (one instance for the fleet, chosen like the overdue poller's:
 * `pg_try_advisory_lock` on its own key). Each round:
 *
 * 1. finds what is wrong now — a station offline for more than N minutes of its opening hours
 *    (opening-hours.ts), a kiosk's call for help unacknowledged for N minutes, a store whose
 *    failed checks are above a share of its results over the last minutes;
 * 2. opens one incident for each new problem (one open incident per kind and subject, enforced
 *    by a partial unique index: two instances, or a round run twice, cannot open two), and
 *    resolves the incidents whose problem is gone;
 * 3. delivers each new incident, if an alert URL is set, as one signed JSON POST
 *    (alert-signature.ts), retried with backoff until a 2xx. Each attempt first claims the
 *    incident in the database (an UPDATE that only one caller can win), so no two senders post
 *    it at once; once a 2xx is recorded it is never sent again. Every attempt carries the same
 *    alert `id`: a receiver that answered 2xx but whose answer was lost gets it again, and
 *    should ignore an id it has seen.
 *
 * Each change is announced on `hub_fleet` (fleet-stream.ts), so every fleet page shows it at once.
 */
import { backoffDelay, type BackoffPolicy } from '../../base/backoff.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { ALERT_SIGNATURE_HEADER, signAlert } from './alert-signature.ts';
import { readAlertSettings } from './alert-settings.ts';
import type { Db } from './db.ts';
import { outcomeSql } from './dashboard.ts';
import type { AlertKind } from './dashboard-types.ts';
import { ONLINE_WINDOW_MS } from './fleet.ts';
import { announceFleet } from './fleet-stream.ts';
import { errorFields } from './log.ts';
import { alwaysOpen, openMsBetween, type OpeningHoursSource } from './opening-hours.ts';
import { randomToken } from './secrets.ts';

const ALERTS_LOCK = 0x68756234; // 'hub4'

export interface AlertJobOptions {
  now: () => number;
  /** How often a round runs; default 15 s. */
  everyMs?: number;
  openingHours?: OpeningHoursSource;
  /** Delays between delivery attempts; default 10 s doubling to 1 h. */
  backoff?: BackoffPolicy;
  /** Attempts before giving up; default 12 (about 5 hours with the default backoff). */
  maxAttempts?: number;
  /** How long one POST may take; default 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** How long a resolved incident stays listed (from its opening); default 90 days. */
  keepResolvedMs?: number;
  logger?: Logger;
}

interface Problem {
  kind: AlertKind;
  subject: string;
  store: string;
  stationId: string | null;
  details: Record<string, number | string | null>;
}

export class AlertJob {
  readonly #db: Db;
  readonly #o: AlertJobOptions;
  readonly #log: Logger;
  readonly #timer: NodeJS.Timeout;
  #running: Promise<void> | null = null;
  /** POSTs sent by this instance (any answer). */
  sent = 0;

  constructor(db: Db, options: AlertJobOptions) {
    this.#db = db;
    this.#o = options;
    this.#log = (options.logger ?? silentLogger).child('alerts');
    this.#timer = setInterval(() => void this.tick(), options.everyMs ?? 15_000);
    this.#timer.unref();
  }

  /** One round (nothing when not the leader). Never rejects: a failed round is logged. */
  tick(): Promise<void> {
    this.#running ??= this.#round()
      .catch((error: unknown) => {
        this.#log.warn('an alert round failed; the next round tries again', errorFields(error));
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #round(): Promise<void> {
    if (!(await this.#db.tryLeadership(ALERTS_LOCK))) return;
    const changed = (await this.#evaluate()) + (await this.#deliverDue());
    if (changed > 0) await announceFleet(this.#db, 'alerts');
    // Resolved incidents are kept as long as sessions are (90 days), then go.
    await this.#db.query('DELETE FROM alert_incidents WHERE opened_at < $1 AND resolved_at IS NOT NULL', [
      this.#o.now() - (this.#o.keepResolvedMs ?? 90 * 86_400_000),
    ]);
  }

  /** Opens and resolves incidents; returns how many changed. */
  async #evaluate(): Promise<number> {
    const now = this.#o.now();
    const s = await readAlertSettings(this.#db);
    const problems: Problem[] = [];
    if (s.offlineMinutes !== null) {
      const offline = await this.#db.query<{ id: string; store: string; last_seen: number }>(
        `SELECT id, store, last_seen FROM stations
          WHERE revoked_at IS NULL AND last_seen IS NOT NULL AND last_seen < $1`,
        [now - ONLINE_WINDOW_MS],
      );
      const hoursOf = this.#o.openingHours ?? alwaysOpen;
      for (const st of offline) {
        const hours = await hoursOf({ id: st.id, store: st.store });
        if (openMsBetween(hours, Number(st.last_seen), now) > s.offlineMinutes * 60_000) {
          problems.push({
            kind: 'station_offline',
            subject: st.id,
            store: st.store,
            stationId: st.id,
            details: { lastSeen: Number(st.last_seen) },
          });
        }
      }
    }
    if (s.helpMinutes !== null) {
      const calls = await this.#db.query<{ station_id: string; id: string; at: number; store: string }>(
        `SELECT h.station_id, h.id, h.at, st.store FROM help_calls h JOIN stations st ON st.id = h.station_id
          WHERE h.acknowledged_at IS NULL AND h.received < $1 ORDER BY h.received LIMIT 1000`,
        [now - s.helpMinutes * 60_000],
      );
      for (const c of calls) {
        problems.push({
          kind: 'help_unanswered',
          subject: `${c.station_id}/${c.id}`,
          store: c.store,
          stationId: c.station_id,
          details: { at: Number(c.at), callId: c.id },
        });
      }
    }
    if (s.failureRatePercent !== null) {
      // Results in the window: verified, or a failed check (not abandoned, canceled or open).
      const stores = await this.#db.query<{ store: string; failed: number; results: number }>(
        `SELECT store, count(*) FILTER (WHERE outcome = 'failed')::int AS failed, count(*)::int AS results
           FROM (SELECT store, ${outcomeSql()} AS outcome FROM sessions WHERE updated >= $1) s
          WHERE outcome IN ('verified', 'failed')
          GROUP BY store`,
        [now - s.failureWindowMinutes * 60_000],
      );
      for (const r of stores) {
        const percent = (100 * r.failed) / Math.max(1, r.results);
        if (r.results >= s.failureMinResults && percent > s.failureRatePercent) {
          problems.push({
            kind: 'failure_rate',
            subject: r.store,
            store: r.store,
            stationId: null,
            details: { failed: r.failed, results: r.results, percent: Math.round(percent) },
          });
        }
      }
    }

    let changed = 0;
    const open = await this.#db.query<{ id: string; kind: string; subject: string }>(
      'SELECT id, kind, subject FROM alert_incidents WHERE resolved_at IS NULL',
    );
    const active = new Set(problems.map((p) => `${p.kind} ${p.subject}`));
    const gone = open.filter((i) => !active.has(`${i.kind} ${i.subject}`)).map((i) => i.id);
    if (gone.length > 0) {
      const resolved = await this.#db.query(
        'UPDATE alert_incidents SET resolved_at = $2 WHERE id = ANY($1) AND resolved_at IS NULL RETURNING id',
        [gone, now],
      );
      changed += resolved.length;
    }
    const known = new Set(open.map((i) => `${i.kind} ${i.subject}`));
    for (const p of problems) {
      if (known.has(`${p.kind} ${p.subject}`)) continue;
      const rows = await this.#db.query(
        `INSERT INTO alert_incidents (id, kind, subject, store, station_id, opened_at, details, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (kind, subject) WHERE resolved_at IS NULL DO NOTHING RETURNING id`,
        [
          `alert_${randomToken(12)}`,
          p.kind,
          p.subject,
          p.store,
          p.stationId,
          now,
          JSON.stringify(p.details),
          s.url ? now : null,
        ],
      );
      if (rows.length > 0) {
        changed++;
        this.#log.info('alert opened', { kind: p.kind, store: p.store, station: p.stationId });
      }
    }
    return changed;
  }

  /** Sends every incident due for an attempt; returns how many changed state. */
  async #deliverDue(): Promise<number> {
    const s = await readAlertSettings(this.#db);
    if (!s.url || !s.secret) return 0;
    const now = this.#o.now();
    const due = await this.#db.query<{ id: string }>(
      `SELECT id FROM alert_incidents WHERE delivered_at IS NULL AND next_attempt_at <= $1
        ORDER BY next_attempt_at LIMIT 50`,
      [now],
    );
    let changed = 0;
    for (const { id } of due) if (await this.#attempt(id, s.url, s.secret)) changed++;
    return changed;
  }

  async #attempt(id: string, url: string, secret: string): Promise<boolean> {
    const timeoutMs = this.#o.timeoutMs ?? 10_000;
    const now = this.#o.now();
    // The claim: only one caller moves next_attempt_at past now; the others find nothing due.
    const [claimed] = await this.#db.query<Record<string, unknown>>(
      `UPDATE alert_incidents SET attempts = attempts + 1, next_attempt_at = $2
        WHERE id = $1 AND delivered_at IS NULL AND next_attempt_at <= $3
        RETURNING *, (SELECT name FROM stations WHERE stations.id = alert_incidents.station_id) AS station_name`,
      [id, now + timeoutMs * 2, now],
    );
    if (!claimed) return false;
    const attempts = Number(claimed.attempts);
    const body = JSON.stringify({
      id: claimed.id,
      object: 'alert',
      type: claimed.kind,
      created: Math.floor(Number(claimed.opened_at) / 1000),
      data: {
        store: claimed.store,
        station:
          claimed.station_id === null ? null : { id: claimed.station_id, name: claimed.station_name ?? null },
        opened_at: Number(claimed.opened_at),
        details: claimed.details,
      },
    });
    let error: string | null = null;
    try {
      this.sent++;
      const res = await (this.#o.fetch ?? fetch)(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Countersign-Hub',
          [ALERT_SIGNATURE_HEADER]: signAlert(secret, body, Math.floor(this.#o.now() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (e) {
      error = e instanceof Error ? e.name : 'Error';
    }
    if (error === null) {
      await this.#db.query(
        'UPDATE alert_incidents SET delivered_at = $2, next_attempt_at = NULL, last_delivery_error = NULL WHERE id = $1',
        [id, this.#o.now()],
      );
      this.#log.info('alert delivered', { alert: id, attempts });
      return true;
    }
    const giveUp = attempts >= (this.#o.maxAttempts ?? 12);
    const next = giveUp
      ? null
      : this.#o.now() + backoffDelay(attempts, this.#o.backoff ?? { baseMs: 10_000, maxMs: 3_600_000 });
    await this.#db.query(
      'UPDATE alert_incidents SET next_attempt_at = $2, last_delivery_error = $3 WHERE id = $1',
      [id, next, error],
    );
    this.#log.warn(
      giveUp ? 'an alert could not be delivered; giving up' : 'an alert could not be delivered; retrying',
      {
        alert: id,
        attempts,
        error,
      },
    );
    return attempts === 1 || giveUp;
  }
}
