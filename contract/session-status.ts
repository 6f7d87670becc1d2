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
