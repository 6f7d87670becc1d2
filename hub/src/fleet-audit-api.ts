/** The fleet API's answers for the stations' audit trails (audit-search.ts, audit-detail.ts), shared with the fleet page. */
import type { AuditEntry } from '../../contract/staff.ts';

export interface FleetAuditEntry extends Omit<AuditEntry, 'prev' | 'hash' | 'station'> {
  stationId: string;
  stationName: string;
  store: string;
}

export interface FleetAuditList {
  entries: FleetAuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The hub's word on one link of a station's chain, between an entry and the one before it:
 * `linked` (the later entry's `prev` is the earlier one's hash, and that hash is the earlier
 * entry's own), `not_linked` (it is not: an entry was changed or removed), `unknown` (the hub does
 * not hold the other entry: not uploaded yet, removed by retention, or there is none).
 */
export const AUDIT_LINK_STATES = ['linked', 'not_linked', 'unknown'] as const;
export type AuditLinkState = (typeof AUDIT_LINK_STATES)[number];

/** `GET /fleet/api/audit/:station/:seq`: every field of one entry and the hub's check of its chain. */
export interface FleetAuditDetail {
  entry: FleetAuditEntry & {
    /** The station's name as the entry has it (when it was written). */
    station: string;
    prev: string;
    hash: string;
    /** When the hub received it. */
    receivedAt: number;
  };
  chain: {
    /** Whether the entry's `hash` is the hash of its fields, recomputed as the station does. */
    hashRight: boolean;
    /** The link to the entry before (seq − 1). */
    before: AuditLinkState;
    /** The link from the entry after (seq + 1) back to this one. */
    after: AuditLinkState;
  };
}
