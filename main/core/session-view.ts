/**
 * The shape of a session that the rest of the app (console, records, watcher subscribers) sees.
 * It is built from Stripe's object by dropping everything secret or personal: no `url`, no
 * `client_secret`, no `verified_outputs`, no provided details. Only ids, statuses, error codes,
 * counts and times.
 */
import type { VerificationSession } from './gateway.ts';

export type SessionStatus = 'queued' | 'requires_input' | 'processing' | 'verified' | 'canceled' | 'failed';
export type SessionType = 'document' | 'id_number';

export interface SessionView {
  /** Stripe's id; null while the creation waits in the outbox. */
  id: string | null;
  clientReferenceId: string;
  reference: string;
  type: SessionType;
  status: SessionStatus;
  redacted: boolean;
  lastErrorCode: string | null;
  lastErrorReason: string | null;
  attempts: number;
  maxAttempts: number;
  /** Milliseconds since the epoch. */
  created: number;
  updated: number;
  livemode: boolean;
}

/** Statuses after which nothing more will happen to a session without staff acting. */
export const FINAL_STATUSES: ReadonlySet<SessionStatus> = new Set(['verified', 'canceled', 'failed']);

export function isFinalStatus(status: SessionStatus): boolean {
  return FINAL_STATUSES.has(status);
}

export function toSessionView(
  session: VerificationSession,
  local: { attempts: number; maxAttempts: number; updated: number },
): SessionView {
  const reference = session.metadata?.reference;
  return {
    id: session.id,
    clientReferenceId: session.client_reference_id ?? '',
    reference: typeof reference === 'string' ? reference : '',
    type: session.type === 'id_number' ? 'id_number' : 'document',
    status: knownStatus(session.status),
    redacted: session.redaction !== null && session.redaction !== undefined,
    lastErrorCode: session.last_error?.code ?? null,
    lastErrorReason: session.last_error?.reason ?? null,
    attempts: local.attempts,
    maxAttempts: local.maxAttempts,
    created: session.created * 1000,
    updated: local.updated,
    livemode: session.livemode,
  };
}

const STRIPE_STATUSES: ReadonlySet<string> = new Set([
  'requires_input',
  'processing',
  'verified',
  'canceled',
]);

/**
 * Stripe may add statuses; an unknown one is shown as processing (not final, nothing for staff
 * to do) rather than guessed into a final state.
 */
export function knownStatus(status: string): SessionStatus {
  return STRIPE_STATUSES.has(status) ? (status as SessionStatus) : 'processing';
}
