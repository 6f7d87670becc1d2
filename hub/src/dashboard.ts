/**
 * The fleet's picture: per store and per day (UTC), verifications started, verified, failed by
 * reason, abandoned, canceled, still open, and the median time to a result — counted by
 * PostgreSQL's own aggregates over the sessions table (one statement for the counts, one for the
 * reasons, each with GROUPING SETS for the store's days, the store's range and the fleet), on the
 * `sessions_created` index (migration 4). A session is counted on the day it was created. Checks
 * by staff without biometrics (`manual_checks`, never sessions) are counted apart, accepted and
 * not, on the day they were done: never in `started` nor `verified`.
 *
 * How a session ended up (its outcome) is said once, here, in SQL (`outcomeSql`): the session
 * lists filter with it too.
 */
import { ABANDONED_CODES } from '../../contract/session-status.ts';
import type { Db } from './db.ts';
import { DASHBOARD_MAX_DAYS, emptyCounts, type Dashboard, type OutcomeCounts } from './dashboard-types.ts';

const DAY_MS = 86_400_000;

/** The contract's abandoned codes as an SQL list (constants: letters and underscores only). */
const ABANDONED_SQL = [...ABANDONED_CODES]
  .map((code) => {
    if (!/^[a-z_]+$/.test(code)) throw new Error(`not a code: ${code}`);
    return `'${code}'`;
  })
  .join(', ');

/**
 * A session's outcome (dashboard-types.ts OUTCOMES), from the columns of `sessions` (`t`: the
 * table's alias with its dot, if any).
 */
export const outcomeSql = (t = ''): string => `CASE
    WHEN ${t}status = 'verified' THEN 'verified'
    WHEN ${t}status = 'canceled' THEN 'canceled'
    WHEN ${t}status = 'requires_input' AND ${t}last_error_code IN (${ABANDONED_SQL}) THEN 'abandoned'
    WHEN ${t}status = 'requires_input' AND ${t}last_error_code IS NOT NULL THEN 'failed'
    ELSE 'open' END`;

/** `YYYY-MM-DD` → the UTC midnight it starts at; null for anything else. */
export function dayStart(day: unknown): number | null {
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(day) ? ms : null;
}

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface DashboardRange {
  fromMs: number;
  /** Exclusive: the midnight after the last day. */
  toMs: number;
}

/** A range of whole UTC days, both ends included; null when not valid or too long. */
export function dashboardRange(from: unknown, to: unknown): DashboardRange | null {
  const a = dayStart(from);
  const b = dayStart(to);
  if (a === null || b === null || b < a) return null;
  if ((b - a) / DAY_MS + 1 > DASHBOARD_MAX_DAYS) return null;
  return { fromMs: a, toMs: b + DAY_MS };
}

type CountRow = {
  store: string | null;
  day: number | null;
  g_store: number;
  g_day: number;
  started: number;
  verified: number;
  failed: number;
  abandoned: number;
  canceled: number;
  open: number;
  median: number | null;
};

