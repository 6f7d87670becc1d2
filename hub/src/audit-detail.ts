/**
 * One entry of a station's audit trail on the fleet page (`GET /fleet/api/audit/:station/:seq`):
 * every field, and the hub's own check of the chain around it. The hub recomputes the entry's
 * hash exactly as the station does (the text from contract/staff.ts, SHA-256) and looks at the
 * entries before and after it that it holds.
 *
 * A link between an entry and the next is sound when the next one's `prev` is the entry's hash
 * and that hash is the entry's own (its fields give it). So an entry edited in the database
 * fails its own check and breaks both its links; one removed leaves its neighbours' links
 * unknown, as one not uploaded yet or removed by the hub's retention does.
 */
import { auditHashText } from '../../contract/staff.ts';
import { fleetAuditEntry } from './audit-search.ts';
import type { Db } from './db.ts';
import type { AuditLinkState, FleetAuditDetail } from './fleet-audit-api.ts';
import { sha256 } from './secrets.ts';

export type { FleetAuditDetail } from './fleet-audit-api.ts';

type Held = FleetAuditDetail['entry'];

/** Whether an entry's hash is the one its fields give. */
const hashRight = (e: Held): boolean => sha256(auditHashText(e)) === e.hash;

/** The link from `earlier` to `later` (seq one apart), or unknown when the hub lacks one of them. */
const link = (earlier: Held | undefined, later: Held | undefined): AuditLinkState => {
  if (!earlier || !later) return 'unknown';
  return later.prev === earlier.hash && hashRight(earlier) ? 'linked' : 'not_linked';
};

export async function auditDetail(db: Db, stationId: string, seq: number): Promise<FleetAuditDetail | null> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT a.*, s.name AS station_name, s.store AS store
       FROM audit_entries a JOIN stations s ON s.id = a.station_id
      WHERE a.station_id = $1 AND a.seq BETWEEN $2 AND $3`,
    [stationId, seq - 1, seq + 1],
  );
  const held = new Map(
    rows.map((r): [number, Held] => {
      const e = fleetAuditEntry(r);
      return [
        e.seq,
        {
          ...e,
          station: String(r.station),
          prev: String(r.prev),
          hash: String(r.hash),
          receivedAt: Number(r.received_at),
        },
      ];
    }),
  );
  const entry = held.get(seq);
  if (!entry) return null;
  return {
    entry,
    chain: {
      hashRight: hashRight(entry),
      before: link(held.get(seq - 1), entry),
      after: link(entry, held.get(seq + 1)),
    },
  };
}
