/**
 * The fleet page's own stream (`GET /fleet/api/stream`, Server-Sent Events, the admin's cookie):
 * it says what changed — `event: fleet`, `data: {"topics":["sessions","stations","alerts"]}` —
 * and the page reloads those parts. No data travels on it; every reload goes through the same
 * admin-checked API as before.
 *
 * Where the topics come from, on every instance: a session's change (the change feed's NOTIFY,
 * `hub_changes`), an alert opened, resolved or delivered (`hub_fleet`, announced by alerts.ts or
 * anything else that calls `announceFleet`), and the stations' health (a digest of every
 * station's state, online/offline, queue, last error and open help calls, read every
 * `digestEveryMs` while a page is open: a station going offline is a change of time, not an
 * event). Topics are gathered for `coalesceMs` and sent once, so a busy fleet costs a page one
 * reload per topic per period, not one per webhook. A signed-out admin's stream ends.
 */
import type { ServerResponse } from 'node:http';
import { silentLogger, type Logger } from '../../base/logger.ts';
import { AdminAuth } from './admin-auth.ts';
import type { Db } from './db.ts';
import { FLEET_TOPICS, type FleetTopic } from './dashboard-types.ts';
import { FLEET_CHANNEL } from './fleet-channel.ts';
import { errorFields } from './log.ts';
import { CHANGES_CHANNEL } from './session-log.ts';

export { FLEET_CHANNEL };
export const FLEET_EVENT = 'fleet';

/** Tells every instance's fleet pages that `topic` changed. */
export async function announceFleet(db: Db, topic: FleetTopic): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [FLEET_CHANNEL, topic]);
}

export interface FleetStreamsOptions {
  now: () => number;
  /** Online window of the overview (fleet.ts ONLINE_WINDOW_MS). */
  onlineWindowMs: number;
  coalesceMs?: number;
  digestEveryMs?: number;
  keepAliveMs?: number;
  /** How often each page's admin session is checked again; default 60 s. */
  sessionCheckMs?: number;
  logger?: Logger;
}

interface Page {
  res: ServerResponse;
  cookie: string;
}

export class FleetStreams {
  readonly #db: Db;
  readonly #o: FleetStreamsOptions;
  readonly #log: Logger;
  readonly #auth: AdminAuth;
  readonly #pages = new Set<Page>();
  readonly #pending = new Set<FleetTopic>();
  #flushTimer: NodeJS.Timeout | null = null;
  #timers: NodeJS.Timeout[] = [];
  #digest: string | null = null;
  #digesting = false;
  #offListen: (() => void) | null = null;

  constructor(db: Db, options: FleetStreamsOptions) {
    this.#db = db;
    this.#o = options;
    this.#log = (options.logger ?? silentLogger).child('fleet-stream');
    this.#auth = new AdminAuth(db, options.now);
  }

  async start(): Promise<void> {
    await this.#db.listen(FLEET_CHANNEL, (note) => {
      if ((FLEET_TOPICS as readonly string[]).includes(note)) this.#note(note as FleetTopic);
    });
    await this.#db.listen(CHANGES_CHANNEL, () => this.#note('sessions'));
    // Back from a lost LISTEN: whatever was announced meanwhile may have changed anything.
    this.#offListen = this.#db.onListenState((attached) => {
      if (attached) for (const t of FLEET_TOPICS) this.#note(t);
    });
    this.#timers.push(setInterval(() => void this.#checkDigest(), this.#o.digestEveryMs ?? 2000).unref());
    this.#timers.push(
      setInterval(() => {
        for (const p of this.#pages) p.res.write(': keep-alive\n\n');
      }, this.#o.keepAliveMs ?? 15_000).unref(),
    );
    this.#timers.push(
      setInterval(() => void this.#checkSessions(), this.#o.sessionCheckMs ?? 60_000).unref(),
    );
  }

  get connected(): number {
    return this.#pages.size;
  }

  /** Opens a page's stream on `res` (the admin already checked). */
  open(res: ServerResponse, cookie: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const page = { res, cookie };
    this.#pages.add(page);
    res.on('close', () => this.#pages.delete(page));
  }

  #note(topic: FleetTopic): void {
    if (this.#pages.size === 0) return;
    this.#pending.add(topic);
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#o.coalesceMs ?? 500);
  }

  #flush(): void {
    this.#flushTimer = null;
    const topics = FLEET_TOPICS.filter((t) => this.#pending.has(t));
    this.#pending.clear();
    if (topics.length === 0) return;
    const frame = `event: ${FLEET_EVENT}\ndata: ${JSON.stringify({ topics })}\n\n`;
    for (const p of this.#pages) p.res.write(frame);
  }

  async #checkDigest(): Promise<void> {
    if (this.#pages.size === 0 || this.#digesting) {
      if (this.#pages.size === 0) this.#digest = null;
      return;
    }
    this.#digesting = true;
    try {
      const [row] = await this.#db.query<{ d: string | null }>(
        `SELECT md5(coalesce(string_agg(concat_ws('|', s.id, s.revoked_at IS NULL, s.last_seen >= $1,
                  s.queued, s.active, s.app_version, s.last_error_code, s.last_error_at, s.online_since,
                  s.share_store, h.n), ',' ORDER BY s.id), '')) AS d
           FROM stations s LEFT JOIN (SELECT station_id, count(*) AS n FROM help_calls
                                       WHERE acknowledged_at IS NULL GROUP BY station_id) h
             ON h.station_id = s.id`,
        [this.#o.now() - this.#o.onlineWindowMs],
      );
      const digest = row?.d ?? '';
      if (this.#digest !== null && digest !== this.#digest) this.#note('stations');
      this.#digest = digest;
    } catch (error) {
      this.#log.warn('reading the stations for the fleet stream failed', errorFields(error));
    } finally {
      this.#digesting = false;
    }
  }

  async #checkSessions(): Promise<void> {
    for (const p of [...this.#pages]) {
      try {
        if (!(await this.#auth.session(p.cookie))) p.res.end();
      } catch (error) {
        this.#log.warn('checking a fleet page’s session failed', errorFields(error));
      }
    }
  }

  /** Ends every page's stream (each reconnects, to another instance if this one is closing). */
  stop(retryMs = 1000): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#offListen?.();
    this.#offListen = null;
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    for (const p of this.#pages) {
      p.res.write(`retry: ${Math.max(0, Math.round(retryMs))}\n\n`);
      p.res.end();
    }
    this.#pages.clear();
  }
}
