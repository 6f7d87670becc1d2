/**
 * The statuses of a verification as the whole app speaks of them: Stripe's four, plus two local
 * ones for a creation that has not reached Stripe (`queued`) or never will (`failed`). Written
 * once here; the records, the watcher, the outbox, the console and the customer screen all
 * derive from this list and from `toSessionStatus`.
 */
export const SESSION_STATUSES = [
  'queued',
  'requires_input',
  'processing',
  'verified',
  'canceled',
  'failed',
  // A manager looked at the ID (contract/manual-check.ts): never Stripe's `verified`.
  'checked_by_staff',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** The statuses Stripe gives a VerificationSession (API 2024-04-10 and later). */
export const STRIPE_SESSION_STATUSES = ['requires_input', 'processing', 'verified', 'canceled'] as const;
export type StripeSessionStatus = (typeof STRIPE_SESSION_STATUSES)[number];

/**
 * The one mapping from a status Stripe sends to the app's. Stripe may add statuses; an unknown
 * one reads as `processing` (not final, nothing for staff to do yet) rather than being guessed
 * into a final state or into "needs the customer", so every path that meets it (watcher,
 * outbox, start-up reconciliation, cancel and redact answers) records the same thing.
 */
export function toSessionStatus(stripeStatus: string): SessionStatus {
  return (STRIPE_SESSION_STATUSES as readonly string[]).includes(stripeStatus)
    ? (stripeStatus as StripeSessionStatus)
    : 'processing';
}

/**
 * Where a verification stands, in the words a clerk needs: the status alone cannot tell a new
 * session (no try yet) from a failed check or an abandoned flow, all `requires_input`.
 * - `queued`: waiting offline to be created; `checking_creation`: interrupted, being looked up;
 * - `new`: created, not handed to the customer yet; `in_flow`: handed over, no answer yet;
 * - `failed_check`: the last try failed a check (`lastErrorCode` says which);
 * - `abandoned`: the customer left the flow or declined consent;
 * - `processing`, `verified`, `canceled`, `withdrawn` (taken out of the queue), `not_created`,
 *   `redacted`.
 */
export const SESSION_PHASES = [
  'queued',
  'checking_creation',
  'new',
  'in_flow',
  'failed_check',
  'abandoned',
  'processing',
  'verified',
  'canceled',
  'withdrawn',
  'not_created',
  'redacted',
  'checked_by_staff',
] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

/** Stripe's last_error codes for a try the customer did not finish (not a failed check). */
export const ABANDONED_CODES: ReadonlySet<string> = new Set(['abandoned', 'consent_declined']);

/** The one derivation of a session's phase (the core fills `SessionView.phase` with it). */
export function sessionPhase(s: {
  status: SessionStatus;
  lastErrorCode: string | null;
  attempts: number;
  redacted: boolean;
}): SessionPhase {
  if (s.redacted) return 'redacted';
  switch (s.status) {
    case 'queued':
      return s.lastErrorCode === 'checking' ? 'checking_creation' : 'queued';
    case 'requires_input':
      if (s.lastErrorCode === null) return s.attempts === 0 ? 'new' : 'in_flow';
      return ABANDONED_CODES.has(s.lastErrorCode) ? 'abandoned' : 'failed_check';
    case 'processing':
      return 'processing';
    case 'verified':
      return 'verified';
    case 'canceled':
      return s.lastErrorCode === 'withdrawn' ? 'withdrawn' : 'canceled';
    case 'failed':
      return 'not_created';
    case 'checked_by_staff':
      return 'checked_by_staff';
  }
}
