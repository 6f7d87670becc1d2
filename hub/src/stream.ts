/**
 * Updates out: `GET /hub/v1/stream`, one Server-Sent Events stream per station.
 *
 * Every instance tails the `changes` table: a NOTIFY on `hub_changes` (sent by whichever
 * instance applied the change) wakes it, and it reads every change past the last one it read,
 * in order, and fans each out to the streams it holds for that station (or store, when the
 * station may see its store's sessions). A slow timer tails too, so a lost NOTIFY delays a
 * change by at most `tailEveryMs`.
 *
 * A stream that reconnects with `Last-Event-ID: N` first gets every change after N for that
 * station from the table; live changes that arrive meanwhile are held and sent after, skipping
 * any the replay already carried (a stream never sends a seq twice, nor one lower than its last).
 * A stream opened without it starts from now, with the latest change of each of the station's
 * open sessions first (the feed keeps the replay window only: retention.ts).
 *
 * Who sees a change is one rule (visibility.ts), asked by the replay and the live fan-out alike.
 */
import type { ServerResponse } from 'node:http';
import { STREAM_EVENT, STREAM_KEEPALIVE_MS, type StreamMessage } from '../../contract/hub-api.ts';
import { silentLogger, type Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { errorFields } from './log.ts';
import type { HubMetrics } from './metrics.ts';
import { CHANGES_CHANNEL } from './session-log.ts';
import type { Station } from './stations.ts';
import { stationSees } from './visibility.ts';

interface ChangeRow {
  seq: number;
  station_id: string;
  store: string;
  payload: Omit<StreamMessage, 'seq'> | string;
  /** When the change was applied (the hub's clock, ms): the start of webhook → station. */
  created?: number;
  [k: string]: unknown;
}

const toMessage = (r: ChangeRow): StreamMessage => {
  const payload =
    typeof r.payload === 'string' ? (JSON.parse(r.payload) as Omit<StreamMessage, 'seq'>) : r.payload;
  return { seq: Number(r.seq), ...payload };
};

const COLUMNS = 'seq, station_id, store, payload, created';

class Connection {
  lastSeq: number;
  /** Live changes held while the replay runs. */
  held: ChangeRow[] | null = [];

  constructor(
    readonly station: Station,
    readonly res: ServerResponse,
    lastEventId: number,
  ) {
    this.lastSeq = lastEventId;
  }

  /** The one rule (visibility.ts), for the replay and the live fan-out alike. */
  sees(row: ChangeRow): boolean {
    return stationSees(this.station, { stationId: row.station_id, store: row.store });
  }

  /** Ends the stream, and with it its connection (sent `Connection: close`). */
  end(): void {
    this.res.end();
  }

  /** Writes a message of another kind (`event: policy`, `event: staff`): no `id:`, the seq is the changes' own. */
  write(frame: StreamFrame): void {
    this.res.write(`event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`);
  }

  /** Writes a change once, in seq order; true when written. */
  send(row: ChangeRow): boolean {
    const seq = Number(row.seq);
    if (seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    this.res.write(`id: ${seq}\nevent: ${STREAM_EVENT}\ndata: ${JSON.stringify(toMessage(row))}\n\n`);
    return true;
  }
}

/** A stream message that is not a session change (the station's policy, its store's staff). */
export interface StreamFrame {
  event: string;
  data: unknown;
}

export interface StreamsOptions {
  /**
   * The first messages of every stream, before any change (the station's policy: policy-routes.ts;
   * its store's staff: staff-routes.ts); a null is left out.
   */
  greeting?: (station: Station) => Promise<ReadonlyArray<StreamFrame | null>>;
  keepAliveMs?: number;
  tailEveryMs?: number;
  /** Open streams one station may hold on this instance; a further one ends the oldest. Default 3. */
  maxPerStation?: number;
  now?: () => number;
  logger?: Logger;
  metrics?: HubMetrics;
}

export class Streams {
  readonly #db: Db;
  readonly #byStation = new Map<string, Set<Connection>>();
  readonly #byStore = new Map<string, Set<Connection>>();
  readonly #keepAliveMs: number;
  readonly #tailEveryMs: number;
  readonly #maxPerStation: number;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #metrics: HubMetrics | undefined;
  readonly #greeting: StreamsOptions['greeting'];
  #tailed = 0;
  #tailing: Promise<void> | null = null;
  #again = false;
  #timers: NodeJS.Timeout[] = [];
  #offListen: (() => void) | null = null;
  /** Streams ended because a station opened more than its share. */
  evicted = 0;

  constructor(db: Db, options: StreamsOptions = {}) {
    this.#db = db;
    this.#keepAliveMs = options.keepAliveMs ?? STREAM_KEEPALIVE_MS;
    this.#tailEveryMs = options.tailEveryMs ?? 1000;
    this.#maxPerStation = Math.max(1, options.maxPerStation ?? 3);
    this.#now = options.now ?? Date.now;
    this.#log = (options.logger ?? silentLogger).child('stream');
    this.#metrics = options.metrics;
    this.#greeting = options.greeting;
  }

  async start(): Promise<void> {
    const rows = await this.#db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM changes');
    this.#tailed = Number(rows[0]?.seq ?? 0);
    await this.#db.listen(CHANGES_CHANNEL, (note) => this.#notified(note));
    // Back from a lost LISTEN connection: whatever was announced meanwhile is read from the
    // feed, from the last seq read (each stream skips what it already has).
    this.#offListen = this.#db.onListenState((attached) => {
      if (attached) void this.tail();
    });
    this.#timers.push(setInterval(() => void this.tail(), this.#tailEveryMs).unref());
    this.#timers.push(setInterval(() => this.#keepAlive(), this.#keepAliveMs).unref());
  }

  get connected(): number {
    let n = 0;
    for (const set of this.#byStation.values()) n += set.size;
    return n;
  }

  /** The last seq this instance read from the feed. */
  get tailed(): number {
    return this.#tailed;
  }

  /** Stations with an open stream on this instance. */
  stationIds(): string[] {
    return [...this.#byStation.keys()];
  }

  /**
   * A NOTIFY: the change itself when it fits, else its seq. NOTIFYs arrive in commit order,
   * which is seq order, so the next seq is fanned out directly; anything else (a gap, a seq
   * alone, a tail under way) reads the feed instead.
   */
  #notified(note: string): void {
    if (!this.#tailing && note.startsWith('{')) {
      try {
        const row = JSON.parse(note) as ChangeRow;
        if (Number(row.seq) === this.#tailed + 1) {
          this.#tailed = Number(row.seq);
          this.#fanOut(row);
          return;
        }
      } catch (error) {
        this.#log.warn('a change notification could not be read; reading the feed', errorFields(error));
      }
    }
    void this.tail();
  }

  /** Reads every change past the last one read and fans it out; concurrent calls coalesce. */
  tail(): Promise<void> {
    if (this.#tailing) {
      this.#again = true;
      return this.#tailing;
    }
    this.#tailing = (async () => {
      do {
        this.#again = false;
        let rows: ChangeRow[];
        try {
          rows = await this.#db.query<ChangeRow>(
            `SELECT ${COLUMNS} FROM changes WHERE seq > $1 ORDER BY seq LIMIT 1000`,
            [this.#tailed],
          );
        } catch (error) {
          // The database is away: the next tick (or LISTEN coming back) reads from the same seq.
          this.#log.warn('reading the change feed failed', errorFields(error));
          return;
        }
        for (const row of rows) {
          this.#tailed = Math.max(this.#tailed, Number(row.seq));
          this.#fanOut(row);
        }
        if (rows.length === 1000) this.#again = true;
      } while (this.#again);
    })().finally(() => {
      this.#tailing = null;
    });
    return this.#tailing;
  }

  #fanOut(row: ChangeRow): void {
    // Candidates by station and by store; the rule itself is the connection's `sees`.
    const candidates = new Set<Connection>(this.#byStation.get(row.station_id) ?? []);
    for (const c of this.#byStore.get(row.store) ?? []) candidates.add(c);
    for (const c of candidates) {
      if (!c.sees(row)) continue;
      if (c.held) c.held.push(row);
      else this.#deliver(c, row);
    }
  }

  #deliver(c: Connection, row: ChangeRow): void {
    if (c.send(row) && row.created !== undefined && this.#metrics) {
      this.#metrics.webhookToStation.observe(Math.max(0, this.#now() - Number(row.created)) / 1000);
    }
  }

  /**
   * Opens a station's stream on `res` (already authenticated). With `lastEventId`, every change
   * the station may see after it; without, the latest change of each of its open sessions, then
   * what comes from now on (never its whole history).
   */
  async open(station: Station, res: ServerResponse, lastEventId: number | null): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // A stream is its connection's last response: when it ends, the connection closes (a
      // client does not reuse it, and a closing hub does not wait for it to go idle).
      connection: 'close',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const c = new Connection(station, res, lastEventId ?? 0);
    // Every change past the feed's end read here is fanned out to `c` from now on (held until the
    // replay is done), so a replay without Last-Event-ID stops there: a session that moved on and
    // closed while the greeting and the replay ran is still told, by its held change.
    const heldFrom = this.#tailed;
    this.#add(c);
    res.on('close', () => this.#remove(c));
    try {
      for (const hello of (await this.#greeting?.(station)) ?? []) if (hello) c.write(hello);
      // Candidates by station or store (one indexed query), kept by the one rule.
      const candidates = '(station_id = $1 OR store = $2)';
      if (lastEventId !== null) {
        const rows = await this.#db.query<ChangeRow>(
          `SELECT ${COLUMNS} FROM changes WHERE seq > $3 AND ${candidates} ORDER BY seq`,
          [station.id, station.store, lastEventId],
        );
        for (const row of rows) if (c.sees(row)) c.send(row);
      } else {
        // The latest change up to `heldFrom` of each session open now; what came after is held.
        const rows = await this.#db.query<ChangeRow>(
          `WITH open AS (SELECT id FROM sessions
                          WHERE ${candidates} AND status NOT IN ('verified', 'canceled'))
           SELECT DISTINCT ON (ch.session_id) ch.seq, ch.station_id, ch.store, ch.payload, ch.created
             FROM changes ch JOIN open ON open.id = ch.session_id
            WHERE ch.seq <= $3
            ORDER BY ch.session_id, ch.seq DESC`,
          [station.id, station.store, heldFrom],
        );
        rows.sort((a, b) => Number(a.seq) - Number(b.seq));
        for (const row of rows) if (c.sees(row)) c.send(row);
        c.lastSeq = Math.max(c.lastSeq, heldFrom);
      }
    } finally {
      const held = c.held ?? [];
      c.held = null;
      for (const row of held) this.#deliver(c, row);
    }
  }

  /**
   * Writes a frame to every stream of the stations `pick` chooses, made once per station by
   * `frame` (null: nothing for it); how many streams were written to.
   */
  async sendTo(
    pick: (station: Station) => boolean,
    frame: (station: Station) => Promise<StreamFrame | null>,
  ): Promise<number> {
    let written = 0;
    for (const set of [...this.#byStation.values()]) {
      const first = set.values().next().value;
      if (!first || !pick(first.station)) continue;
      const made = await frame(first.station);
      if (!made) continue;
      for (const c of set) {
        c.write(made);
        written++;
      }
    }
    return written;
  }

  /** Ends every stream of a station (revoked, or its rights changed: it reconnects). */
  close(stationId: string): void {
    for (const c of this.#byStation.get(stationId) ?? []) c.end();
  }

  #add(c: Connection): void {
    const own = this.#byStation.get(c.station.id);
    if (own && own.size >= this.#maxPerStation) {
      // The oldest goes: a station that reconnects after a cut must not wait for its old
      // socket to be found dead, and no station holds more than its share.
      const oldest = own.values().next().value;
      if (oldest) {
        this.#remove(oldest);
        oldest.end();
        this.evicted++;
        this.#log.info('a station opened more streams than allowed; the oldest was ended', {
          station: c.station.id,
          max: this.#maxPerStation,
        });
      }
    }
    const add = (map: Map<string, Set<Connection>>, key: string) => {
      const set = map.get(key) ?? new Set<Connection>();
      set.add(c);
      map.set(key, set);
    };
    add(this.#byStation, c.station.id);
    add(this.#byStore, c.station.store);
  }

  #remove(c: Connection): void {
    for (const [map, key] of [
      [this.#byStation, c.station.id],
      [this.#byStore, c.station.store],
    ] as const) {
      const set = map.get(key);
      set?.delete(c);
      if (set?.size === 0) map.delete(key);
    }
  }

  #keepAlive(): void {
    for (const set of this.#byStation.values()) for (const c of set) c.res.write(': keep-alive\n\n');
  }

  #stopTimers(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#offListen?.();
    this.#offListen = null;
  }

  /**
   * Shutting down: each stream is told to reconnect after `retryMs` (SSE's `retry:`, which the
   * station's client and EventSource follow; behind a load balancer it lands on another
   * instance) and then ended.
   */
  drain(retryMs: number): void {
    this.#stopTimers();
    for (const set of this.#byStation.values()) {
      for (const c of set) {
        c.res.write(`retry: ${Math.max(0, Math.round(retryMs))}\n\n`);
        c.end();
      }
    }
  }

  /** Ends every stream (or cuts it, like a crash, when `abrupt`) and stops tailing. */
  stop(abrupt = false): void {
    this.#stopTimers();
    for (const set of this.#byStation.values()) {
      for (const c of set) {
        if (abrupt) c.res.destroy();
        else c.end();
      }
    }
  }
}
