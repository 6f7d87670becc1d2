/**
 * What the fleet page's dashboard, session lists, station health and alerts read from the hub,
 * written once: the hub builds them (dashboard.ts, session-search.ts, alerts.ts) and the fleet
 * page's React app (hub/fleet/) reads them. No imports, so the browser build can take it.
 */

/**
 * How a session ended up, from its status and last error (dashboard.ts says it in SQL, once):
 * `verified`; `failed` (requires_input with a last error other than the two below); `abandoned`
 * (the customer left the flow or declined consent: Stripe's `abandoned`, `consent_declined`);
 * `canceled`; `open` (no result yet: new, in the flow, processing).
 */
export const OUTCOMES = ['verified', 'failed', 'abandoned', 'canceled', 'open'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * A check by staff without biometrics (its audit entry, `manual_checks`): never a Stripe session,
 * so never `verified` nor `started`, its own outcome in the session lists and its own counts on
 * the dashboard. Its word is the station's status (contract/session-status.ts).
 */
export const CHECKED_BY_STAFF = 'checked_by_staff';
/** What a row of a store's list can be: a session's outcome, or a check by staff. */
export const LIST_OUTCOMES = [...OUTCOMES, CHECKED_BY_STAFF] as const;
export type ListOutcome = (typeof LIST_OUTCOMES)[number];

/** One group's counts (a store's day, a store over the range, the fleet). */
export interface OutcomeCounts {
  started: number;
  verified: number;
  failed: number;
  abandoned: number;
  canceled: number;
  open: number;
  /** Median ms from creation to a result (verified or a failed check); null with none. */
  medianMs: number | null;
  /** Sessions per last error code (requires_input ones: failed and abandoned), codes with none left out. */
  reasons: Record<string, number>;
  /** Checks by staff without biometrics where the document was accepted (not sessions: not in `started`). */
  checkedByStaffAccepted: number;
  /** Checks by staff without biometrics where it was not accepted. */
  checkedByStaffNotAccepted: number;
}

/** A group with nothing counted yet (a new object each time: the hub fills its `reasons`). */
export const emptyCounts = (): OutcomeCounts => ({
  started: 0,
  verified: 0,
  failed: 0,
  abandoned: 0,
  canceled: 0,
  open: 0,
  medianMs: null,
  reasons: {},
  checkedByStaffAccepted: 0,
  checkedByStaffNotAccepted: 0,
});

/** `GET /fleet/api/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD[&store=…]`: days are UTC, both ends included. */
export interface Dashboard {
  from: string;
  to: string;
  /** Every day of the range, oldest first. */
  days: string[];
  fleet: OutcomeCounts;
  stores: Array<{
    store: string;
    total: OutcomeCounts;
    /** Days with at least one session started or check by staff, oldest first. */
    days: Array<OutcomeCounts & { day: string }>;
  }>;
  /** Every store of the fleet (stations', sessions' and checks by staff's), for the store picker. */
  allStores: string[];
}

/** The longest range the dashboard counts at once. */
export const DASHBOARD_MAX_DAYS = 366;

/** One row of a store's session list: a session, or a check by staff (outcome CHECKED_BY_STAFF). */
export interface SessionListRow {
  /** The session's id; for a check by staff, `mc_<station id>_<seq>` (its audit entry's key). */
  id: string;
  station: string | null;
  /** The session's status at Stripe; `checked_by_staff` for a check by staff. */
  status: string;
  outcome: ListOutcome;
  lastErrorCode: string | null;
  clientReferenceId: string | null;
  created: number;
  updated: number;
  /** A check by staff's: whether the document was accepted, and who checked it; null for a session. */
  checkAccepted: boolean | null;
  checkedBy: string | null;
}

/** `GET /fleet/api/stores/:store/sessions?…`: one page, newest first, and how many match. */
export interface SessionList {
  sessions: SessionListRow[];
  total: number;
  /** Give as `before` for the next page; null on the last. */
  next: string | null;
}

/** Rows per page of a session list, and the most one CSV export holds. */
export const SESSION_LIST_PAGE = 25;
export const CSV_EXPORT_MAX = 100_000;

/** The kinds of alert, written once (the hub raises them, the page words them). */
export const ALERT_KINDS = ['station_offline', 'help_unanswered', 'failure_rate'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertIncident {
  id: string;
  kind: AlertKind;
  store: string;
  stationId: string | null;
  stationName: string | null;
  openedAt: number;
  resolvedAt: number | null;
  /** station_offline: `lastSeen`; help_unanswered: `at`; failure_rate: `failed`, `results`, `percent`. */
  details: Record<string, number | string | null>;
  /** `gave_up`: every attempt failed (the incident stays on the page). */
  delivery: 'not_configured' | 'pending' | 'delivered' | 'retrying' | 'gave_up';
  attempts: number;
}

/** Alert settings as the page edits them; a null threshold turns that alert off. */
export interface AlertSettings {
  url: string | null;
  /** The signing secret the receiver checks (`whsec_…`-like); the hub makes one when none is given. */
  secret: string | null;
  offlineMinutes: number | null;
  helpMinutes: number | null;
  failureRatePercent: number | null;
  failureWindowMinutes: number;
  failureMinResults: number;
}

/** `GET /fleet/api/alerts`: open incidents, the latest resolved ones, and the settings. */
export interface AlertsView {
  open: AlertIncident[];
  recent: AlertIncident[];
  settings: AlertSettings;
}

/** What the fleet page's stream (`GET /fleet/api/stream`, SSE `event: fleet`) says changed. */
export const FLEET_TOPICS = ['stations', 'sessions', 'alerts'] as const;
export type FleetTopic = (typeof FLEET_TOPICS)[number];
