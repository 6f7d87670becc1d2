/**
 * CSV for the history export: RFC 4180 quoting, CRLF line ends, and a guard against formula
 * injection (a reference typed as `=HYPERLINK(...)` must not run when the file is opened in a
 * spreadsheet), following OWASP's advice: a cell starting with = + - @ tab or CR gets a
 * leading single quote.
 */
import type { SessionRecord } from './record-schema.ts';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return cells.map(csvCell).join(',');
}

const HISTORY_CSV_COLUMNS = [
  'created',
  'updated',
  'reference',
  'client_reference_id',
  'session_id',
  'type',
  'status',
  'last_error_code',
  'attempts',
  'station',
  'staff',
  'redacted',
  'redacted_at',
] as const;

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function recordCsvCells(r: SessionRecord): Array<string | number | boolean | null> {
  return [
    iso(r.created),
    iso(r.updated),
    r.reference,
    r.clientReferenceId,
    r.sessionId,
    r.type,
    r.status,
    r.lastErrorCode,
    r.attempts,
    r.station,
    r.staff,
    r.redacted,
    iso(r.redactedAt),
  ];
}

/** The whole export: a header line, then one line per record, each ending in CRLF. */
export function recordsToCsv(records: Iterable<SessionRecord>): string {
  const lines = [csvLine(HISTORY_CSV_COLUMNS)];
  for (const r of records) lines.push(csvLine(recordCsvCells(r)));
  return lines.join('\r\n') + '\r\n';
}
