/**
 * The audit trail as a file for a manager or an auditor: CSV (one row per entry, the chain's
 * hashes included so a copy can be checked) or JSON (the entries as stored).
 */
import type { AuditEntry } from '../../../contract/staff.ts';

const COLUMNS = [
  'seq',
  'at',
  'station',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'outcome',
  'session_id',
  'reference',
  'reason',
  'note',
  'detail',
  'prev',
  'hash',
] as const;

/** One CSV field: quoted when needed, and a leading =, +, - or @ neutralised for spreadsheets. */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.seq,
      new Date(e.at).toISOString(),
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
    ]
      .map(field)
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function auditJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(entries, null, 2) + '\n';
}
