/**
 * Kiosk customers' calls for help: a station reports each call once it is made (and again until
 * the hub answers), the fleet page shows the open ones on the station's row, and an admin
 * acknowledges them. One call per (station, the station's own id), so a resend changes nothing;
 * a station only ever writes its own calls (the id is scoped by the authenticated station).
 */
import type { HelpCall } from '../../contract/hub-api.ts';
import type { Db } from './db.ts';

/** The most open calls the overview lists for the whole fleet (oldest first). */
export const OPEN_CALLS_MAX = 1000;

export interface OpenHelpCall {
  id: string;
  at: number;
}

export class HelpCalls {
  readonly #db: Db;
  readonly #now: () => number;

  constructor(db: Db, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** Records a call; `replayed` when this station already reported this id. */
  async record(stationId: string, call: HelpCall): Promise<{ replayed: boolean }> {
    const rows = await this.#db.query(
      `INSERT INTO help_calls (station_id, id, at, session_id, received) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (station_id, id) DO NOTHING RETURNING id`,
      [stationId, call.id, call.at, call.sessionId ?? null, this.#now()],
    );
    return { replayed: rows.length === 0 };
  }

  /** Each station's open calls, oldest first. */
  async open(): Promise<Map<string, OpenHelpCall[]>> {
    const rows = await this.#db.query<{ station_id: string; id: string; at: unknown }>(
      `SELECT station_id, id, at FROM help_calls WHERE acknowledged_at IS NULL ORDER BY at, id LIMIT ${OPEN_CALLS_MAX}`,
    );
    const byStation = new Map<string, OpenHelpCall[]>();
    for (const r of rows) {
      const calls = byStation.get(r.station_id) ?? [];
      calls.push({ id: String(r.id), at: Number(r.at) });
      byStation.set(r.station_id, calls);
    }
    return byStation;
  }

  /**
   * Acknowledges these open calls of one station (the ones the admin saw: a call that arrived
   * since stays open). Returns how many were open.
   */
  async acknowledge(stationId: string, ids: readonly string[]): Promise<number> {
    const rows = await this.#db.query(
      `UPDATE help_calls SET acknowledged_at = $3
        WHERE station_id = $1 AND id = ANY($2) AND acknowledged_at IS NULL RETURNING id`,
      [stationId, [...ids], this.#now()],
    );
    return rows.length;
  }
}
