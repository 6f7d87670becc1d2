/**
 * What the fleet API's policy and redaction routes answer (policy-routes.ts, redaction-routes.ts),
 * written once: the hub builds it and the fleet page reads it. Types only, and only from the
 * contract, so the browser build can take it.
 */
import type { EffectivePolicy, PolicyLayer, PolicyLevel } from '../../contract/policy.ts';

/** A policy as the page sees it: the kiosk PIN's hash stays on the hub, the page learns it is set. */
export type ShownPolicy = Omit<PolicyLayer, 'kioskPinHash'> & { kioskPinSet?: true };

/** One level's current policy: which version, who changed it and when. */
export interface PolicyLevelShown {
  level: PolicyLevel;
  /** '' for the fleet, the store's name, or the station's id. */
  target: string;
  version: number;
  policy: ShownPolicy;
  changedBy: string;
  changedAt: number;
}

/** `GET /fleet/api/policy`: every level that has a policy. */
export interface PolicyLevelsAnswer {
  levels: PolicyLevelShown[];
}

/** `GET /fleet/api/policy/history?level=…&target=…`: one level's versions, newest first. */
export interface PolicyHistoryAnswer {
  versions: PolicyLevelShown[];
}

/** `GET /fleet/api/stations/:id/policy`: what the station applies, and where each value comes from. */
export interface EffectivePolicyAnswer {
  station: { id: string; name: string; store: string };
  version: number;
  policy: ShownPolicy;
  sources: EffectivePolicy['sources'];
}

export const REDACTION_REASONS = ['policy', 'request'] as const;
export const REDACTION_RESULTS = ['pending', 'redacted', 'refused'] as const;

/** One redaction at Stripe the hub made (the policy) or was asked for (a person's request). */
export interface RedactionRow {
  sessionId: string;
  store: string;
  stationId: string;
  reason: (typeof REDACTION_REASONS)[number];
  requestedBy: string;
  requestedAt: number;
  /** When the session ended (the policy's clock starts there); null for a request. */
  endedAt: number | null;
  redactedAt: number | null;
  result: (typeof REDACTION_RESULTS)[number];
  /** Stripe's code when it refused (a session it cannot redact). */
  errorCode: string | null;
}

/** `GET /fleet/api/redactions`: the newest first. */
export interface RedactionsAnswer {
  redactions: RedactionRow[];
}