export async function dashboard(db: Db, range: DashboardRange, store: string | null): Promise<Dashboard> {
  const params = [range.fromMs, range.toMs, store];
  const scope = `SELECT store, floor(created / ${DAY_MS})::bigint AS day, created, updated, last_error_code,
                        ${outcomeSql()} AS outcome
                   FROM sessions
                  WHERE created >= $1 AND created < $2 AND ($3::text IS NULL OR store = $3)`;
  const counts = await db.query<CountRow>(
    `SELECT store, day, grouping(store)::int AS g_store, grouping(day)::int AS g_day,
            count(*)::int AS started,
            count(*) FILTER (WHERE outcome = 'verified')::int AS verified,
            count(*) FILTER (WHERE outcome = 'failed')::int AS failed,
            count(*) FILTER (WHERE outcome = 'abandoned')::int AS abandoned,
            count(*) FILTER (WHERE outcome = 'canceled')::int AS canceled,
            count(*) FILTER (WHERE outcome = 'open')::int AS open,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY updated - created)
              FILTER (WHERE outcome IN ('verified', 'failed')) AS median
       FROM (${scope}) s
      GROUP BY GROUPING SETS ((store, day), (store), ())`,
    params,
  );
  const reasons = await db.query<{
    store: string | null;
    day: number | null;
    g_store: number;
    g_day: number;
    code: string;
    n: number;
  }>(
    `SELECT store, day, grouping(store)::int AS g_store, grouping(day)::int AS g_day,
            last_error_code AS code, count(*)::int AS n
       FROM (${scope}) s
      WHERE outcome IN ('failed', 'abandoned')
      GROUP BY GROUPING SETS ((store, day, last_error_code), (store, last_error_code), (last_error_code))`,
    params,
  );
  // Checks by staff (manual_checks, migration 8) on the day they were done, on their own index.
  const checks = await db.query<{
    store: string | null;
    day: number | null;
    g_store: number;
    g_day: number;
    accepted: number;
    not_accepted: number;
  }>(
    `SELECT store, day, grouping(store)::int AS g_store, grouping(day)::int AS g_day,
            count(*) FILTER (WHERE outcome = 'accepted')::int AS accepted,
            count(*) FILTER (WHERE outcome = 'not_accepted')::int AS not_accepted
       FROM (SELECT store, floor(at / ${DAY_MS})::bigint AS day, outcome
               FROM manual_checks
              WHERE at >= $1 AND at < $2 AND ($3::text IS NULL OR store = $3)) m
      GROUP BY GROUPING SETS ((store, day), (store), ())`,
    params,
  );
  const storeRows = await db.query<{ store: string }>(
    `SELECT store FROM stations UNION SELECT DISTINCT store FROM sessions
      UNION SELECT DISTINCT store FROM manual_checks ORDER BY store`,
  );

  const key = (r: { store: string | null; day: number | null; g_store: number; g_day: number }) =>
    r.g_store === 1 ? 'fleet' : r.g_day === 1 ? `s:${r.store}` : `d:${r.store}:${r.day}`;
  const groups = new Map<string, OutcomeCounts>();
  const group = (k: string) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = emptyCounts()));
    return g;
  };
  const stores = new Map<string, Set<number>>();
  const dayOfStore = (r: { store: string | null; day: number | null; g_store: number; g_day: number }) => {
    if (r.g_store !== 0 || r.g_day !== 0 || r.store === null) return;
    const days = stores.get(r.store) ?? new Set<number>();
    days.add(Number(r.day));
    stores.set(r.store, days);
  };
  for (const r of counts) {
    const g = group(key(r));
    g.started = Number(r.started);
    g.verified = Number(r.verified);
    g.failed = Number(r.failed);
    g.abandoned = Number(r.abandoned);
    g.canceled = Number(r.canceled);
    g.open = Number(r.open);
    g.medianMs = r.median === null ? null : Math.round(Number(r.median));
    dayOfStore(r);
  }
  for (const r of reasons) group(key(r)).reasons[r.code] = Number(r.n);
  for (const r of checks) {
    const g = group(key(r));
    g.checkedByStaffAccepted = Number(r.accepted);
    g.checkedByStaffNotAccepted = Number(r.not_accepted);
    dayOfStore(r);
  }

  const days: string[] = [];
  for (let ms = range.fromMs; ms < range.toMs; ms += DAY_MS) days.push(dayOf(ms));
  return {
    from: dayOf(range.fromMs),
    to: dayOf(range.toMs - DAY_MS),
    days,
    fleet: groups.get('fleet') ?? emptyCounts(),
    stores: [...stores.keys()].sort().map((name) => ({
      store: name,
      total: groups.get(`s:${name}`) ?? emptyCounts(),
      days: [...(stores.get(name) ?? [])]
        .sort((a, b) => a - b)
        .map((day) => ({ day: dayOf(day * DAY_MS), ...(groups.get(`d:${name}:${day}`) ?? emptyCounts()) })),
    })),
    allStores: storeRows.map((r) => String(r.store)),
  };
}
