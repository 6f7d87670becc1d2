/**
 * The one CSV rule every export follows (the station's history, the hub's session lists): RFC 4180
 * quoting, CRLF line ends, UTF-8 with a byte-order mark (so spreadsheet programs read Japanese and
 * other non-Latin text right), and a guard against formula injection (a reference typed as
 * `=HYPERLINK(...)` must not run when the file is opened), following OWASP's advice: a cell
 * starting with = + - @ tab or CR gets a leading single quote.
 */

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** The byte-order mark a file starts with. */
export const CSV_BOM = '\uFEFF';
/** What ends every line, the last one included. */
export const CSV_EOL = '\r\n';

/** A whole file: the BOM, then each line (the header first), each ending in CRLF. */
export function csvFile(lines: Iterable<readonly CsvValue[]>): string {
  let out = CSV_BOM;
  for (const line of lines) out += csvLine(line) + CSV_EOL;
  return out;
}
