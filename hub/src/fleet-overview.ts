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
