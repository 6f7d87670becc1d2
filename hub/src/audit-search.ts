/**
 * The fleet page's view of the stations' audit trails (`GET /fleet/api/audit`): newest first,
 * pages of 50, searched by store (exact), person (part of the name, or the staff id) and action
 * (from its start: `sessions.` finds every sessions action). Admin only (the route checks).
 */
import type { AuditEntry } from '../../contract/staff.ts';
import type { Db } from './db.ts';
import type { FleetAuditEntry, FleetAuditList } from './fleet-audit-api.ts';

export type { FleetAuditEntry, FleetAuditList } from './fleet-audit-api.ts';

export const AUDIT_PAGE = 50;
/** The last page one may ask for (deeper: narrow the search). */
export const AUDIT_PAGE_MAX = 200;
const FIELD_MAX = 200;

export interface AuditFilter {
  store: string | null;
  person: string | null;
  action: string | null;
  page: number;
}

const text = (value: unknown): string | null | undefined => {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string' || value.length > FIELD_MAX) return undefined;
  return value.trim() || null;
};

/** The filter from a query, or a sentence naming what is wrong. */
export function parseAuditFilter(q: Record<string, unknown>): AuditFilter | string {
  const store = text(q.store);
  const person = text(q.person);
  const action = text(q.action);
  if (store === undefined) return 'store';
  if (person === undefined) return 'person';
  if (action === undefined) return 'action';
  const pageText = q.page === undefined || q.page === '' ? '1' : q.page;
  if (typeof pageText !== 'string' || !/^\d{1,4}$/.test(pageText)) return 'page';
  const page = Number(pageText);
  if (page < 1 || page > AUDIT_PAGE_MAX) return 'page';
  return { store, person, action, page };
}

const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function auditList(db: Db, f: AuditFilter): Promise<FleetAuditList> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.store !== null) add((n) => `s.store = ${n}`, f.store);
  if (f.person !== null) {
    add((n) => `(a.actor_name ILIKE ${n} OR a.actor_id = $${params.length + 1})`, `%${like(f.person)}%`);
    params.push(f.person);
  }
  if (f.action !== null) add((n) => `a.action LIKE ${n}`, `${like(f.action)}%`);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from = `FROM audit_entries a JOIN stations s ON s.id = a.station_id ${whereSql}`;
  const [count] = await db.query<{ n: unknown }>(`SELECT count(*) AS n ${from}`, params);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT a.*, s.name AS station_name, s.store AS store ${from}
      ORDER BY a.at DESC, a.station_id, a.seq DESC
      LIMIT ${AUDIT_PAGE} OFFSET ${(f.page - 1) * AUDIT_PAGE}`,
    params,
  );
  return {
    total: Number(count?.n ?? 0),
    page: f.page,
    pageSize: AUDIT_PAGE,
    entries: rows.map(fleetAuditEntry),
  };
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** An `audit_entries` row joined with its station (`station_name`, `store`) as the fleet API shows it. */
export function fleetAuditEntry(r: Record<string, unknown>): FleetAuditEntry {
  return {
    stationId: String(r.station_id),
    stationName: String(r.station_name),
    store: String(r.store),
    seq: Number(r.seq),
    at: Number(r.at),
    actor:
      r.actor_id === null
        ? null
        : {
            id: String(r.actor_id),
            name: String(r.actor_name),
            role: String(r.actor_role) as NonNullable<AuditEntry['actor']>['role'],
          },
    action: String(r.action),
    outcome: String(r.outcome) as AuditEntry['outcome'],
    sessionId: str(r.session_id),
    reference: str(r.reference),
    reason: str(r.reason) as AuditEntry['reason'],
    note: str(r.note),
    detail: str(r.detail),
  };
}
