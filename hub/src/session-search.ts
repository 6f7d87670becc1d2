/**
 * One store's sessions for the fleet page, and its checks by staff without biometrics as rows of
 * their own outcome: a search (session id or the station's reference, from
 * their start), filters (outcome, last error code, station, UTC days), pages of
 * SESSION_LIST_PAGE newest first (keyset: `before` is the last row's `<created>:<id>`), and the
 * same rows as CSV (base/csv.ts, the one CSV rule; column names in the admin's language).
 */
import { csvFile, type CsvValue } from '../../base/csv.ts';
import { isLastErrorCode } from '../../contract/last-error-codes.ts';
import type { Language } from '../fleet/src/messages.ts';
import { PICTURE_MESSAGES } from '../fleet/src/messages-picture.ts';
import type { Db } from './db.ts';
import { dayStart, outcomeSql } from './dashboard.ts';
import {
  CHECKED_BY_STAFF,
  CSV_EXPORT_MAX,
  LIST_OUTCOMES,
  SESSION_LIST_PAGE,
  type ListOutcome,
  type SessionList,
  type SessionListRow,
} from './dashboard-types.ts';
import { FIELD_MAX } from './fleet-overview.ts';

export interface SessionFilter {
  store: string;
  q: string | null;
  outcome: ListOutcome | null;
  code: string | null;
  stationId: string | null;
  fromMs: number | null;
  /** Exclusive. */
  toMs: number | null;
}

