/** The fleet API's answer for the stations' audit trails (audit-search.ts), shared with the fleet page. */
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
