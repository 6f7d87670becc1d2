/**
 * What the app keeps of a Stripe VerificationSession: ids, status, error code and reason, times.
 * Built from Stripe's object by dropping everything secret or personal — no `url`, no
 * `client_secret`, no `verified_outputs`, no provided details — and by the contract's one
 * status mapping, so the watcher, the outbox, the reconciliation and the staff's own actions
 * all record the same status for the same session.
 */
import { toSessionStatus, type SessionStatus } from '../../../contract/session-status.ts';
import type { VerificationSession } from '../stripe/index.ts';

export interface SessionFacts {
  id: string;
  status: SessionStatus;
  redacted: boolean;
  lastErrorCode: string | null;
  lastErrorReason: string | null;
  /** Milliseconds since the epoch. */
  created: number;
}

export function factsOf(session: VerificationSession): SessionFacts {
  return {
    id: session.id,
    status: toSessionStatus(session.status),
    redacted: session.redaction !== null && session.redaction !== undefined,
    lastErrorCode: session.last_error?.code ?? null,
    lastErrorReason: session.last_error?.reason ?? null,
    created: session.created * 1000,
  };
}