/** Reads the filter from a query; a string naming what is wrong when it is not valid. */
export function parseFilter(store: string, query: Record<string, unknown>): SessionFilter | string {
  const text = (name: string): string | null => {
    const v = query[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  if (!store || store.length > FIELD_MAX) return 'store';
  const q = text('q');
  if (q !== null && q.length > 200) return 'q';
  const outcome = text('outcome');
  if (outcome !== null && !(LIST_OUTCOMES as readonly string[]).includes(outcome)) return 'outcome';
  const code = text('code');
  if (code !== null && !isLastErrorCode(code)) return 'code';
  const stationId = text('station');
  if (stationId !== null && stationId.length > FIELD_MAX) return 'station';
  const from = text('from');
  const to = text('to');
  const fromMs = from === null ? null : dayStart(from);
  const toStart = to === null ? null : dayStart(to);
  if ((from !== null && fromMs === null) || (to !== null && toStart === null)) return 'from/to';
  return {
    store,
    q,
    outcome: outcome as ListOutcome | null,
    code,
    stationId,
    fromMs,
    toMs: toStart === null ? null : toStart + 86_400_000,
  };
}

/** The WHERE clause and its parameters (numbered from 1). */
function where(f: SessionFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.store];
  const parts = ['s.store = $1'];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    parts.push(sql(`$${params.length}`));
  };
  if (f.q !== null) {
    // A prefix, matched literally: LIKE's own wildcards in the search are escaped.
    const prefix = `${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add((n) => `(s.id LIKE ${n} OR s.client_reference_id LIKE ${n})`, prefix);
  }
  if (f.outcome !== null) add((n) => `s.outcome = ${n}`, f.outcome);
  if (f.code !== null) add((n) => `s.last_error_code = ${n}`, f.code);
  if (f.stationId !== null) add((n) => `s.station_id = ${n}`, f.stationId);
  if (f.fromMs !== null) add((n) => `s.created >= ${n}`, f.fromMs);
  if (f.toMs !== null) add((n) => `s.created < ${n}`, f.toMs);
  return { sql: parts.join(' AND '), params };
}

/**
 * A store's list: its sessions and, as rows of their own, its checks by staff (manual_checks:
 * outcome and status CHECKED_BY_STAFF, never a Stripe status, keyed `mc_<station>_<seq>`). One
 * UNION ALL, so the filters, the count, the pages and the CSV see both alike; PostgreSQL pushes
 * the WHERE into each branch (the store and time on each table's own index).
 */
const ROWS = `(SELECT id, store, station_id, status, last_error_code, client_reference_id, created, updated,
         ${outcomeSql()} AS outcome, NULL::text AS check_outcome, NULL::text AS checked_by
    FROM sessions
  UNION ALL
  SELECT 'mc_' || station_id || '_' || seq, store, station_id, '${CHECKED_BY_STAFF}', NULL, reference, at, at,
         '${CHECKED_BY_STAFF}', outcome, staff_name
    FROM manual_checks)`;

const SELECT = `SELECT s.id, s.status, s.last_error_code, s.client_reference_id, s.created, s.updated,
       st.name AS station, s.outcome, s.check_outcome, s.checked_by
  FROM ${ROWS} s LEFT JOIN stations st ON st.id = s.station_id`;

const toRow = (r: Record<string, unknown>): SessionListRow => ({
  id: String(r.id),
  station: r.station === null ? null : String(r.station),
  status: String(r.status),
  outcome: String(r.outcome) as ListOutcome,
  lastErrorCode: r.last_error_code === null ? null : String(r.last_error_code),
  clientReferenceId: r.client_reference_id === null ? null : String(r.client_reference_id),
  created: Number(r.created),
  updated: Number(r.updated),
  checkAccepted: r.check_outcome === null ? null : r.check_outcome === 'accepted',
  checkedBy: r.checked_by === null ? null : String(r.checked_by),
});

/** `<created>:<id>` of the last row shown; null when not that shape. */
export function parseBefore(before: unknown): { created: number; id: string } | null {
  const m = typeof before === 'string' ? /^(\d{1,15}):((?:vs|mc)_[A-Za-z0-9_]{1,200})$/.exec(before) : null;
  return m ? { created: Number(m[1]), id: String(m[2]) } : null;
}

export async function sessionList(
  db: Db,
  f: SessionFilter,
  before: { created: number; id: string } | null,
): Promise<SessionList> {
  const w = where(f);
  const [total] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${ROWS} s WHERE ${w.sql}`,
    w.params,
  );
  const params = [...w.params];
  let page = w.sql;
  if (before) {
    params.push(before.created, before.id);
    const c = `$${params.length - 1}`;
    const i = `$${params.length}`;
    page += ` AND (s.created < ${c} OR (s.created = ${c} AND s.id < ${i}))`;
  }
  const rows = await db.query(
    `${SELECT} WHERE ${page} ORDER BY s.created DESC, s.id DESC LIMIT ${SESSION_LIST_PAGE + 1}`,
    params,
  );
  const sessions = rows.slice(0, SESSION_LIST_PAGE).map(toRow);
  const last = sessions.at(-1);
  return {
    sessions,
    total: Number(total?.n ?? 0),
    next: rows.length > SESSION_LIST_PAGE && last ? `${last.created}:${last.id}` : null,
  };
}

/** Every matching row (at most CSV_EXPORT_MAX, newest first) as a CSV file; times in UTC (ISO 8601). */
export async function sessionsCsv(db: Db, f: SessionFilter, language: Language): Promise<string> {
  const w = where(f);
  const rows = (
    await db.query(
      `${SELECT} WHERE ${w.sql} ORDER BY s.created DESC, s.id DESC LIMIT ${CSV_EXPORT_MAX}`,
      w.params,
    )
  ).map(toRow);
  const { csv: c, list } = PICTURE_MESSAGES[language];
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines: CsvValue[][] = [
    [
      c.created,
      c.updated,
      c.session,
      c.station,
      c.status,
      c.outcome,
      c.lastError,
      c.reference,
      c.checkAccepted,
      c.checkedBy,
    ],
  ];
  for (const r of rows) {
    lines.push([
      iso(r.created),
      iso(r.updated),
      // A check by staff has no Stripe session: its row's key is the hub's own.
      r.outcome === CHECKED_BY_STAFF ? null : r.id,
      r.station,
      r.status,
      r.outcome,
      r.lastErrorCode,
      r.clientReferenceId,
      r.checkAccepted === null ? null : list.checkAccepted(r.checkAccepted),
      r.checkedBy,
    ]);
  }
  return csvFile(lines);
}
