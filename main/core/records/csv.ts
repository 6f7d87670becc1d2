/**
 * CSV for the history export, made for a shop's spreadsheet: the one CSV rule (base/csv.ts:
 * UTF-8 with a byte-order mark, RFC 4180 quoting, CRLF line ends, the formula-injection guard),
 * column names a person reads, times in the station's local time with their UTC offset.
 */
import { csvCell, csvFile, type CsvValue } from '../../../base/csv.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../contract/languages.ts';
import { CSV_COLUMNS, csvHeader, type CsvColumn } from './csv-columns.ts';
import type { SessionRecord } from './record-schema.ts';

export { csvCell };

/** Minutes east of UTC at that moment (the station's zone, daylight saving included). */
export type UtcOffsetAt = (ms: number) => number;
const localOffset: UtcOffsetAt = (ms) => -new Date(ms).getTimezoneOffset();

/** `2026-12-01T14:30:05+09:00`: the station's wall-clock time, with the offset that places it. */
export function localIsoTime(ms: number, offsetAt: UtcOffsetAt = localOffset): string {
  const offset = offsetAt(ms);
  const shifted = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${shifted}${sign}${hh}:${mm}`;
}

type Cell = CsvValue;

/** One line's cells, in the columns' order (the Record type makes every column say what it holds). */
function recordCsvCells(r: SessionRecord, iso: (ms: number | null) => string | null): Cell[] {
  const cells: Record<CsvColumn, Cell> = {
    created: iso(r.created),
    updated: iso(r.updated),
    reference: r.reference,
    clientReferenceId: r.clientReferenceId,
    sessionId: r.sessionId,
    type: r.type,
    status: r.status,
    lastErrorCode: r.lastErrorCode,
    attempts: r.attempts,
    station: r.station,
    staff: r.staff,
    redacted: r.redacted,
    redactedAt: iso(r.redactedAt),
    manualDocument: r.manualCheck?.documentType,
    manualLastDigits: r.manualCheck?.lastDigits,
    manualOutcome: r.manualCheck?.outcome,
    manualReason: r.manualCheck?.reason,
  };
  return CSV_COLUMNS.map((column) => cells[column]);
}

/**
 * The whole export: the BOM, a header line with the column names in the station's language,
 * then one line per record, each ending in CRLF.
 */
export function recordsToCsv(
  records: Iterable<SessionRecord>,
  offsetAt: UtcOffsetAt = localOffset,
  language: Language = DEFAULT_LANGUAGE,
): string {
  const iso = (ms: number | null) => (ms === null ? null : localIsoTime(ms, offsetAt));
  const lines: Cell[][] = [csvHeader(language)];
  for (const r of records) lines.push(recordCsvCells(r, iso));
  return csvFile(lines);
}
