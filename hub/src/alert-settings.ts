/**
 * The alerts' settings (one row, edited on the fleet page) and what the page shows of the
 * alerts: the open incidents, the latest resolved ones, each with its delivery's state.
 */
import type { Db } from './db.ts';
import type { AlertIncident, AlertKind, AlertSettings, AlertsView } from './dashboard-types.ts';
import { randomToken } from './secrets.ts';

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  url: null,
  secret: null,
  offlineMinutes: null,
  helpMinutes: null,
  failureRatePercent: null,
  failureWindowMinutes: 60,
  failureMinResults: 10,
};

const MINUTES_MAX = 10_080; // a week
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

/** An alert URL: https, or http to this machine (a receiver beside the hub, tests). */
export function alertUrlAllowed(text: string): boolean {
  try {
    const u = new URL(text);
    if (u.username || u.password || text.length > 2000) return false;
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.test(u.hostname));
  } catch {
    return false;
  }
}

/** The settings a page sent, checked; null when anything is off. A blank secret gets one made. */
export function parseAlertSettings(body: unknown, current: AlertSettings): AlertSettings | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const whole = (v: unknown, min: number, max: number, optional: boolean): number | null | undefined => {
    if (v === null || v === undefined || v === '') return optional ? null : undefined;
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
  const url = typeof b.url === 'string' && b.url.trim() !== '' ? b.url.trim() : null;
  if (url !== null && !alertUrlAllowed(url)) return null;
  const sentSecret = typeof b.secret === 'string' && b.secret.trim() !== '' ? b.secret.trim() : null;
  if (sentSecret !== null && (sentSecret.length < 16 || sentSecret.length > 200)) return null;
  const secret = sentSecret ?? current.secret ?? (url ? `cs_alert_${randomToken(24)}` : null);
  const offlineMinutes = whole(b.offlineMinutes, 1, MINUTES_MAX, true);
  const helpMinutes = whole(b.helpMinutes, 1, MINUTES_MAX, true);
  const failureRatePercent = whole(b.failureRatePercent, 1, 100, true);
  const failureWindowMinutes = whole(
    b.failureWindowMinutes ?? current.failureWindowMinutes,
    1,
    MINUTES_MAX,
    false,
  );
  const failureMinResults = whole(b.failureMinResults ?? current.failureMinResults, 1, 100_000, false);
  if (
    offlineMinutes === undefined ||
    helpMinutes === undefined ||
    failureRatePercent === undefined ||
    failureWindowMinutes === undefined ||
    failureWindowMinutes === null ||
    failureMinResults === undefined ||
    failureMinResults === null
  ) {
    return null;
  }
  return {
    url,
    secret,
    offlineMinutes,
    helpMinutes,
    failureRatePercent,
    failureWindowMinutes,
    failureMinResults,
  };
}

export async function readAlertSettings(db: Db): Promise<AlertSettings> {
  const [r] = await db.query('SELECT * FROM alert_settings WHERE id = 1');
  if (!r) return { ...DEFAULT_ALERT_SETTINGS };
  const n = (v: unknown) => (v === null ? null : Number(v));
  return {
    url: r.url === null ? null : String(r.url),
    secret: r.secret === null ? null : String(r.secret),
    offlineMinutes: n(r.offline_minutes),
    helpMinutes: n(r.help_minutes),
    failureRatePercent: n(r.failure_rate_percent),
    failureWindowMinutes: Number(r.failure_window_minutes),
    failureMinResults: Number(r.failure_min_results),
  };
}

export async function saveAlertSettings(db: Db, s: AlertSettings, now: number): Promise<void> {
  await db.query(
    `INSERT INTO alert_settings (id, url, secret, offline_minutes, help_minutes, failure_rate_percent,
                                 failure_window_minutes, failure_min_results, updated)
     VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET url = $1, secret = $2, offline_minutes = $3, help_minutes = $4,
       failure_rate_percent = $5, failure_window_minutes = $6, failure_min_results = $7, updated = $8`,
    [
      s.url,
      s.secret,
      s.offlineMinutes,
      s.helpMinutes,
      s.failureRatePercent,
      s.failureWindowMinutes,
      s.failureMinResults,
      now,
    ],
  );
}

const toIncident = (r: Record<string, unknown>): AlertIncident => ({
  id: String(r.id),
  kind: String(r.kind) as AlertKind,
  store: String(r.store),
  stationId: r.station_id === null ? null : String(r.station_id),
  stationName: r.station_name === null || r.station_name === undefined ? null : String(r.station_name),
  openedAt: Number(r.opened_at),
  resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  details: (r.details ?? {}) as AlertIncident['details'],
  delivery:
    r.delivered_at !== null
      ? 'delivered'
      : r.next_attempt_at === null
        ? Number(r.attempts) > 0
          ? 'gave_up'
          : 'not_configured'
        : Number(r.attempts) > 0
          ? 'retrying'
          : 'pending',
  attempts: Number(r.attempts),
});

const INCIDENTS = `SELECT i.*, st.name AS station_name FROM alert_incidents i
  LEFT JOIN stations st ON st.id = i.station_id`;

export async function alertsView(db: Db): Promise<AlertsView> {
  const open = await db.query(`${INCIDENTS} WHERE i.resolved_at IS NULL ORDER BY i.opened_at DESC LIMIT 200`);
  const recent = await db.query(
    `${INCIDENTS} WHERE i.resolved_at IS NOT NULL ORDER BY i.resolved_at DESC LIMIT 20`,
  );
  return {
    open: open.map(toIncident),
    recent: recent.map(toIncident),
    settings: await readAlertSettings(db),
  };
}
