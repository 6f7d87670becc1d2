/**
 * The simulator's in-memory records and the types shared by the store and the renderers. Records
 * keep facts (status, outcome, options); the Stripe-shaped JSON is produced from them on each
 * request by objects.ts, so a redaction only has to flip a flag.
 */
export type Outcome =
  | 'verified'
  | 'document_expired'
  | 'document_unverified_other'
  | 'document_type_not_supported'
  | 'selfie_face_mismatch'
  | 'consent_declined'
  | 'abandoned';

export const OUTCOMES: readonly Outcome[] = [
  'verified',
  'document_expired',
  'document_unverified_other',
  'document_type_not_supported',
  'selfie_face_mismatch',
  'consent_declined',
  'abandoned',
];

export type SessionStatus = 'requires_input' | 'processing' | 'verified' | 'canceled';
export type SessionType = 'document' | 'id_number';

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
  metadata: Record<string, string>;
  clientReferenceId: string | null;
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
  /** The Stripe-Version of the request that created the session, used for its events. */
  apiVersion: string;
}

export interface ReportRecord {
  id: string;
  seq: number;
  created: number;
  sessionId: string;
  clientReferenceId: string | null;
  type: SessionType;
  documentOptions: DocumentOptions;
  outcome: Outcome;
  redacted: boolean;
}

export const EVENT_TYPES = [
  'identity.verification_session.created',
  'identity.verification_session.processing',
  'identity.verification_session.verified',
  'identity.verification_session.requires_input',
  'identity.verification_session.canceled',
  'identity.verification_session.redacted',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

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
  apiVersion: string;
}
