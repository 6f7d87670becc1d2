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
 */
import type { ServerResponse } from 'node:http';
import { STREAM_EVENT, STREAM_KEEPALIVE_MS, type StreamMessage } from '../../contract/hub-api.ts';
import type { Db } from './db.ts';
import { CHANGES_CHANNEL } from './session-log.ts';
import type { Station } from './stations.ts';

interface ChangeRow {
  seq: number;
  station_id: string;
  store: string;
  payload: Omit<StreamMessage, 'seq'> | string;
  [k: string]: unknown;
}

const toMessage = (r: ChangeRow): StreamMessage => {
  const payload =
    typeof r.payload === 'string' ? (JSON.parse(r.payload) as Omit<StreamMessage, 'seq'>) : r.payload;
  return { seq: Number(r.seq), ...payload };
};

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

  sees(row: ChangeRow): boolean {
    return (
      row.station_id === this.station.id || (this.station.shareStore && row.store === this.station.store)
    );
  }

  send(row: ChangeRow): void {
    const seq = Number(row.seq);
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    this.res.write(`id: ${seq}\nevent: ${STREAM_EVENT}\ndata: ${JSON.stringify(toMessage(row))}\n\n`);
  }
}

export interface StreamsOptions {
  keepAliveMs?: number;
  tailEveryMs?: number;
}

export class Streams {
  readonly #db: Db;
  readonly #byStation = new Map<string, Set<Connection>>();
  readonly #byStore = new Map<string, Set<Connection>>();
  readonly #keepAliveMs: number;
  readonly #tailEveryMs: number;
  #tailed = 0;
  #tailing: Promise<void> | null = null;
  #again = false;
  #timers: NodeJS.Timeout[] = [];

  constructor(db: Db, options: StreamsOptions = {}) {
    this.#db = db;
    this.#keepAliveMs = options.keepAliveMs ?? STREAM_KEEPALIVE_MS;
    this.#tailEveryMs = options.tailEveryMs ?? 1000;
  }

  async start(): Promise<void> {
    const rows = await this.#db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM changes');
    this.#tailed = Number(rows[0]?.seq ?? 0);
    await this.#db.listen(CHANGES_CHANNEL, (note) => this.#notified(note));
    this.#timers.push(setInterval(() => void this.tail(), this.#tailEveryMs).unref());
    this.#timers.push(setInterval(() => this.#keepAlive(), this.#keepAliveMs).unref());
  }

  get connected(): number {
    let n = 0;
    for (const set of this.#byStation.values()) n += set.size;
    return n;
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
      } catch {
        // fall through to reading the feed
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
        const rows = await this.#db
          .query<ChangeRow>(
            'SELECT seq, station_id, store, payload FROM changes WHERE seq > $1 ORDER BY seq LIMIT 1000',
            [this.#tailed],
          )
          .catch(() => [] as ChangeRow[]);
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
    const targets = new Set<Connection>(this.#byStation.get(row.station_id) ?? []);
    for (const c of this.#byStore.get(row.store) ?? []) if (c.station.shareStore) targets.add(c);
    for (const c of targets) {
      if (c.held) c.held.push(row);
      else c.send(row);
    }
  }

  /** Opens a station's stream on `res` (already authenticated), replaying after `lastEventId`. */
  async open(station: Station, res: ServerResponse, lastEventId: number): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const c = new Connection(station, res, lastEventId);
    this.#add(c);
    res.on('close', () => this.#remove(c));
    try {
      const rows = await this.#db.query<ChangeRow>(
        station.shareStore
          ? 'SELECT seq, station_id, store, payload FROM changes WHERE seq > $1 AND (station_id = $2 OR store = $3) ORDER BY seq'
          : 'SELECT seq, station_id, store, payload FROM changes WHERE seq > $1 AND station_id = $2 ORDER BY seq',
        station.shareStore ? [lastEventId, station.id, station.store] : [lastEventId, station.id],
      );
      for (const row of rows) c.send(row);
    } finally {
      const held = c.held ?? [];
      c.held = null;
      for (const row of held) c.send(row);
    }
  }

  /** Ends every stream of a station (revoked). */
  close(stationId: string): void {
    for (const c of this.#byStation.get(stationId) ?? []) c.res.end();
  }

  #add(c: Connection): void {
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

  /** Ends every stream (or cuts it, like a crash, when `abrupt`) and stops tailing. */
  stop(abrupt = false): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    for (const set of this.#byStation.values()) {
      for (const c of set) {
        if (abrupt) c.res.destroy();
        else c.res.end();
      }
    }
  }
}
