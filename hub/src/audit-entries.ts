/**
 * The stations' audit trails at the hub: each station uploads its hash-chained entries in
 * batches (`POST /hub/v1/audit`), kept one row per (station, seq), so a batch sent again after a
 * lost answer is harmless: each entry is held exactly once. The answer is how far the hub holds
 * the trail without a gap from the batch's first entry; the station sends what comes after.
 *
 * A check by staff without biometrics (`sessions.manualCheck`, done: outcome `ok`) never reaches
 * Stripe: its audit entry is all the hub learns of it. In the same transaction, an entry newly
 * held whose detail reads as a check (contract/manual-check.ts) is also kept as a row of
 * `manual_checks`, in the station's store, for the dashboard and the session lists.
 */
import { parseManualCheckDetail } from '../../contract/manual-check.ts';
import { AUDIT_ENTRY_COLUMNS, auditEntryRow, type AuditEntry } from '../../contract/staff.ts';
import type { Db } from './db.ts';
import { FLEET_CHANNEL } from './fleet-channel.ts';

/** The table's columns are the entry's flat row (contract/staff.ts), between the station and the time received. */
const COLUMNS = ['station_id', ...AUDIT_ENTRY_COLUMNS, 'received_at'];
const INSERT = `INSERT INTO audit_entries (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map((_c, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (station_id, seq) DO NOTHING RETURNING seq`;
/** Tells the fleet pages their counts and lists changed (fleet-stream.ts), at the commit. */
const INSERT_CHECK = `WITH added AS (
    INSERT INTO manual_checks
      (station_id, seq, store, at, reference, document_type, outcome, reason, staff_name, staff_role)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (station_id, seq) DO NOTHING RETURNING seq)
  SELECT pg_notify('${FLEET_CHANNEL}', 'sessions') FROM added`;

/** The station an upload comes from: its id keys the trail, its store is where a check happened. */
export interface AuditStation {
  id: string;
  store: string;
}

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
  async record(station: AuditStation, entries: readonly AuditEntry[]): Promise<number> {
    const first = entries[0];
    if (!first) return 0;
    const received = this.#now();
    await this.#db.transaction(async (tx) => {
      for (const e of entries) {
        const added = await tx.query(INSERT, [station.id, ...auditEntryRow(e), received]);
        const check =
          added.length === 1 && e.action === 'sessions.manualCheck' && e.outcome === 'ok'
            ? parseManualCheckDetail(e.detail)
            : null;
        if (check) {
          await tx.query(INSERT_CHECK, [
            station.id,
            e.seq,
            station.store,
            e.at,
            e.reference,
            check.documentType,
            check.outcome,
            check.reason,
            e.actor?.name ?? null,
            e.actor?.role ?? null,
          ]);
        }
      }
    });
    // The first held seq from `first` whose next one is not held ends the run.
    const rows = await this.#db.query<{ end: unknown }>(
      `SELECT min(a.seq) AS end FROM audit_entries a
        WHERE a.station_id = $1 AND a.seq >= $2
          AND NOT EXISTS (SELECT 1 FROM audit_entries b WHERE b.station_id = $1 AND b.seq = a.seq + 1)`,
      [station.id, first.seq],
    );
    return Number(rows[0]?.end ?? 0);
  }
}
