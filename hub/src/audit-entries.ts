/**
 * The stations' audit trails at the hub: each station uploads its hash-chained entries in
 * batches (`POST /hub/v1/audit`), kept one row per (station, seq), so a batch sent again after a
 * lost answer is harmless: each entry is held exactly once. The answer is how far the hub holds
 * the trail without a gap from the batch's first entry; the station sends what comes after.
 */
import { AUDIT_ENTRY_COLUMNS, auditEntryRow, type AuditEntry } from '../../contract/staff.ts';
import type { Db } from './db.ts';

/** The table's columns are the entry's flat row (contract/staff.ts), between the station and the time received. */
const COLUMNS = ['station_id', ...AUDIT_ENTRY_COLUMNS, 'received_at'];
const INSERT = `INSERT INTO audit_entries (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map((_c, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (station_id, seq) DO NOTHING`;

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
        await tx.query(INSERT, [stationId, ...auditEntryRow(e), received]);
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
