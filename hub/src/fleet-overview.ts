/**
 * What `GET /fleet/api/overview` answers, written once: the hub builds it (fleet.ts) and the
 * fleet page's React app (hub/fleet/) reads it. No imports, so the browser build can take it.
 */
export interface Overview {
  stations: Array<{
    id: string;
    name: string;
    store: string;
    kind: string;
    lastSeen: number | null;
    online: boolean;
    queued: number;
    active: number;
    revoked: boolean;
    shareStore: boolean;
    appVersion: string | null;
    /** Online since (its first sign of life after more than the online window), or null. */
    onlineSince: number | null;
    /** The station's last error (its heartbeat's): the core's error code, and when. */
    lastError: { code: string; at: number } | null;
    /** Its kiosk's calls for help no admin has acknowledged yet, oldest first (`at`: when pressed). */
    helpCalls: Array<{ id: string; at: number }>;
  }>;
  sessions: Array<{
    id: string;
    store: string;
    station: string | null;
    status: string;
    lastErrorCode: string | null;
    created: number;
    updated: number;
  }>;
  /** Stores whose list has older sessions than the first page (`GET /fleet/api/sessions` pages on). */
  storesWithMore: string[];
}

/** Sessions per store on the overview, and per page after it. */
export const SESSIONS_PAGE = 50;

/**
 * What `GET /fleet/api/sessions?store=…&before=…` answers: one store's next page, newest first.
 * `before` is the last shown session's `created` and `id` (`<created>:<id>`).
 */
export interface SessionsPage {
  sessions: Overview['sessions'];
  more: boolean;
}

/** What `POST /fleet/api/enrollment-codes` answers: the code, shown once. */
export interface CreatedCode {
  code: string;
  expiresAt: number;
}

/** Every refusal's body. */
export interface FleetError {
  error: { code: string; message: string };
}

/** The longest store or station name the admin may give (the form and the hub both hold to it). */
export const FIELD_MAX = 80;

/**
 * Every `code` a fleet API refusal carries, written once: the hub answers with them and the page
 * shows each from its catalogue in the admin's language (the hub's English message aside).
 */
export const FLEET_ERROR_CODES = [
  'admin_signin_required',
  'rate_limit',
  'csrf_invalid',
  'parameter_invalid',
  'resource_missing',
  'audit_entry_missing',
] as const;
export type FleetErrorCode = (typeof FLEET_ERROR_CODES)[number];

/** What `POST /fleet/api/stations/:id/share-store` answers. */
export interface SharedStore {
  shareStore: boolean;
}

/** What `POST /fleet/api/stations/:id/help-calls/ack` answers: how many calls were open. */
export interface AcknowledgedHelpCalls {
  acknowledged: number;
}

/** The most help calls one acknowledgement names (the overview lists at most this many per station). */
export const ACK_IDS_MAX = 100;
