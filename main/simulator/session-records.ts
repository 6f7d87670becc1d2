/**
 * The simulator's in-memory records and the types shared by the store and the renderers. Records
 * keep facts (status, outcome, options); the Stripe-shaped JSON is produced from them on each
 * request by objects.ts, so a redaction only has to flip a flag.
 */
import type { CheckSet, Outcome } from './failures.ts';
import type { SessionEventType } from '../../contract/session-events.ts';

export type { Outcome } from './failures.ts';
export { OUTCOMES } from './failures.ts';

export type SessionStatus = 'requires_input' | 'processing' | 'verified' | 'canceled';
/** The check a session runs; `verification_flow` sessions run a document check (see flows). */
export type SessionType = 'document' | 'id_number' | 'verification_flow';

export interface DocumentOptions {
  allowed_types?: string[];
  require_id_number?: boolean;
  require_live_capture?: boolean;
  require_matching_selfie?: boolean;
}

export interface LastError {
  code: string;
  reason: string;
}

export interface SessionRecord {
  id: string;
  seq: number;
  /** Seconds, as in Stripe's `created`. */
  created: number;
  status: SessionStatus;
  type: SessionType;
  documentOptions: DocumentOptions;
  providedDetails: { email?: string; phone?: string } | null;
  /** Email / phone one-time-code checks (options.email / options.phone), set by a verification flow. */
  contactChecks: { email: boolean; phone: boolean };
  /** The verification flow the session was created from (type `verification_flow`), else null. */
  verificationFlow: string | null;
  metadata: Record<string, string>;
  clientReferenceId: string | null;
  relatedCustomer: string | null;
  relatedCustomerAccount: string | null;
  returnUrl: string | null;
  lastError: LastError | null;
  lastReportId: string | null;
  redaction: 'processing' | 'redacted' | null;
  /** Hosted-page tokens still usable, newest last. All are revoked once one is used. */
  tokens: string[];
  /**
   * Tokens whose page someone has opened. They are never dropped to make room for new ones, so
   * an app that keeps retrieving the session cannot expire the page a customer is looking at.
   */
  openedTokens: string[];
  clientSecret: string | null;
}

/** The checks a session runs: its type and options decide which failures can happen. */
export function checksOf(
  session: Pick<SessionRecord, 'type' | 'documentOptions' | 'contactChecks'>,
): CheckSet {
  const document = session.type !== 'id_number';
  return {
    document,
    selfie: document && session.documentOptions.require_matching_selfie === true,
    idNumber: !document || session.documentOptions.require_id_number === true,
    email: session.contactChecks.email,
    phone: session.contactChecks.phone,
  };
}

export interface ReportRecord {
  id: string;
  seq: number;
  created: number;
  sessionId: string;
  clientReferenceId: string | null;
  type: SessionType;
  documentOptions: DocumentOptions;
  contactChecks: { email: boolean; phone: boolean };
  verificationFlow: string | null;
  /** The email / phone the person confirmed (the session's provided details), for those checks. */
  contact: { email: string | null; phone: string | null };
  outcome: Outcome;
  redacted: boolean;
}

/** The events the simulator records: the ones Countersign follows (the contract's list). */
export type EventType = SessionEventType;

export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

export interface EventRecord {
  id: string;
  seq: number;
  created: number;
  type: EventType;
  sessionId: string;
  /** The session as rendered when the event happened (no url, no client_secret). */
  object: Record<string, unknown>;
  request: RequestContext;
  /** Endpoints that have not yet acknowledged the event with a 2xx (its pending_webhooks). */
  pendingWebhooks: number;
}
