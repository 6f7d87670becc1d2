/**
 * The audit trail as a file for a manager or an auditor: CSV (one row per entry, the chain's
 * hashes included so a copy can be checked) or JSON (the entries as stored).
 */
import { csvFile } from '../../../base/csv.ts';
import { AUDIT_ENTRY_COLUMNS, auditEntryRow, type AuditEntry } from '../../../contract/staff.ts';

/** The one CSV rule (base/csv.ts: quoting, formula guard, BOM, CRLF); `at` as ISO 8601. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvFile([
    AUDIT_ENTRY_COLUMNS,
    ...entries.map((e) => {
      const row = auditEntryRow(e);
      row[1] = new Date(e.at).toISOString();
      return row;
    }),
  ]);
}

export function auditJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(entries, null, 2) + '\n';
}
