/**
 * The stations' audit trails at the hub: each station uploads its hash-chained entries in
 * batches (`POST /hub/v1/audit`), kept one row per (station, seq), so a batch sent again after a
 * lost answer is harmless: each entry is held exactly once. The answer is how far the hub holds
 * the trail without a gap from the batch's first entry; the station sends what comes after.
 */
import type { AuditEntry } from '../../contract/staff.ts';
import type { Db } from './db.ts';

export class AuditEntries {
  readonly #db: Db;
  readonly #now: () => number;

  constructor(db: Db, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Keeps a batch (seq increasing); returns the highest seq held without a gap from the batch's
   * first one.
   */
  async record(stationId: string, entries: readonly AuditEntry[]): Promise<number> {
    const first = entries[0];
    if (!first) return 0;
    const received = this.#now();
    await this.#db.transaction(async (tx) => {
      for (const e of entries) {
        await tx.query(
          `INSERT INTO audit_entries (station_id, seq, at, station, actor_id, actor_name, actor_role,
             action, outcome, session_id, reference, reason, note, detail, prev, hash, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
           ON CONFLICT (station_id, seq) DO NOTHING`,
          [
            stationId,
            e.seq,
            e.at,
            e.station,
            e.actor?.id ?? null,
            e.actor?.name ?? null,
            e.actor?.role ?? null,
            e.action,
            e.outcome,
            e.sessionId,
            e.reference,
            e.reason,
            e.note,
            e.detail,
            e.prev,
            e.hash,
            received,
          ],
        );
      }
    });
    // The first held seq from `first` whose next one is not held ends the run.
    const rows = await this.#db.query<{ end: unknown }>(
      `SELECT min(a.seq) AS end FROM audit_entries a
        WHERE a.station_id = $1 AND a.seq >= $2
          AND NOT EXISTS (SELECT 1 FROM audit_entries b WHERE b.station_id = $1 AND b.seq = a.seq + 1)`,
      [stationId, first.seq],
    );
    return Number(rows[0]?.end ?? 0);
  }
}
