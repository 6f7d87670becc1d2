/**
 * The ways a verification can end, as the hosted page (and the test API) offers them: `verified`
 * or one of Stripe's 19 `last_error.code` values (VerificationSession.LastError.Code in the pinned
 * SDK's types), each tied to the check that produces it, so a session is only ever failed with a
 * code its type and options make possible.
 */
import { LAST_ERROR_CODES, type LastErrorCode } from '../../contract/last-error-codes.ts';

export { LAST_ERROR_CODES, type LastErrorCode };
export type Outcome = 'verified' | LastErrorCode;
export const OUTCOMES: readonly Outcome[] = ['verified', ...LAST_ERROR_CODES];

/**
 * Where a failure shows:
 * - `flow`: in the hosted flow itself; the session returns to requires_input at once, with no
 *   report (the person left, declined, or cannot go on from this device or country);
 * - `age`: after processing; the document checks out but the person is under the supported age.
 *   The pinned types give the document check no such code, so the report's checks pass and only
 *   the session's last_error names it;
 * - a check: after processing; that check of the report is unverified with this code as its error.
 */
export type FailureSource = 'flow' | 'age' | 'document' | 'selfie' | 'id_number' | 'email' | 'phone';

interface Failure {
  source: FailureSource;
  reason: string;
}

/**
 * Reasons: the simulator's own short descriptions of each code (Stripe documents the codes, not
 * the reason texts it sends, which may differ).
 */
export const FAILURES: Readonly<Record<LastErrorCode, Failure>> = {
  abandoned: { source: 'flow', reason: 'The user did not complete the verification flow.' },
  consent_declined: { source: 'flow', reason: 'The user declined to be verified by Stripe.' },
  country_not_supported: {
    source: 'flow',
    reason: "The user's country is not supported for this verification.",
  },
  device_not_supported: {
    source: 'flow',
    reason: "The user's device does not support the verification flow.",
  },
  document_expired: { source: 'document', reason: 'The document is expired.' },
  document_type_not_supported: {
    source: 'document',
    reason: 'The provided document type is not supported.',
  },
  document_unverified_other: { source: 'document', reason: 'The document could not be verified.' },
  email_unverified_other: { source: 'email', reason: 'The email address could not be verified.' },
  email_verification_declined: {
    source: 'email',
    reason: 'The user declined to verify the email address.',
  },
  id_number_insufficient_document_data: {
    source: 'id_number',
    reason: 'The document does not contain enough data to check the ID number.',
  },
  id_number_mismatch: {
    source: 'id_number',
    reason: 'The ID number does not match the name and date of birth.',
  },
  id_number_unverified_other: { source: 'id_number', reason: 'The ID number could not be verified.' },
  phone_unverified_other: { source: 'phone', reason: 'The phone number could not be verified.' },
  phone_verification_declined: {
    source: 'phone',
    reason: 'The user declined to verify the phone number.',
  },
  selfie_document_missing_photo: {
    source: 'selfie',
    reason: 'The document does not contain a photo of a face.',
  },
  selfie_face_mismatch: {
    source: 'selfie',
    reason: 'The selfie does not match the photo on the document.',
  },
  selfie_manipulated: { source: 'selfie', reason: 'The selfie was manipulated.' },
  selfie_unverified_other: { source: 'selfie', reason: 'The selfie could not be verified.' },
  under_supported_age: { source: 'age', reason: 'The user is under the supported age.' },
};

/** The checks a session runs, from its type and options. */
export interface CheckSet {
  document: boolean;
  selfie: boolean;
  idNumber: boolean;
  email: boolean;
  phone: boolean;
}

/** Whether a session running `checks` can end with `outcome`. */
export function outcomeFits(outcome: Outcome, checks: CheckSet): boolean {
  if (outcome === 'verified') return true;
  const source = FAILURES[outcome].source;
  switch (source) {
    case 'flow':
      return true;
    case 'age':
    case 'document':
      return checks.document;
    case 'selfie':
      return checks.selfie;
    case 'id_number':
      return checks.idNumber;
    case 'email':
      return checks.email;
    case 'phone':
      return checks.phone;
  }
}

export function outcomesFor(checks: CheckSet): Outcome[] {
  return OUTCOMES.filter((o) => outcomeFits(o, checks));
}

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}
